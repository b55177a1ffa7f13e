"""Quire's Python kernel, the part that runs inside Pyodide.

Stdlib only: the JavaScript host (kernels/python/kernel-host.ts) writes these files into
Pyodide's file system, imports this package and drives one `Executor` per kernel.
"""

from .executor import Executor
from .workspace import enter, refresh_imports, site_packages

__all__ = ["Executor", "enter", "refresh_imports", "site_packages"]
