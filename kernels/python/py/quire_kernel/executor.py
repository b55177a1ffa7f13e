"""Run notebook cells in one namespace, IPython-style, reporting through an `emit` callback.

`emit(kind, payload)` is a JavaScript function: kind is a Jupyter iopub message type
('stream', 'execute_result', 'display_data', 'error') and payload that message's content.
"""

import ast
import builtins
import inspect
import linecache
import os
import sys
import traceback

from . import introspect
from .display import mimebundle
from .streams import StreamWriter

_CELL_PREFIX = "<cell-"
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Top-level `await` in a cell, as in IPython and JupyterLite.
_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


class Executor:
    def __init__(self):
        self.namespace = {"__name__": "__main__", "__builtins__": builtins, "display": self.display}
        self._emit = None
        self._cell_names = set()

    async def run(self, code: str, execution_count: int, emit) -> str:
        """Run one cell; returns 'ok' or 'error' (the error itself was emitted)."""
        self._emit = emit
        out, err = StreamWriter("stdout", emit), StreamWriter("stderr", emit)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        try:
            try:
                await self._run_cell(code, execution_count)
            finally:
                out.flush()
                err.flush()
                sys.stdout, sys.stderr = saved
        except BaseException as e:  # SystemExit and KeyboardInterrupt end the cell, not the kernel
            emit("error", error_content(e))
            return "error"
        return "ok"

    def display(self, *objs) -> None:
        """The `display()` notebooks expect as a builtin; a fuller IPython.display comes later."""
        for obj in objs:
            self._emit("display_data", {"data": mimebundle(obj), "metadata": {}, "transient": {}})

    async def _run_cell(self, code: str, execution_count: int) -> None:
        filename = self._register_source(code, execution_count)
        tree = ast.parse(code, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        if tree.body:
            await self._eval(compile(tree, filename, "exec", flags=_FLAGS, dont_inherit=True))
        if last is None:
            return
        value = await self._eval(compile(last, filename, "eval", flags=_FLAGS, dont_inherit=True))
        # A trailing `;` hides the value, as in IPython (a comment after it defeats this check).
        if value is None or code.rstrip().endswith(";"):
            return
        self.namespace["_"] = value
        self._emit("execute_result", {
            "execution_count": execution_count, "data": mimebundle(value), "metadata": {}})

    async def _eval(self, code):
        result = eval(code, self.namespace)
        if code.co_flags & inspect.CO_COROUTINE:  # the cell used top-level `await`
            result = await result
        return result

    def _register_source(self, code: str, execution_count: int) -> str:
        """Name the cell and give linecache its text, so tracebacks show the user's lines.
        Re-running with the same count (store_history off) gets a fresh name so functions
        defined by the earlier run still point at their own source."""
        name = f"{_CELL_PREFIX}{execution_count}>"
        n = 1
        while name in self._cell_names:
            n += 1
            name = f"{_CELL_PREFIX}{execution_count}.{n}>"
        self._cell_names.add(name)
        # mtime None: linecache.checkcache leaves the entry alone (there is no file to stat).
        linecache.cache[name] = (len(code), None, code.splitlines(True), name)
        return name

    def complete(self, code: str, cursor_pos: int) -> dict:
        return introspect.complete(self.namespace, code, cursor_pos)

    def inspect(self, code: str, cursor_pos: int, detail_level: int = 0) -> dict:
        return introspect.inspect_at(self.namespace, code, cursor_pos, detail_level)

    def is_complete(self, code: str) -> dict:
        return introspect.is_complete(code)


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
