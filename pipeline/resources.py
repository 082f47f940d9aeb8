"""Where the repository's data folders (``configs/``, ``corpora/``, ``models/``) are.

In a source checkout (and an editable install) they sit beside the package; a wheel carries
them inside the package as ``pipeline/_data/<folder>`` (see ``pyproject.toml``). Stages ask
here rather than building paths from ``__file__`` themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_FOLDERS = ("configs", "corpora", "models")


def data_path(folder: str, *parts: str) -> Path:
    """Path of ``<folder>/<parts…>``; ``YANBAO_DATA`` overrides the root."""
    if folder not in DATA_FOLDERS:
        raise ValueError(f"unknown data folder {folder!r}; one of {DATA_FOLDERS}")
    roots = []
    if os.environ.get("YANBAO_DATA"):
        roots.append(Path(os.environ["YANBAO_DATA"]))
    roots += [PACKAGE_DIR / "_data", PACKAGE_DIR.parent]
    for root in roots:
        candidate = root / folder
        if candidate.is_dir():
            return candidate.joinpath(*parts)
    return (PACKAGE_DIR.parent / folder).joinpath(*parts)
