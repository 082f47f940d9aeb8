"""Built-in stages, one module per stage. Importing this package registers them all.

Modules are discovered rather than listed so that adding a stage is adding a file; each
module must keep its imports light (heavy libraries load inside the stage).
"""

from __future__ import annotations

import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    if not _info.name.startswith("_"):
        importlib.import_module(f"{__name__}.{_info.name}")
