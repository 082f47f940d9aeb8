"""Pipelines from configs: clear errors naming the key, and the short Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import DocumentError, load
from pipeline.config import ConfigError, Pipeline
from pipeline.registry import get_stage


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_default_config_builds_and_runs() -> None:
    nlp = load()
    assert nlp.stage_names[:1] != [] and "normalize" in nlp.stage_names
    doc = nlp("阿里巴巴宣布未來三年投入3800億元。")
    assert doc.sentences and doc.text.normalized.startswith("阿里巴巴")


def test_unknown_stage_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown stage 'normalise'.*known stages"):
        Pipeline.from_config(_write(tmp_path, '[pipeline]\nstages = ["normalise"]\n'))


def test_unknown_option_is_named(tmp_path: Path) -> None:
    cfg = '[pipeline]\nstages = ["normalize"]\n[stages.normalize]\nwidht = true\n'
    with pytest.raises(ConfigError, match=r"\[stages.normalize\]: unknown option 'widht'; known options: .*width"):
        Pipeline.from_config(_write(tmp_path, cfg))


def test_bad_option_value_is_named(tmp_path: Path) -> None:
    cfg = '[pipeline]\nstages = ["normalize", "script"]\n[stages.script]\ntarget = "zh-XX"\n'
    with pytest.raises(ConfigError, match=r"\[stages.script\]"):
        Pipeline.from_config(_write(tmp_path, cfg))


def test_misordered_stages_fail_at_build_time(tmp_path: Path) -> None:
    needs_sentences = [n for n in ("entities", "claims") if _registered(n)]
    if not needs_sentences:
        pytest.skip("no stage that requires sentences is registered yet")
    cfg = f'[pipeline]\nstages = ["normalize", "{needs_sentences[0]}", "sentences"]\n'
    with pytest.raises(ConfigError, match=f"stage '{needs_sentences[0]}' requires .*sentences"):
        Pipeline.from_config(_write(tmp_path, cfg))


def test_requires_checked_with_dict_config() -> None:
    with pytest.raises(ConfigError, match="unknown section"):
        Pipeline.from_config({"pipeline": {"stages": []}, "stagez": {}})
    with pytest.raises(ConfigError, match="must be a list"):
        Pipeline.from_config({"pipeline": {"stages": "normalize"}})


def test_missing_and_invalid_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        Pipeline.from_config(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Pipeline.from_config(_write(tmp_path, "[pipeline\n"))


def test_disable_and_overrides() -> None:
    nlp = load(disable=["script"], overrides={"normalize": {"width": False}})
    assert "script" not in nlp.stage_names
    doc = nlp("ＡＢ雲")
    assert doc.text.normalized == "ＡＢ雲"
    with pytest.raises(ConfigError, match="cannot disable"):
        load(disable=["nonsense"])


def test_process_file_and_errors(tmp_path: Path) -> None:
    nlp = load()
    good = tmp_path / "r.txt"
    good.write_text("雲業務增長。", encoding="utf-8")
    assert nlp.process_file(good).sentences[0].text == "云业务增长。"
    empty = tmp_path / "e.txt"
    empty.write_bytes(b"")
    with pytest.raises(DocumentError, match="empty"):
        nlp.process_file(empty)


def _registered(name: str) -> bool:
    try:
        get_stage(name)
        return True
    except KeyError:
        return False
