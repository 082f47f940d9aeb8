"""Optional neural translation of free-text sentences (off by default).

No zh→en model ships with yanbao and none is downloaded: a user who has one on disk (a
MarianMT or T5-style seq2seq checkpoint saved with ``save_pretrained``) points
``[stages.summary] model_path`` at it and sets ``neural = true``. The summary then adds an
"Analyst commentary (machine-translated)" section for the analyst's own sentences that no
curated phrase covers. Each translated line goes through the faithfulness check on its own
and is dropped if it names a number or a name the document does not support.

Needs the ``neural`` extra (``pip install 'yanbao[neural]'``: torch, transformers);
imported only when used.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


class NeuralTranslator:
    """A local seq2seq model: ``translate(["…"]) -> ["…"]`` (greedy, CPU)."""

    def __init__(self, model_path: str | Path, *, max_new_tokens: int = 96) -> None:
        path = Path(model_path)
        if not path.is_dir():
            raise FileNotFoundError(f"translation model folder not found: {path} (set [stages.summary] model_path)")
        try:
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as exc:  # the optional extra is not installed
            raise RuntimeError("neural translation needs the 'neural' extra: pip install 'yanbao[neural]'") from exc
        self.tokenizer = AutoTokenizer.from_pretrained(str(path))
        self.model = AutoModelForSeq2SeqLM.from_pretrained(str(path))
        self.model.eval()
        self.max_new_tokens = max_new_tokens

    def translate(self, texts: list[str]) -> list[str]:
        if not texts:
            return []
        import torch

        batch = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=True, max_length=256)
        with torch.no_grad():
            out = self.model.generate(**batch, max_new_tokens=self.max_new_tokens, num_beams=1, do_sample=False)
        return [t.strip() for t in self.tokenizer.batch_decode(out, skip_special_tokens=True)]


@lru_cache(maxsize=2)
def load_translator(model_path: str) -> NeuralTranslator:
    return NeuralTranslator(model_path)
