"""What the OCR engine almost read: per-character alternatives from the recogniser's CTC output.

RapidOCR's recogniser (PP-OCR, a CTC model) emits, for every horizontal time step of a text
line, a probability for each of its ~6,600 characters and for *blank*. Its own decoder keeps
only the best class per step (greedy CTC) and the mean confidence of the line; what it
almost read is thrown away. That is the strongest evidence a corrector can have: when the
engine read 估比 with 估 at 0.48 and 占 at 0.41, the choice is between two characters, not
among the ~30 look-alikes of a confusion set — and a clean, confidently read character is
never a candidate at all, which is what keeps repair from harming clean text.

This module re-runs the recogniser's forward pass (the same ONNX session, the same resizing
and normalisation as ``rapidocr.ch_ppocr_rec``) and decodes the output itself, keeping:

* ``substitutions``: for each emitted character whose best probability is below
  ``keep_below``, the other classes that reached ``min_alt`` at any step of its run;
* ``insertions``: characters the engine nearly emitted between two others — steps where
  *blank* won but a character reached ``min_alt``. These are the dropped commas and the
  dropped I of "AI" that no confusion set or lexicon can restore.

Written by hand because rapidocr has no API for it (its ``CTCLabelDecode`` keeps the arg-max
only); the greedy decode here reproduces rapidocr's text exactly (tested), so the
alternatives index straight into the text the PDF stage emits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KEEP_BELOW = 0.97  # an emitted character read at or above this keeps no alternatives
MIN_ALT = 0.02  # the least probability an alternative (or a dropped character) must reach
# A space between two Latin characters is kept from a far fainter signal: where no space was
# printed the space class stays below 0.001 in the gap, where one was printed but the
# recogniser dropped it (iPhone 17 → iPhone17) it reaches 0.006–0.09.
SPACE_MIN_ALT = 0.003


@dataclass
class OcrChoice:
    """At ``offset`` in the line's text: the engine read ``read`` (``""`` for a gap between two
    characters) with probability ``p_read``; ``alternatives`` are ``(text, probability)``."""

    offset: int
    read: str
    p_read: float
    alternatives: list[tuple[str, float]]


@dataclass
class OcrLine:
    text: str
    score: float
    choices: list[OcrChoice] = field(default_factory=list)


def _softmax_if_needed(preds: Any) -> Any:
    import numpy as np

    s = preds.sum(axis=-1)
    if np.allclose(s, 1.0, atol=1e-3):
        return preds
    e = np.exp(preds - preds.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def decode_line(
    probs: Any, charset: list[str], keep_below: float = KEEP_BELOW, min_alt: float = MIN_ALT, top_k: int = 4
) -> OcrLine:
    """Greedy CTC decode of one line (``probs``: time steps × classes, class 0 = blank) with
    the alternatives described in the module docstring."""
    import numpy as np

    idx = probs.argmax(axis=1)
    best = probs.max(axis=1)
    n_t = len(idx)
    text: list[str] = []
    confs: list[float] = []
    choices: list[OcrChoice] = []
    gap_start = 0  # first blank step since the last emitted character
    t = 0
    while t < n_t:
        c = int(idx[t])
        if c == 0:
            t += 1
            continue
        # the gap before this run: blank steps where a character almost won
        if t > gap_start:
            choices.extend(_gap_choice(probs[gap_start:t], charset, len(text), min_alt, top_k, text, charset[c]))
        run_end = t
        while run_end + 1 < n_t and int(idx[run_end + 1]) == c:
            run_end += 1
        p = float(best[t : run_end + 1].max())
        text.append(charset[c])
        confs.append(float(best[t]))  # rapidocr's mean uses the run's first step
        if p < keep_below:
            seg = probs[t : run_end + 1, 1:].max(axis=0)  # the best each class reached in the run
            seg[c - 1] = 0.0
            order = np.argsort(-seg)[:top_k]
            alts = [(charset[k + 1], round(float(seg[k]), 4)) for k in order if seg[k] >= min_alt]
            blank = float(probs[t : run_end + 1, 0].max())
            if blank >= min_alt and blank > p / 4:
                alts.append(("", round(blank, 4)))  # the engine half-saw nothing here
            if alts:
                choices.append(OcrChoice(len(text) - 1, charset[c], round(p, 4), alts))
        t = run_end + 1
        gap_start = t
    if text and gap_start < n_t:  # after the last character: a mark at the line's end
        choices.extend(_gap_choice(probs[gap_start:n_t], charset, len(text), min_alt, top_k, text))
    text_s = "".join(text)
    score = float(np.mean(confs).round(5)) if confs else 0.0
    return OcrLine(text_s, score, choices)


def _gap_choice(
    gap: Any, charset: list[str], offset: int, min_alt: float, top_k: int, text: list[str], right: str = ""
):
    import numpy as np

    seg = gap[:, 1:].max(axis=0)
    order = np.argsort(-seg)[:top_k]
    alts = []
    for k in order:
        p = float(seg[k])
        if p < min_alt:
            break
        alts.append((charset[k + 1], round(p, 4)))
    if text and _latin(text[-1]) and _latin(right) and " " in charset and all(a != " " for a, _ in alts):
        p = float(seg[charset.index(" ") - 1])
        if p >= SPACE_MIN_ALT:
            alts.append((" ", round(p, 4)))
    if alts:
        yield OcrChoice(offset, "", round(float(gap[:, 0].min()), 4), alts)


def _latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


class Recognizer:
    """The recogniser of a ``rapidocr.RapidOCR`` engine, decoded with alternatives."""

    def __init__(self, engine: Any, keep_below: float = KEEP_BELOW, min_alt: float = MIN_ALT) -> None:
        rec = engine._load_rec_model() if hasattr(engine, "_load_rec_model") else engine.text_rec
        self.rec = rec
        self.charset = list(rec.postprocess_op.character)
        self.keep_below = keep_below
        self.min_alt = min_alt

    def __call__(self, images: list[Any]) -> list[OcrLine]:
        import numpy as np

        if not images:
            return []
        _, img_h, img_w = self.rec.rec_image_shape[:3]
        ratios = [im.shape[1] / float(im.shape[0]) for im in images]
        order = np.argsort(np.array(ratios))  # rapidocr's batching, so the padding is the same
        batch = int(getattr(self.rec, "rec_batch_num", 6))
        out: list[OcrLine | None] = [None] * len(images)
        for b in range(0, len(images), batch):
            ids = order[b : b + batch]
            max_ratio = max([img_w / img_h] + [ratios[i] for i in ids])
            x = np.concatenate([self.rec.resize_norm_img(images[i], max_ratio)[np.newaxis] for i in ids])
            preds = _softmax_if_needed(np.asarray(self.rec.session(x.astype(np.float32))))
            for row, i in enumerate(ids):
                out[i] = decode_line(preds[row], self.charset, self.keep_below, self.min_alt)
        return [o for o in out if o is not None]
