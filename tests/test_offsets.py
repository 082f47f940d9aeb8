"""Property tests of the offset map: composition, reverse lookup, serialisation."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.document import Document
from pipeline.offsets import Change, OffsetMap, apply_changes

ALPHABET = "阿里巴巴雲雪 ab1.\n\t，。"


@st.composite
def texts_and_changes(draw):
    text = draw(st.text(alphabet=ALPHABET, min_size=0, max_size=40))
    rounds = []
    cur_len = len(text)
    for _ in range(draw(st.integers(0, 4))):
        cuts = sorted(draw(st.lists(st.integers(0, cur_len), max_size=8)))
        changes, pos = [], 0
        for a, b in zip(cuts[::2], cuts[1::2], strict=False):
            if a < pos:
                continue
            rep = draw(st.text(alphabet="XYZ", max_size=3))
            changes.append(Change(a, b, rep))
            pos = b
        rounds.append(changes)
        cur_len += sum(len(c.replacement) - (c.end - c.start) for c in changes)
    return text, rounds


def _provenance(text: str, rounds) -> tuple[str, list[tuple[int, int]]]:
    """Reference model: carry each character's original span through every round."""
    spans = [(i, i + 1) for i in range(len(text))]
    cur = text
    for changes in rounds:
        new_spans: list[tuple[int, int]] = []
        pieces: list[str] = []
        pos = 0
        for c in changes:
            pieces.append(cur[pos : c.start])
            new_spans.extend(spans[pos : c.start])
            if c.start < c.end:
                o = (spans[c.start][0], spans[c.end - 1][1])
            elif c.start < len(spans):
                lo = spans[c.start][0]
                o = (lo, max(spans[c.start - 1][1], lo) if c.start > 0 else lo)
            else:
                o = (spans[-1][1],) * 2 if spans else (len(text), len(text))
            if len(c.replacement) == c.end - c.start:
                new_spans.extend(spans[c.start : c.end])
            else:
                new_spans.extend([o] * len(c.replacement))
            pieces.append(c.replacement)
            pos = c.end
        pieces.append(cur[pos:])
        new_spans.extend(spans[pos:])
        cur, spans = "".join(pieces), new_spans
    return cur, spans


def _rewritten(text: str, rounds) -> Document:
    """A document of ``text`` after applying each round of changes in turn."""
    doc = Document.from_text(text)
    for changes in rounds:
        doc.rewrite(changes)
    return doc


@settings(max_examples=300, deadline=None)
@given(texts_and_changes())
def test_composed_map_matches_reference(data):
    text, rounds = data
    doc = _rewritten(text, rounds)
    expected_text, expected_spans = _provenance(text, rounds)
    assert doc.text.normalized == expected_text
    assert list(zip(doc.offsets.starts, doc.offsets.ends, strict=True)) == expected_spans
    doc.offsets.check()


@settings(max_examples=300, deadline=None)
@given(texts_and_changes(), st.data())
def test_span_round_trip_is_exact(data, draw):
    text, rounds = data
    doc = _rewritten(text, rounds)
    n = len(doc.text.normalized)
    s = draw.draw(st.integers(0, n))
    e = draw.draw(st.integers(s, n))
    os_, oe = doc.offsets.to_orig(s, e)
    assert 0 <= os_ <= oe <= len(text)
    m = doc.offsets
    # Every character of the span comes from inside the original span …
    for i in range(s, e):
        assert os_ <= m.starts[i] and m.ends[i] <= oe
    # … and no character outside it does, except members of a group the span cuts.
    inside = {(m.starts[i], m.ends[i]) for i in range(s, e)}
    # (An empty span is a point; inside a group replacement it falls within the group's span.)
    for i in list(range(0, s)) + list(range(e, n)) if s < e else []:
        a, b = m.starts[i], m.ends[i]
        if a < b and a < oe and b > os_:
            # Only a character of a group that the span cuts (or that a later change
            # re-grouped) may share original characters with the span: it must share
            # them with a character inside the span, never bring in characters of its own.
            assert any(a < y and x < b for x, y in inside if x < y)
    # Mapping back never loses the span.
    # Mapping back recovers every character that has an original (insertions have none).
    ns, ne = m.to_norm(os_, oe)
    for i in range(s, e):
        if m.starts[i] < m.ends[i]:
            assert ns <= i < ne


@settings(max_examples=300, deadline=None)
@given(texts_and_changes())
def test_runs_round_trip(data):
    text, rounds = data
    doc = _rewritten(text, rounds)
    runs = doc.offsets.to_runs()
    again = OffsetMap.from_runs(runs, len(doc.text.normalized), len(text))
    assert again == doc.offsets


def test_deleted_span_maps_to_empty_point():
    doc = Document.from_text("起 點")
    doc.rewrite([Change(1, 2, "")])
    assert doc.text.normalized == "起點"
    assert doc.offsets.to_orig(0, 2) == (0, 3)
    assert doc.offsets.to_orig(1, 2) == (2, 3)
    assert doc.offsets.to_norm(1, 2) == (1, 1)  # the deleted space sits between the two


def test_group_replacement_maps_whole_span():
    text, s, e = apply_changes("163.509", [Change(3, 4, ",")])
    assert text == "163,509" and s[3] == 3 and e[3] == 4
    doc = Document.from_text("AI 雪。")
    doc.rewrite([Change(2, 4, "雲")])
    assert doc.text.normalized == "AI雲。"
    assert doc.offsets.to_orig(2, 3) == (2, 4)


def test_identity_lookup_is_logarithmic_shape():
    m = OffsetMap(array("q", [0, 2, 2, 5]), array("q", [1, 4, 4, 6]), 6)
    m.check()
    assert m.to_norm(2, 4) == (1, 3)
    assert m.to_norm(4, 5) == (3, 3)  # original chars 4 were deleted
    assert m.point_to_orig(4) == 6
