"""The document model: JSON round trip and the packaged JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline import load
from pipeline.document import Claim, Document, Edit, Entity, Evidence, Table, TableCell, TableRow
from pipeline.offsets import Change

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "pipeline" / "schema" / "document.schema.json"


def _rich_document() -> Document:
    doc = Document.from_text("阿里巴巴宣布 3 年投入 3800 億元。\n起 點\tFY2025\t996,347", id="t1")
    doc.rewrite([Change(6, 7, ""), Change(9, 10, "")])
    s = doc.text.normalized.index("3800")
    doc.entities.append(
        Entity(
            **doc.span(s, s + 6),
            text=doc.text.normalized[s : s + 6],
            label="MONEY",
            value={"amount": 380_000_000_000, "currency": "CNY"},
        )
    )
    doc.edits.append(
        Edit(
            orig_start=0,
            orig_end=1,
            before="阿",
            after="阿",
            kind="unrepaired",
            confidence=0.2,
            reason="test",
            applied=False,
        )
    )
    doc.claims.append(
        Claim(
            type="capex_commitment",
            subject="alibaba",
            text="阿里巴巴宣布",
            values={"amount": 3.8e11},
            evidence=[Evidence(**doc.span(0, 6), page=1, sentence=0)],
        )
    )
    doc.tables.append(
        Table(columns=["FY2025"], rows=[TableRow(label="Revenue", cells=[TableCell(text="996,347", value=996347.0)])])
    )
    doc.meta.title = "測試"
    doc.summary_en = "- Alibaba commits RMB 380bn."
    return doc


def test_json_round_trip_is_lossless(tmp_path: Path) -> None:
    doc = _rich_document()
    path = tmp_path / "d.json"
    doc.write(path)
    again = Document.read(path)
    assert again == doc
    assert again.offsets == doc.offsets
    assert again.to_dict() == doc.to_dict()


def test_output_validates_against_packaged_schema(seed_text: str) -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.validate(_rich_document().to_dict(), schema)
    jsonschema.validate(load()(seed_text).to_dict(), schema)


def test_packaged_schema_is_current() -> None:
    """pipeline/schema/document.schema.json must be regenerated (`yanbao schema`) after model changes."""
    assert json.loads(SCHEMA_FILE.read_text(encoding="utf-8")) == json.loads(json.dumps(Document.json_schema()))
    assert Document.json_schema()["properties"]["schema_version"]["default"] == 1


def test_rewrite_refuses_after_spans() -> None:
    doc = _rich_document()
    try:
        doc.rewrite([Change(0, 1, "x")])
    except RuntimeError as exc:
        assert "after spans" in str(exc)
    else:
        raise AssertionError("rewrite after entities must fail")


def test_page_and_sentence_lookup() -> None:
    doc = load()("第一頁的句子。\f第二頁的句子。")
    assert [s.page for s in doc.sentences] == [1, 2]
    assert doc.source.pages == 2
    assert doc.sentence_at(doc.sentences[1].start) == 1
