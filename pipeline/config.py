"""Pipelines built from TOML configs.

A config names the stages in order and gives each its options::

    [pipeline]
    stages = ["extract_pdf", "normalize", "repair", "script", "tables", "sentences"]

    [stages.script]
    target = "zh-Hans"

    [input]
    max_bytes = 20_000_000

``Pipeline.from_config(path)`` validates everything before any document is read: unknown
stage names, unknown options and stages whose required layers no earlier stage provides
are errors that name the key.
"""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.registry import INITIAL_LAYERS, build_stage, get_stage
from pipeline.resources import data_path
from pipeline.sources import InputOptions, iter_documents

log = logging.getLogger("yanbao")

DEFAULT_CONFIG = data_path("configs", "default.toml")

_TOP_LEVEL_KEYS = {"pipeline", "stages", "input"}


class ConfigError(ValueError):
    """A config that cannot build a pipeline; the message names the offending key."""


class DocumentError(Exception):
    """A document that cannot be processed; the message says why and what to do."""


@dataclass
class Result:
    """The outcome of one document: the document (always, even when failed) and timings."""

    doc: Document
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.doc.status == "ok"


def load_config(path: str | Path | None = None) -> dict[str, Any]:
    """Read a TOML config (the packaged default when ``path`` is None)."""
    p = Path(path) if path is not None else DEFAULT_CONFIG
    try:
        with p.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None


class Pipeline:
    """An ordered list of stages; call it on text or a :class:`Document`."""

    def __init__(self, stages: list[Any], *, input_options: InputOptions | None = None, source: str = "") -> None:
        self.stages = stages
        self.input_options = input_options or InputOptions()
        self.source = source

    # -- building -----------------------------------------------------------------------------
    @classmethod
    def from_config(
        cls,
        config: str | Path | dict[str, Any] | None = None,
        *,
        disable: Iterable[str] = (),
        overrides: dict[str, dict[str, Any]] | None = None,
    ) -> Pipeline:
        """Build a pipeline from a config file or dict; ``disable`` drops stages by name."""
        if isinstance(config, dict):
            cfg, where = config, "<config>"
        else:
            cfg, where = load_config(config), str(config or DEFAULT_CONFIG)
        unknown = sorted(set(cfg) - _TOP_LEVEL_KEYS)
        if unknown:
            raise ConfigError(f"{where}: unknown section [{unknown[0]}]; known: {', '.join(sorted(_TOP_LEVEL_KEYS))}")
        names = cfg.get("pipeline", {}).get("stages")
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{where}: [pipeline] stages must be a list of stage names")
        extra_pipeline = sorted(set(cfg.get("pipeline", {})) - {"stages"})
        if extra_pipeline:
            raise ConfigError(f"{where}: [pipeline] unknown key {extra_pipeline[0]!r}; known: stages")
        stage_opts: dict[str, dict[str, Any]] = {k: dict(v) for k, v in cfg.get("stages", {}).items()}
        for name, opts in (overrides or {}).items():
            stage_opts.setdefault(name, {}).update(opts)
        for name in stage_opts:
            try:
                get_stage(name)
            except KeyError as exc:
                raise ConfigError(f"{where}: [stages.{name}]: {exc.args[0]}") from None
        disabled = set(disable)
        for name in disabled:
            try:
                get_stage(name)
            except KeyError as exc:
                raise ConfigError(f"cannot disable: {exc.args[0]}") from None
        stages: list[Any] = []
        have = set(INITIAL_LAYERS)
        for name in names:
            if name in disabled:
                continue
            try:
                spec = get_stage(name)
            except KeyError as exc:
                raise ConfigError(f"{where}: [pipeline] stages: {exc.args[0]}") from None
            missing = sorted(spec.requires - have)
            if missing:
                raise ConfigError(
                    f"{where}: stage {name!r} requires {', '.join(missing)}, which no earlier stage provides; "
                    "reorder [pipeline] stages or add the stage that assigns it"
                )
            try:
                stages.append(build_stage(name, stage_opts.get(name), where=f"{where}: "))
            except ValueError as exc:
                raise ConfigError(str(exc)) from None
            have |= spec.assigns
        try:
            input_options = InputOptions(**cfg.get("input", {}))
        except Exception as exc:
            raise ConfigError(f"{where}: [input]: {exc}") from None
        return cls(stages, input_options=input_options, source=where)

    @property
    def stage_names(self) -> list[str]:
        return [s.name for s in self.stages]

    def get_stage(self, name: str) -> Any:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(f"stage {name!r} is not in this pipeline ({', '.join(self.stage_names)})")

    # -- running -------------------------------------------------------------------------------
    def __call__(self, text: str | Document, *, id: str | None = None) -> Document:
        """Run every stage on ``text`` (or an existing document); raise if a stage fails."""
        doc = text if isinstance(text, Document) else Document.from_text(text, id=id)
        result = self.run(doc)
        if not result.ok:
            raise DocumentError(result.doc.error)
        return result.doc

    def run(self, doc: Document) -> Result:
        """Run every stage; a failure marks the document failed instead of raising."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        if doc.status == "failed":
            return Result(doc, 0.0, timings)
        if doc.source.format == "pdf" and not any("text.original" in s.assigns for s in self.stages):
            doc.status = "failed"
            doc.error = "PDF input needs a stage that extracts text (extract_pdf); add it to [pipeline] stages"
            return Result(doc, 0.0, timings)
        for stage in self.stages:
            ts = time.perf_counter()
            try:
                doc = stage(doc)
            except DocumentError as exc:
                doc.status, doc.error = "failed", f"{stage.name}: {exc}"
                break
            except Exception as exc:  # a bug or a library failure: keep the batch going
                log.exception("stage %s failed on %s", stage.name, doc.id)
                doc.status, doc.error = "failed", f"{stage.name}: {type(exc).__name__}: {exc}"
                break
            finally:
                timings[stage.name] = time.perf_counter() - ts
        return Result(doc, time.perf_counter() - t0, timings)

    def process_file(self, path: str | Path) -> Document:
        """Process one file (``.txt``, ``.md``, ``.pdf``); raise if it fails.

        For ``.jsonl`` files and folders use :meth:`process_paths`, which yields one result
        per document.
        """
        results = list(self.process_paths([path]))
        if len(results) != 1:
            raise ValueError(f"{path} holds {len(results)} documents; use process_paths()")
        if not results[0].ok:
            raise DocumentError(results[0].doc.error)
        return results[0].doc

    def process_paths(self, paths: Iterable[str | Path]) -> Iterator[Result]:
        """Yield a :class:`Result` per document found in files and folders."""
        for doc in iter_documents(paths, self.input_options):
            yield self.run(doc)


def load(config: str | Path | dict[str, Any] | None = None, **kwargs: Any) -> Pipeline:
    """The default pipeline (or one from ``config``): ``nlp = load(); doc = nlp(text)``."""
    return Pipeline.from_config(config, **kwargs)
