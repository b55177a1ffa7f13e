"""A small stand-in for IPython, importable only when the real one is not installed, so tutorial
code that uses `IPython.display` runs in Quire's kernel (quire_kernel puts this folder last on
sys.path, and only when `import IPython` would otherwise fail)."""

from quire_kernel.shell import get_ipython

from . import display  # noqa: F401  (IPython.display, the submodule)

version_info = (0, 0, 0, "quire-shim")
__version__ = "0.0.0+quire-shim"

__all__ = ["display", "get_ipython"]
