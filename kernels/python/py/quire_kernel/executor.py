"""Run notebook cells in one namespace, IPython-style, reporting through an `emit` callback.

`emit(kind, payload)` is a JavaScript function: kind is a Jupyter iopub message type
('stream', 'execute_result', 'display_data', 'update_display_data', 'clear_output', 'error')
and payload that message's content. `host` is the JavaScript side's services (install, stdin).
"""

import ast
import builtins
import contextlib
import importlib.util
import inspect
import linecache
import os
import sys

from . import cellmagics, comm, introspect, magics, mpl, output, stdin
from .display import format_display
from .errors import error_content
from .history import History
from .shell import Shell
from .streams import StreamChannel, StreamWriter

_CELL_PREFIX = "<cell-"
_SHIM_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "shim")
# Top-level `await` in a cell, as in IPython and JupyterLite.
_FLAGS = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT


class _NoHost:
    """Services of a host that offers none (tests of the executor alone)."""
    canInstall = False
    canReadInput = False


class Executor:
    def __init__(self, host=None):
        host = host if host is not None else _NoHost()
        self.namespace = {"__name__": "__main__", "__builtins__": builtins, "display": output.display}
        self.history = History(self.namespace)
        self.shell = Shell(self.namespace, host)
        self.namespace["get_ipython"] = self.shell_getter
        self.shell._initial.add("get_ipython")
        self._cell_names = set()
        stdin.install(host)
        mpl.configure()
        install_ipython_shim()
        comm.install(host)

    def shell_getter(self):
        return self.shell

    async def run(self, code: str, execution_count: int, emit) -> str:
        """Run one cell; returns 'ok' or 'error' (the error itself was emitted)."""
        try:
            # Inside the try: an interrupt sent while the cell waited its turn is raised at the first
            # bytecode, which may be here, and must end the cell as KeyboardInterrupt like any other.
            self.history.record_input(code, execution_count)
            with _capturing(emit):  # its text is out before the error below
                try:
                    await self._run_cell(code, execution_count)
                finally:
                    mpl.show_figures()  # figures drawn by the cell appear after it, as inline does
        except BaseException as e:  # SystemExit and KeyboardInterrupt end the cell, not the kernel
            emit("error", error_content(e))
            return "error"
        return "ok"

    async def _run_cell(self, code: str, execution_count: int) -> None:
        filename = self._register_source(code, execution_count)
        cell_magic, args, python = magics.transform_cell(code)
        if cell_magic:
            await cellmagics.run(cell_magic, args, python,
                                 lambda body: self._run_python(magics.transform_cell(body)[2], filename, execution_count))
            return
        await self._run_python(python, filename, execution_count)

    async def _run_python(self, python: str, filename: str, execution_count: int) -> None:
        tree = ast.parse(python, filename, "exec")
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body.pop().value)
        if tree.body:
            await self._eval(compile(tree, filename, "exec", flags=_FLAGS, dont_inherit=True))
        if last is None:
            return
        value = await self._eval(compile(last, filename, "eval", flags=_FLAGS, dont_inherit=True))
        # A trailing `;` hides the value, as in IPython (a comment after it defeats this check).
        if value is None or python.rstrip().endswith(";"):
            return
        self.history.record_output(value, execution_count)
        data, metadata = format_display(value)
        output._send("execute_result", {"execution_count": execution_count, "data": data, "metadata": metadata})

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

    # Completion and inspection touch user objects (getattr, repr): a failure there answers
    # "nothing found" rather than breaking the editor's request.
    def complete(self, code: str, cursor_pos: int) -> dict:
        try:
            return introspect.complete(self.namespace, code, cursor_pos)
        except Exception:
            return {"matches": [], "cursor_start": cursor_pos, "cursor_end": cursor_pos, "metadata": {}, "status": "ok"}

    def inspect(self, code: str, cursor_pos: int, detail_level: int = 0) -> dict:
        try:
            return introspect.inspect_at(self.namespace, code, cursor_pos, detail_level)
        except Exception:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}

    def is_complete(self, code: str) -> dict:
        return introspect.is_complete(code)

    def comm_message(self, msg_type: str, msg, emit) -> None:
        """A comm_open/comm_msg/comm_close from the page (a JsProxy of the Jupyter message). What
        its handlers send or print goes to `emit`; a failing handler is reported on stderr, as
        ipykernel logs it, and does not fail the message."""
        with _capturing(emit):
            try:
                comm.handle_message(msg_type, msg.to_py() if hasattr(msg, "to_py") else msg)
            except Exception:
                import traceback
                traceback.print_exc()

    def comm_info(self, target_name=None) -> dict:
        return comm.comm_info(target_name)

    def set_parent(self, msg_id: str) -> None:
        """The request about to run, for get_ipython().kernel.get_parent() (comm_kernel.py)."""
        self.shell.kernel.set_parent(msg_id)


@contextlib.contextmanager
def _capturing(emit):
    """While a cell or a comm message runs, its prints and displays go to its `emit`."""
    channel = StreamChannel(emit)  # one ordered buffer: stdout and stderr keep the order printed
    out, err = StreamWriter("stdout", channel), StreamWriter("stderr", channel)
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    output.set_emit(emit)
    try:
        yield
    finally:
        try:
            channel.flush()
        finally:
            sys.stdout, sys.stderr = saved
            output.set_emit(None)


def install_ipython_shim() -> None:
    """Puts our IPython stand-in last on sys.path, only when no real IPython can be imported (a
    real one installed later still wins: site-packages comes earlier on the path)."""
    if _SHIM_DIR in sys.path or "IPython" in sys.modules:
        return
    if importlib.util.find_spec("IPython") is None:
        sys.path.append(_SHIM_DIR)
