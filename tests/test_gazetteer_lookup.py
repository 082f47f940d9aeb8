"""Gazetteer lookups across scripts, cases, tickers and e-mail domains.

Runs on tests/fixtures/gazetteers (the schema of corpora/gazetteers) and, once the real
gazetteers have landed, on corpora/gazetteers too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.gazetteer import Gazetteer
from pipeline.resources import data_path

FIXTURE = Path(__file__).parent / "fixtures" / "gazetteers"
REAL = data_path("corpora", "gazetteers")
DIRS = [FIXTURE] + ([REAL] if (REAL / "companies.yaml").exists() else [])


@pytest.fixture(params=DIRS, ids=lambda p: p.parent.name + "/" + p.name)
def gz(request) -> Gazetteer:
    return Gazetteer.load(request.param)


@pytest.mark.parametrize(
    "names",
    [
        ["阿里巴巴", "阿里巴巴集團", "阿里巴巴集团", "Alibaba", "ALIBABA", "alibaba group"],
        ["輝達", "英偉達", "英伟达", "Nvidia", "NVIDIA"],
        ["阿里雲", "阿里云", "Alibaba Cloud"],
        ["吳泳銘", "吴泳铭", "Eddie Wu"],
    ],
)
def test_aliases_link_to_one_record(gz, names):
    ids = {getattr(gz.lookup(n), "id", None) for n in names}
    assert len(ids) == 1 and None not in ids, {n: getattr(gz.lookup(n), "id", None) for n in names}


def test_kinds_and_english(gz):
    rec = gz.lookup("阿里巴巴")
    assert rec.kind == "company"
    assert gz.english(rec.id) == "Alibaba"
    assert gz.get(rec.id) is rec
    assert gz.lookup("吳泳銘").kind == "person"
    assert gz.lookup("SWE-Bench Verified").kind == "metric"
    assert gz.lookup("恒生指數").kind == "metric"


def test_loose_latin_key(gz):
    assert gz.lookup("swe bench verified") is gz.lookup("SWE-Bench Verified")


@pytest.mark.parametrize("ticker", ["9988.HK", "9988 HK", "9988HK", "BABA US", "BABA.N", "NYSE: BABA"])
def test_by_ticker(gz, ticker):
    assert gz.by_ticker(ticker) is gz.lookup("Alibaba")


def test_by_ticker_pads_hk_codes(gz):
    assert gz.by_ticker("700 HK") is gz.lookup("騰訊控股")


def test_broker_by_email_domain(gz):
    rec = gz.broker_by_email_domain("crosby.com")
    assert rec is not None and rec.en == "Crosby Securities"
    assert gz.broker_by_email_domain("raymond.ip@crosby.com") is rec
    assert gz.broker_by_email_domain("example.org") is None


def test_weak_aliases_need_asking(gz):
    ali = gz.lookup("阿里")
    assert ali is not None and gz.is_weak("阿里", ali)
    strong = {n for n, r in gz.names("company")}
    assert "阿里" not in strong and "阿里巴巴" in strong
    assert "阿里" in {n for n, r in gz.names("company", weak=True)}


def test_names_cover_both_scripts(gz):
    names = {n for n, r in gz.names("company") if r.id == gz.lookup("Nvidia").id}
    assert {"輝達", "英伟达"} <= names


def test_unknown(gz):
    assert gz.lookup("不存在的公司") is None
    assert gz.lookup("") is None
    assert gz.by_ticker("1234 HK") is None
