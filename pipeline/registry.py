"""The stage registry: stages are registered by name with what they require and assign.

A stage is a class whose instances are callables ``(Document) -> Document``. It declares

- ``requires``: layers that must exist before it runs (checked when a pipeline is built,
  so a mis-ordered config fails at once, naming the stage and the missing layer);
- ``assigns``: layers it writes;
- ``Options``: a pydantic model of its config options (unknown keys are an error that names
  the key and lists the known ones).

Modules under ``pipeline.stages`` register themselves on import; they import heavy
libraries (jieba, spaCy, OCR engines) lazily, inside the stage, so building a pipeline is
cheap and ``yanbao --help`` is instant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from pipeline.document import Document

# Layers a fresh document has before any stage runs.
INITIAL_LAYERS = frozenset({"source", "text.original", "text.normalized"})

KNOWN_LAYERS = frozenset(
    {
        "source",
        "text.original",
        "text.normalized",
        "blocks",
        "ocr_choices",
        "edits",
        "sentences",
        "entities",
        "tables",
        "claims",
        "meta",
        "meta.script",
        "summary_en",
    }
)


class StageOptions(BaseModel):
    """Base class of a stage's options: unknown keys are rejected."""

    model_config = ConfigDict(extra="forbid")


class Stage(Protocol):
    name: ClassVar[str]
    requires: ClassVar[frozenset[str]]
    assigns: ClassVar[frozenset[str]]

    def __call__(self, doc: Document) -> Document: ...


@dataclass(frozen=True)
class StageSpec:
    name: str
    factory: type
    options: type[StageOptions]
    requires: frozenset[str]
    assigns: frozenset[str]
    doc: str


_REGISTRY: dict[str, StageSpec] = {}

T = TypeVar("T", bound=type)


def register_stage(
    name: str,
    *,
    requires: set[str] | frozenset[str] = frozenset(),
    assigns: set[str] | frozenset[str] = frozenset(),
    options: type[StageOptions] = StageOptions,
) -> Callable[[T], T]:
    """Class decorator: register a stage under ``name``.

    The class is constructed as ``cls(options_instance)``.
    """
    unknown = (set(requires) | set(assigns)) - KNOWN_LAYERS
    if unknown:
        raise ValueError(f"stage {name!r} names unknown layers: {sorted(unknown)}")

    def deco(cls: T) -> T:
        cls.name = name  # type: ignore[attr-defined]
        cls.requires = frozenset(requires)  # type: ignore[attr-defined]
        cls.assigns = frozenset(assigns)  # type: ignore[attr-defined]
        _REGISTRY[name] = StageSpec(
            name, cls, options, frozenset(requires), frozenset(assigns), (cls.__doc__ or "").strip()
        )
        return cls

    return deco


def _load_builtin_stages() -> None:
    import pipeline.stages  # noqa: F401  (registers the built-in stages)


def get_stage(name: str) -> StageSpec:
    """The registered stage ``name``; a clear error lists the known names."""
    _load_builtin_stages()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"unknown stage {name!r}; known stages: {', '.join(sorted(_REGISTRY))}") from None


def stage_names() -> list[str]:
    _load_builtin_stages()
    return sorted(_REGISTRY)


def build_stage(name: str, options: dict[str, Any] | None = None, *, where: str = "") -> Any:
    """Instantiate stage ``name`` with ``options`` validated against its ``Options`` model."""
    spec = get_stage(name)
    opts = dict(options or {})
    known = set(spec.options.model_fields)
    extra = sorted(set(opts) - known)
    if extra:
        loc = f"{where}[stages.{name}]" if where else f"[stages.{name}]"
        raise ValueError(
            f"{loc}: unknown option {extra[0]!r}"
            + (f"; known options: {', '.join(sorted(known))}" if known else "; this stage takes no options")
        )
    try:
        parsed = spec.options(**opts)
    except Exception as exc:  # pydantic.ValidationError: re-raise with the stage named
        raise ValueError(f"[stages.{name}]: {exc}") from exc
    return spec.factory(parsed)
