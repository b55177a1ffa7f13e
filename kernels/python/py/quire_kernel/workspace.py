"""Where user code runs: the repository's folder and the installed packages."""

import importlib
import os
import site
import sys


def site_packages() -> str:
    # site, not sysconfig: sysconfig's purelib is '//lib/...' under Pyodide.
    return site.getsitepackages()[0]


def enter(cwd: str) -> None:
    """Make the repository the working directory and importable, as `jupyter notebook` would."""
    os.chdir(cwd)
    if cwd not in sys.path:
        sys.path.insert(0, cwd)


def refresh_imports() -> None:
    # Files written behind the import system's back are invisible until its caches are cleared.
    importlib.invalidate_caches()
