"""matplotlib inline: figures drawn with Agg appear as PNG after the cell or at `plt.show()`.
Written to activate only when matplotlib is importable; nothing here imports it eagerly."""

import io
import os
import sys

from .output import display

BACKEND = "module://quire_kernel.mpl_backend"


def configure() -> None:
    # Read by matplotlib at import; a user's own MPLBACKEND wins.
    os.environ.setdefault("MPLBACKEND", BACKEND)


def use_inline() -> None:
    """`%matplotlib inline`: our backend is already the default; switch if pyplot chose another."""
    os.environ["MPLBACKEND"] = BACKEND
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:
        pyplot.switch_backend(BACKEND)


class _Png:
    """A figure as a displayable PNG (what IPython's inline backend sends)."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_png_(self):
        buf = io.BytesIO()
        self.figure.savefig(buf, format="png", bbox_inches="tight")
        return buf.getvalue()

    def __repr__(self):
        return repr(self.figure)


def show_figures() -> None:
    """Display every open figure once and close it, as matplotlib-inline does."""
    helpers = sys.modules.get("matplotlib._pylab_helpers")
    pyplot = sys.modules.get("matplotlib.pyplot")
    if helpers is None or pyplot is None or not _is_ours(pyplot):
        return
    try:
        for manager in helpers.Gcf.get_all_fig_managers():
            display(_Png(manager.canvas.figure))
    finally:
        pyplot.close("all")


def _is_ours(pyplot) -> bool:
    try:
        return pyplot.get_backend() == BACKEND
    except Exception:
        return False
