"""Optional masked-LM corrector (``masked_lm_path``; off by default).

Loads a local ``transformers`` masked-LM checkpoint (a Chinese BERT/RoBERTa with a
character vocabulary) — never from a model hub: ``local_files_only=True``. For every Han
character that is not covered by a lexicon word and has confusion candidates in the model's
vocabulary, the position is masked and the candidate's probability compared with the
printed character's; a candidate that is ``min_ratio`` times as likely *and* makes a
lexicon word is proposed (kind ``masked_lm``).

``torch`` and ``transformers`` are the optional extra ``yanbao[neural]``.
"""

from __future__ import annotations

import math
import re

from pipeline.repair import Proposal
from pipeline.repair.characters import NUMERALS, candidates, is_protected
from pipeline.repair.lexicon import Lexicon

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class MaskedLM:
    def __init__(self, path: str, *, device: str = "cpu") -> None:
        try:
            import torch  # noqa: F401
            from transformers import AutoModelForMaskedLM, AutoTokenizer
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise RuntimeError("masked_lm_path needs the optional extra: pip install 'yanbao[neural]'") from exc
        self.tok = AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.model = AutoModelForMaskedLM.from_pretrained(path, local_files_only=True).to(device).eval()
        self.device = device
        self.vocab = self.tok.get_vocab()

    def char_logprobs(self, text: str, pos: int, chars: list[str], window: int = 32) -> dict[str, float]:
        """Log-probabilities of ``chars`` at ``text[pos]`` with that position masked."""
        import torch

        a, b = max(0, pos - window), min(len(text), pos + window + 1)
        ctx = list(text[a:b])
        k = pos - a
        ctx[k] = self.tok.mask_token
        ids = (
            [self.tok.cls_token_id] + [self.vocab.get(c, self.tok.unk_token_id) for c in ctx] + [self.tok.sep_token_id]
        )
        ids[k + 1] = self.tok.mask_token_id
        with torch.no_grad():
            logits = self.model(input_ids=torch.tensor([ids], device=self.device)).logits[0, k + 1]
        lp = torch.log_softmax(logits, dim=-1)
        return {c: float(lp[self.vocab[c]]) for c in chars if c in self.vocab}


def propose(
    mlm: MaskedLM,
    lex: Lexicon,
    text: str,
    *,
    script: str | None,
    skip,
    min_ratio: float = 20.0,
    max_positions: int = 2000,
) -> list[Proposal]:
    out: list[Proposal] = []
    n = 0
    for m in _HAN.finditer(text):
        p, ch = m.start(), m.group()
        if ch in NUMERALS or skip(p) or is_protected(lex, text, p):
            continue
        cands = [c for c, _, _ in candidates(lex, ch, script)]
        if not cands or ch not in mlm.vocab:
            continue
        n += 1
        if n > max_positions:
            break
        lps = mlm.char_logprobs(text, p, [ch] + cands)
        if ch not in lps:
            continue
        best = max((c for c in cands if c in lps), key=lambda c: lps[c], default=None)
        if best is None:
            continue
        ratio = lps[best] - lps[ch]
        if ratio < math.log(min_ratio):
            continue
        lo = max(0, p - 4)
        w2 = text[lo:p] + best + text[p + 1 : p + 5]
        if not lex.covering_words(w2, p - lo):
            continue
        conf = min(0.9, 0.6 + ratio / 30)
        out.append(
            Proposal(
                p,
                p + 1,
                best,
                "masked_lm",
                round(conf, 3),
                f"masked LM: '{best}' is e^{ratio:.1f} times as likely as '{ch}' here",
            )
        )
    return out
