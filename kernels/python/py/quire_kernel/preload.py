"""Before a memory snapshot (issue 8): import the environment's packages, so a kernel restored from
the snapshot starts with them imported, and forget the repository's folder, since the same
environment may serve another repository next time (the host enters the right one after restoring)."""

import contextlib
import importlib
import importlib.metadata
import io
import sys


def top_level_names(site_packages: str) -> list:
    """Importable top-level names of the distributions installed in site_packages."""
    names = set()
    for dist in importlib.metadata.distributions(path=[site_packages]):
        listed = dist.read_text("top_level.txt")
        if listed:
            names.update(line.strip() for line in listed.splitlines())
            continue
        # Wheels built without setuptools have no top_level.txt: read their RECORD instead.
        for f in dist.files or []:
            parts = f.parts
            if not parts or parts[0].endswith((".dist-info", ".data")) or parts[0] in ("..", "__pycache__"):
                continue
            if len(parts) == 1 and parts[0].endswith(".py"):
                names.add(parts[0][:-3])
            elif len(parts) == 2 and parts[1] == "__init__.py":
                names.add(parts[0])
    return sorted(n for n in names if n.isidentifier() and not n.startswith("_"))


def import_environment(site_packages: str) -> list:
    """Imports each top-level package quietly; one that fails here fails the same in a cell, so it is skipped."""
    imported = []
    for name in top_level_names(site_packages):
        if name in sys.modules:
            continue
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - an import may even call sys.exit
                continue
        imported.append(name)
    return imported


def leave(cwd: str) -> None:
    while cwd in sys.path:
        sys.path.remove(cwd)
