"""OCR repair: garbled characters, duplicated clauses, broken table numbers, misspelled
English labels, spurious spaces — and flags for what cannot be repaired.

Assigns ``text.normalized`` (through ``doc.rewrite``) and ``edits``. Runs after ``tables``
and before ``script``: OCR confusions live in the glyph space of the source script.

Evidence, strongest first (each helper lives in ``pipeline/repair/``):

0. the OCR engine's own      (``ocr_choices``)  歷 read at 0.45, 壓 at 0.30 in 折舊歷力 → 壓力; a comma
   alternatives (scans)                          it half-saw; numbers it was split on flagged
1. duplicate reconciliation   (``duplicates``)   a clause printed twice → one copy
2. document consistency       (``consistency``)  小朱集團 once, 小米集團 six times
3. lexicon + LM               (``characters``)   四干元 → 四千元; optional masked LM
4. whitespace                 (``whitespace``)   毛利 率 → 毛利率 (joined by normalize, logged)
   punctuation                (``punctuation``)  毛利率惡化·原因在於 → 惡化，原因在於; 《…通知） → 》;
                                                 2007HK → 2007.HK where the document writes 0700.HK
5. table numbers              (``table_numbers``) 44.700 → 44,700 when an identity agrees
6. English labels             (``english``)      Effctive → Effective, Revenu → Revenue
7. junk and truncation        (``flags``)        flagged ``unrepaired``, never invented

Every proposal becomes an :class:`~pipeline.document.Edit`; those with ``confidence ≥
min_confidence`` are applied. A weaker proposal that overlaps a stronger one is dropped.
"""

from __future__ import annotations

import bisect
import logging

from pipeline.document import Document, Edit
from pipeline.offsets import Change
from pipeline.registry import StageOptions, register_stage

log = logging.getLogger("yanbao.repair")


class RepairOptions(StageOptions):
    min_confidence: float = 0.8  # apply proposals at or above this confidence
    duplicates: bool = True
    ocr_choices: bool = True  # the OCR engine's own alternatives (doc.ocr_choices), judged in context
    ocr_choice_min_score: float = 6.0  # LM gain + OCR log-odds (+ document support) a Han alternative needs
    consistency: bool = True
    characters: bool = True
    phonetic: bool = True  # pinyin confusions as candidates (besides visual ones)
    whitespace: bool = True
    punctuation: bool = True  # a middle dot read for a comma, unpaired brackets, a ticker's lost dot
    table_numbers: bool = True
    english: bool = True
    junk: bool = True  # stroke junk removal and garbled-span flags
    truncation: bool = True
    masked_lm_path: str | None = None  # local transformers checkpoint; None = off
    masked_lm_min_ratio: float = 20.0
    characters_min_gain: float = 10.5  # score (LM gain + glyph prior + document support) a replacement needs
    consistency_min_count: int = 3  # occurrences of the frequent variant


@register_stage("repair", requires={"text.normalized"}, assigns={"text.normalized", "edits"}, options=RepairOptions)
class Repair:
    """OCR repair of text.normalized with every change and flag recorded in edits."""

    def __init__(self, options: RepairOptions | None = None) -> None:
        self.options = options or RepairOptions()
        self._mlm = None

    def __call__(self, doc: Document) -> Document:
        from pipeline.chinese_script import detect_script
        from pipeline.repair import Proposal
        from pipeline.repair import characters as characters_mod
        from pipeline.repair import consistency as consistency_mod
        from pipeline.repair import duplicates as duplicates_mod
        from pipeline.repair import english as english_mod
        from pipeline.repair import flags as flags_mod
        from pipeline.repair import headers as headers_mod
        from pipeline.repair import lists as lists_mod
        from pipeline.repair import names as names_mod
        from pipeline.repair import punctuation as punct_mod
        from pipeline.repair import table_numbers as table_mod
        from pipeline.repair import units as units_mod
        from pipeline.repair import whitespace as ws_mod
        from pipeline.repair.lexicon import get_lexicon

        o = self.options
        text = doc.text.normalized
        if not text.strip():
            return doc
        lex = get_lexicon()
        script = doc.meta.script or detect_script(text)
        accepted: list[Proposal] = []  # applied (or pre-applied) proposals, claim their span
        recorded: list[Proposal] = []  # everything, for the edits layer
        claimed: list[tuple[int, int]] = []  # sorted spans owned by accepted proposals
        flagged: list[tuple[int, int]] = []  # spans flagged unrepaired: no evidence touches them
        substituted: set[int] = set()  # positions of accepted one-character substitutions
        # strings no lexicon or LM can judge, which the text itself marks as meant: positions
        # where substitutions of the given kinds are not applied, and why
        guards = [
            (_NAME_GUARDED, names_mod.staff_names(text), "a person named after a staff label (分析师：)"),
            (_NAME_GUARDED, names_mod.glossed_terms(text), "a term glossed in Latin letters right after it"),
            (_NAME_GUARDED, characters_mod.paired_phrases(text), "a phrase pairing two quantities (量增价稳)"),
            (_WORDS_ONLY, names_mod.person_names(lex, text), "a person's name (after a title, before 表示 or 先生)"),
        ]

        def is_claimed(s: int, e: int | None = None) -> bool:
            """Does [s, e) overlap an accepted proposal? An insertion (s == e) conflicts with
            a span it touches, so 'A' → 'AI' and an 'I' inserted after 'A' never both apply."""
            e = s + 1 if e is None else e
            k = bisect.bisect_right(claimed, (s, 10**18)) - 1
            for j in (k - 1, k, k + 1):
                if 0 <= j < len(claimed):
                    a, b = claimed[j]
                    if a < e and s < b:
                        return True
                    if a == b and s <= a <= e:  # an accepted insertion at or inside [s, e]
                        return True
                    if s == e and a <= s <= b:  # this insertion touches an accepted span
                        return True
            return False

        def take(props: list[Proposal]) -> None:
            for p in sorted(props, key=lambda p: (-p.confidence, p.start)):
                recorded.append(p)
                if p.flag:
                    flagged.append((p.start, p.end))
                    continue
                if p.preapplied or p.confidence >= o.min_confidence:
                    if is_claimed(p.start, p.end):
                        p.extra["dropped"] = "overlaps stronger evidence"
                        continue
                    guard = next((why for kinds, at, why in guards if p.kind in kinds and p.start in at), None)
                    if guard and p.end - p.start == 1:
                        p.extra["dropped"] = guard
                        continue
                    if p.kind in _CONTEXT_JUDGED and (p.start - 1 in substituted or p.end in substituted):
                        # judged by the words it forms with its neighbours, and a neighbour was
                        # just repaired on stronger evidence (侵触 → 侵蝕 leaves 侵 alone)
                        p.extra["dropped"] = "a neighbouring character was repaired on stronger evidence"
                        continue
                    accepted.append(p)
                    bisect.insort(claimed, (p.start, p.end))
                    if p.end - p.start == 1 and len(p.replacement) == 1 and not p.preapplied:
                        substituted.add(p.start)

        def skip(pos: int) -> bool:
            return is_claimed(pos) or any(a <= pos < b for a, b in flagged)

        # 4 (logged first: normalize already applied these joins)
        joins: list[tuple[int, int]] = []
        if o.whitespace:
            logged = ws_mod.logged_joins(lex, doc)
            recorded.extend(logged)
            accepted.extend(logged)  # normalize applied them; they claim nothing
            joins = [(p.start, p.end) for p in logged if p.confidence < 0.9]
            take(ws_mod.remaining_spaces(lex, text))
        if o.duplicates:
            take(duplicates_mod.propose(lex, text))
        if o.table_numbers:
            take(table_mod.propose(text))
        if o.consistency:
            take(names_mod.ticker_names(lex, text, skip=skip, script=script))
            take(units_mod.price_units(lex, text, skip=skip))
        if o.ocr_choices and doc.ocr_choices:
            from pipeline.repair import ocr_choices as choices_mod

            take(choices_mod.propose(lex, doc, text, script=script, skip=skip, min_score=o.ocr_choice_min_score))
        if o.punctuation:
            take(punct_mod.propose(lex, text, skip=skip, engine_marks=punct_mod.engine_marks(doc, text)))
            take(punct_mod.brackets(text, skip=skip))
            take(punct_mod.ticker_dots(text, skip=skip))
            take(punct_mod.quoted_dashes(text, skip=skip, lex=lex))
            take(punct_mod.opening_quotes(text, skip=skip))
            take(punct_mod.closing_quotes(text, skip=skip))
            take(punct_mod.stops_as_zero(text, skip=skip))
            take(punct_mod.latin_enumeration(text, skip=skip))
            take(lists_mod.item_ends(text, skip=skip, doc=doc))
            take(lists_mod.dash_bullets(lex, text, skip=skip))
            take(lists_mod.label_spaces(text, skip=skip))
            take(headers_mod.missing_bars(text, skip=skip, doc=doc))
            take(headers_mod.dot_separators(text, skip=skip))
        if o.junk:
            take(flags_mod.stroke_junk(text))
            if joins:
                take(flags_mod.garbled(lex, text, joins))
        if o.consistency:
            take(ws_mod.printed_spaced(lex, text, skip=skip, doc=doc))
            take(
                consistency_mod.propose(
                    lex, text, script=script, skip=skip, min_count=o.consistency_min_count, phonetic=o.phonetic
                )
            )
        if o.characters:
            take(
                characters_mod.propose(
                    lex,
                    text,
                    script=script,
                    skip=skip,
                    min_gain=o.characters_min_gain,
                    phonetic=o.phonetic,
                    low_conf_positions=_low_confidence_positions(doc),
                )
            )
        if o.masked_lm_path:
            from pipeline.repair import masked_lm as mlm_mod

            if self._mlm is None:
                self._mlm = mlm_mod.MaskedLM(o.masked_lm_path)
            take(mlm_mod.propose(self._mlm, lex, text, script=script, skip=skip, min_ratio=o.masked_lm_min_ratio))
        if o.english:
            props = (
                english_mod.propose(lex, text, skip=skip)
                + english_mod.dropped_letters(text, skip=skip, lex_words=lex.is_word)
                + english_mod.lookalike_glyphs(lex, text, skip=skip)
            )
            for p in props:  # words in table lines: doc.tables holds copies of them
                ls = text.rfind("\n", 0, p.start) + 1
                le = text.find("\n", p.start)
                if "\t" in text[ls : le if le >= 0 else len(text)]:
                    p.table_cell = {"kind": "word", "old": text[p.start : p.end], "new": p.replacement}
            take(props)
        if o.truncation:
            take(flags_mod.truncations(text))

        self._apply(doc, accepted, recorded)
        return doc

    # -- applying and recording ----------------------------------------------------------
    def _apply(self, doc: Document, accepted, recorded) -> None:
        text = doc.text.normalized
        orig = doc.text.original
        mp = doc.offsets
        real = sorted((p for p in accepted if not p.preapplied), key=lambda p: (p.start, p.end))
        changes = [Change(p.start, p.end, p.replacement) for p in real]
        spans = {}
        for p in recorded:
            os_, oe = mp.to_orig(p.start, p.end)
            spans[id(p)] = (os_, oe)
        # new positions after the rewrite
        shift_at: list[tuple[int, int]] = []  # (old end, cumulative shift after it)
        shift = 0
        new_pos = {}
        for p in real:
            new_pos[id(p)] = (p.start + shift, p.start + shift + len(p.replacement))
            shift += len(p.replacement) - (p.end - p.start)
            shift_at.append((p.end, shift))
        ends = [e for e, _ in shift_at]

        def move(x: int) -> int:
            k = bisect.bisect_right(ends, x) - 1
            return x + (shift_at[k][1] if k >= 0 else 0)

        accepted_ids = {id(p) for p in accepted}
        edits: list[Edit] = []
        for p in recorded:
            os_, oe = spans[id(p)]
            applied = id(p) in accepted_ids
            if p.preapplied:
                s, e = move(p.start), move(p.start) + (p.end - p.start)
                after = text[p.start : p.end]
            elif applied:
                s, e = new_pos[id(p)]
                after = p.replacement
            elif p.flag:
                s, e = move(p.start), move(p.start) + (p.end - p.start)
                after = orig[os_:oe]
            else:
                s = e = None
                after = p.replacement
            reason = p.reason
            if not applied and not p.flag and "dropped" in p.extra:
                reason += f" [not applied: {p.extra['dropped']}]"
            elif not applied and not p.flag:
                reason += f" [not applied: confidence below {self.options.min_confidence}]"
            edits.append(
                Edit(
                    orig_start=os_,
                    orig_end=oe,
                    before=orig[os_:oe],
                    after=after,
                    kind=p.kind,
                    confidence=float(p.confidence),
                    reason=reason,
                    applied=applied,
                    start=s,
                    end=e,
                )
            )
        doc.rewrite(changes)
        # table cells follow the text
        for p in real:
            if p.table_cell:
                _update_table_cell(doc, p.table_cell, repaired=True)
        for p in recorded:
            if p.flag and p.table_cell:
                _update_table_cell(doc, p.table_cell, repaired=False)
        edits.sort(key=lambda e: (e.orig_start, e.orig_end))
        doc.edits.extend(edits)
        if doc.offsets.orig_len != len(orig):  # pragma: no cover - defensive
            log.warning("offset map length mismatch after repair")


def _update_table_cell(doc: Document, ref: dict, *, repaired: bool) -> None:
    if ref.get("kind") == "word":
        if repaired:
            _update_table_word(doc, ref["old"], ref["new"])
        return
    for table in doc.tables:
        for row in table.rows:
            if row.label.strip() != ref["row"]:
                continue
            for cell in row.cells:
                if cell.text.strip() == ref["old"]:
                    if repaired:
                        cell.text = ref["text"]
                        cell.value = ref["value"]
                        cell.flags = [f for f in cell.flags if f != "suspect_separator"] + ["repaired"]
                    elif "unrepaired" not in cell.flags:
                        cell.flags.append("unrepaired")
                    return


def _update_table_word(doc: Document, old: str, new: str) -> None:
    import re

    pat = re.compile(rf"(?<![A-Za-z]){re.escape(old)}(?![A-Za-z])")
    for table in doc.tables:
        table.columns = [pat.sub(new, c) for c in table.columns]
        if table.title:
            table.title = pat.sub(new, table.title)
        for row in table.rows:
            row.label = pat.sub(new, row.label)
            if row.section:
                row.section = pat.sub(new, row.section)
            for cell in row.cells:
                cell.text = pat.sub(new, cell.text)


# proposals scored by the words a character forms with its neighbours in the unrepaired text
_CONTEXT_JUDGED = {"character", "consistency"}
_NAME_GUARDED = {"character", "consistency"}  # Han substitutions judged by words alone
# ... by words alone and not by the document's other spellings: a person's name in running
# text is guarded from these (consistency may still restore a name printed right elsewhere)
_WORDS_ONLY = {"character"}


def _low_confidence_positions(doc: Document, threshold: float = 0.8) -> set[int]:
    out: set[int] = set()
    for b in doc.blocks:
        if b.ocr and b.confidence is not None and b.confidence < threshold and b.orig_start is not None:
            s, e = doc.offsets.to_norm(b.orig_start, b.orig_end or b.orig_start)
            out.update(range(s, e))
    return out
