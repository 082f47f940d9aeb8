"""The `yanbao` CLI end to end, including the bad inputs that must not stop a batch."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLES

from pipeline.cli import main

GOOD_ZH = "阿里巴巴正在積極推進人工智能基礎設施建設計劃，雲業務成長邏輯變得更清晰。"


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "good.txt").write_text(GOOD_ZH, encoding="utf-8")
    (d / "bom.md").write_bytes("\ufeff# 標題\n\n".encode() + GOOD_ZH.encode("utf-8"))
    (d / "sub" / "gbk.txt").write_bytes(
        "阿里巴巴正在积极推进人工智能基础设施建设计划，云业务成长逻辑变得更清晰。".encode("gb18030")
    )
    (d / "sub" / "big5.txt").write_bytes(GOOD_ZH.encode("big5"))
    (d / "empty.txt").write_bytes(b"")
    (d / "junk.txt").write_bytes(bytes(range(256)) * 40)
    (d / "docs.jsonl").write_text(
        json.dumps({"id": "j1", "text": "第一篇。"}, ensure_ascii=False)
        + "\n{not json\n"
        + json.dumps({"id": "j3", "text": "第三篇。"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    return d


def test_process_batch_with_bad_inputs(inputs: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = main(["process", str(inputs), "--out", str(out), "--quiet"])
    captured = capsys.readouterr()
    lines = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    by_id = {d["id"]: d for d in lines}
    failed = {d["id"]: d["error"] for d in lines if d["status"] == "failed"}
    assert set(failed) == {"empty", "junk", "docs-2"}
    assert "empty file" in failed["empty"]
    assert "binary" in failed["junk"]
    assert "not JSON" in failed["docs-2"]
    assert code == 3  # exit code = number of failed documents
    assert "6 succeeded, 3 failed" in captured.out
    assert by_id["gbk"]["source"]["encoding"] == "gb18030"
    assert by_id["big5"]["source"]["encoding"].startswith("big5")
    assert by_id["bom"]["source"]["encoding"] == "utf-8-sig"
    assert by_id["big5"]["text"]["original"] == GOOD_ZH
    assert by_id["j3"]["sentences"][0]["text"] == "第三篇。"
    for d in lines:
        assert (out / f"{d['id']}.json").exists()
        assert d["schema_version"] == 1


def test_oversized_file_fails_alone(tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(("雲" * 1000 + "\n").encode("utf-8") * 17_000)  # ~51 MB
    small = tmp_path / "small.txt"
    small.write_text(GOOD_ZH, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["process", str(big), str(small), "--out", str(out), "--quiet", "--json"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 1 and result == {"succeeded": 1, "failed": 1, "out": str(out)}
    err = json.loads((out / "big.json").read_text(encoding="utf-8"))["error"]
    assert "MB" in err and "max_bytes" in err


def test_pdf_that_is_not_a_pdf_fails_clearly(tmp_path: Path) -> None:
    fake = tmp_path / "fake.pdf"
    fake.write_text("this is not a pdf", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["process", str(fake), "--out", str(out), "--quiet"])
    doc = json.loads((out / "fake.json").read_text(encoding="utf-8"))
    assert code == 1 and doc["status"] == "failed" and doc["error"]


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    odd = tmp_path / "x.docx"
    odd.write_bytes(b"PK")
    out = tmp_path / "out"
    code = main(["process", str(odd), str(tmp_path / "missing.txt"), "--out", str(out), "--quiet"])
    errors = [json.loads(x)["error"] for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert code == 2
    assert any("unsupported file type .docx" in e for e in errors)
    assert any("no such file" in e for e in errors)


def test_bad_config_exits_2(tmp_path: Path, capsys) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[pipeline]\nstages = ["nope"]\n', encoding="utf-8")
    code = main(["process", str(tmp_path), "--out", str(tmp_path / "o"), "--config", str(cfg)])
    assert code == 2 and "unknown stage 'nope'" in capsys.readouterr().err


def test_samples_process_via_console_script(tmp_path: Path) -> None:
    samples = sorted(SAMPLES.glob("*.txt"))
    if not samples:
        pytest.skip("no samples")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "process", *map(str, samples), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert f"{len(samples)} succeeded, 0 failed" in proc.stdout
    assert proc.stderr == ""  # quiet in pipes: no progress bar
    doc = json.loads((out / f"{samples[0].stem}.json").read_text(encoding="utf-8"))
    assert doc["sentences"] and doc["text"]["normalized"]


def test_version(capsys) -> None:
    assert main(["version"]) == 0
    assert capsys.readouterr().out.startswith("yanbao ")
