"""Shared helpers for the benchmarks: the benchmark text and a timer."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "000_8005024c63a3e7b3.txt"
SAMPLES = REPO / "corpora" / "samples"


def report_texts() -> list[tuple[str, str]]:
    """(name, text) of the seed report (when ../shared is there) and our samples."""
    out = []
    if SEED.exists():
        out.append(("seed", SEED.read_text(encoding="utf-8")))
    for p in sorted(SAMPLES.glob("*.txt")):
        out.append((p.stem, p.read_text(encoding="utf-8")))
    return out


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best
