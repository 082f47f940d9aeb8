"""Traditional/Simplified conversion and script detection behind one small adapter.

The converter is the official ``opencc`` wheel (OpenCC 1.x C++ library). We measured it
against ``opencc-python-reimplemented`` on OpenCC's own test cases: see
``benchmarks/opencc_choice.py`` and the README. Both install a module named ``opencc``;
this module is the only place that imports it, so switching means editing one function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

# Targets a user can ask for → (config for Traditional input, config for Simplified input).
TARGETS: dict[str, tuple[str | None, str | None]] = {
    "keep": (None, None),
    "zh-Hans": ("t2s", None),
    "zh-Hant": (None, "s2t"),
    "zh-HK": ("t2hk", "s2hk"),
    "zh-TW": ("t2tw", "s2tw"),
}

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@cache
def converter(config: str):  # -> opencc.OpenCC
    """A cached OpenCC converter for a config name such as ``t2s`` or ``s2hk``."""
    import opencc

    return opencc.OpenCC(config if config.endswith(".json") else f"{config}.json")


def convert(text: str, config: str) -> str:
    """Convert ``text`` with OpenCC config ``config`` (``t2s``, ``s2t``, ``s2hk`` …)."""
    return converter(config).convert(text)


@lru_cache(maxsize=65536)
def _char_class(ch: str) -> int:
    """+1 Traditional-only, -1 Simplified-only, 0 shared or not Han."""
    if not HAN.match(ch):
        return 0
    to_simp = convert(ch, "t2s")
    to_trad = convert(ch, "s2t")
    if to_simp != ch and to_trad == ch:
        return 1
    if to_trad != ch and to_simp == ch:
        return -1
    return 0


@dataclass(frozen=True)
class ScriptStats:
    han: int
    traditional: int  # characters that exist only in Traditional
    simplified: int  # characters that exist only in Simplified

    @property
    def script(self) -> str:
        """``zh-Hant``, ``zh-Hans``, ``mixed`` or ``none`` (no distinguishing characters)."""
        distinctive = self.traditional + self.simplified
        if self.han == 0 or distinctive == 0:
            return "none" if self.han == 0 else "zh-Hans"
        share = self.traditional / distinctive
        # OCR of Traditional text leaks a few Simplified forms (測→测) and vice versa:
        # a document is "mixed" only when the minority script is more than noise.
        if share >= 0.9:
            return "zh-Hant"
        if share <= 0.1:
            return "zh-Hans"
        return "mixed"


def script_stats(text: str) -> ScriptStats:
    """Count Han characters and those distinctive of each script."""
    han = trad = simp = 0
    for ch in text:
        c = _char_class(ch) if ch >= "\u3400" else 0
        if ch >= "\u3400" and HAN.match(ch):
            han += 1
        if c > 0:
            trad += 1
        elif c < 0:
            simp += 1
    return ScriptStats(han, trad, simp)


def detect_script(text: str) -> str:
    """``zh-Hant``, ``zh-Hans``, ``mixed`` or ``none``."""
    return script_stats(text).script


def to_target(segment: str, target: str) -> str:
    """Bring one segment (a line) into the ``target`` script.

    Each segment is judged on its own, so a Traditional report with a Simplified figure
    caption comes out in one script without running Simplified text through a
    Traditional→X table or the reverse. Characters of the minority script inside a segment
    (OCR writes 測 as 测 in Traditional text) are converted one by one.
    """
    from_trad, from_simp = TARGETS[target]
    if from_trad is None and from_simp is None:
        return segment
    if target == "zh-Hans":
        # t2s leaves Simplified characters alone, so the whole segment can go through it.
        return convert(segment, "t2s")
    stats = script_stats(segment)
    if stats.traditional == 0 and stats.simplified == 0:
        return convert(segment, from_trad) if from_trad else segment
    if stats.simplified > stats.traditional:
        return convert(segment, from_simp) if from_simp else segment
    out = convert(segment, from_trad) if from_trad else segment
    if stats.simplified and from_simp and len(out) == len(segment):
        out = "".join(convert(c, from_simp) if _char_class(c) < 0 else c for c in out)
    return out
