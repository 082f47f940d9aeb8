"""yanbao: Chinese broker research reports into clean, structured, searchable data.

>>> from pipeline import load
>>> nlp = load()                      # the default pipeline (configs/default.toml)
>>> doc = nlp("阿里巴巴宣布未來三年投入3800億元。")
>>> doc.sentences[0].text
"""

from __future__ import annotations

from pipeline.config import DocumentError, Pipeline, Result, load
from pipeline.document import Claim, Document, Edit, Entity, Sentence, Table
from pipeline.offsets import Change, OffsetMap

__version__ = "0.1.0"

__all__ = [
    "Change",
    "Claim",
    "Document",
    "DocumentError",
    "Edit",
    "Entity",
    "OffsetMap",
    "Pipeline",
    "Result",
    "Sentence",
    "Table",
    "__version__",
    "load",
]
