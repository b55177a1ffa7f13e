"""IPython.core.display: the same classes as IPython.display (older tutorials import them here)."""

from IPython.display import *  # noqa: F401,F403
