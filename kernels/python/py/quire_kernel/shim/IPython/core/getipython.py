from quire_kernel.shell import get_ipython  # noqa: F401
