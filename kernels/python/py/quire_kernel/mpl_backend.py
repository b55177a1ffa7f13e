"""The matplotlib backend module named by MPLBACKEND (`module://quire_kernel.mpl_backend`):
matplotlib imports it, so it may import matplotlib. Agg draws; `show()` displays inline."""

from matplotlib.backends.backend_agg import FigureCanvasAgg

from .mpl import show_figures

FigureCanvas = FigureCanvasAgg


def show(*args, **kwargs):
    show_figures()
