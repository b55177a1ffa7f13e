"""Jupyter `error` content for an exception raised by a cell."""

import os
import traceback

_CELL_PREFIX = "<cell-"
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def error_content(e: BaseException) -> dict:
    """Jupyter error content whose traceback starts at the user's cell: the frames above it
    (this package running the cell) mean nothing to the user, so they are dropped."""
    tb = e.__traceback__
    while tb is not None and not tb.tb_frame.f_code.co_filename.startswith(_CELL_PREFIX):
        tb = tb.tb_next
    te = traceback.TracebackException(type(e), e, tb, compact=True)
    _drop_kernel_frames(te)
    lines = [line.rstrip("\n") for line in te.format()]
    return {"ename": type(e).__name__, "evalue": str(e), "traceback": lines}


def _drop_kernel_frames(te, seen=None) -> None:
    # Frames of ours can also sit in the middle (a user's _repr_html_ called via display()).
    seen = seen if seen is not None else set()
    if te is None or id(te) in seen:
        return
    seen.add(id(te))
    kept = [f for f in te.stack if not f.filename.startswith(_PACKAGE_DIR)]
    te.stack = traceback.StackSummary.from_list(kept)
    _drop_kernel_frames(te.__cause__, seen)
    _drop_kernel_frames(te.__context__, seen)
