"""Completion, inspection and is-complete checks: small stdlib stand-ins for IPython's."""

import ast
import builtins
import codeop
import importlib
import inspect
import keyword
import os
import pkgutil
import re
import sys

_DOTTED_BEFORE = re.compile(r"[A-Za-z_][\w.]*$")
_WORD_AFTER = re.compile(r"^\w*")
_MISSING = object()
_compiler = codeop.CommandCompiler()
_compiler.compiler.flags |= ast.PyCF_ALLOW_TOP_LEVEL_AWAIT  # so `await x` counts as complete


def _lookup(namespace: dict, dotted: str):
    """Resolve `a.b.c` by getattr alone: completing must never call user code beyond attribute
    access (no eval of calls or subscripts)."""
    head, *rest = dotted.split(".")
    obj = namespace.get(head, getattr(builtins, head, _MISSING))
    for part in rest:
        if obj is _MISSING:
            break
        try:
            obj = getattr(obj, part)
        except Exception:
            return _MISSING
    return obj


_IMPORT = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\s+(?:.*,\s*)?|import\s+(?:.*,\s*)?|from\s+)([\w.]*)$")
_STRING_PATH = re.compile(r"(?:^|[^\w'\"])(['\"])([^'\"]*)$")
_MAGIC = re.compile(r"^\s*%{1,2}(\w*)$")
_MAGICS = ["cd", "ls", "matplotlib", "pip", "pwd", "time", "timeit", "who"]
_CELL_MAGICS = ["html", "javascript", "latex", "markdown", "svg", "time", "writefile"]


def _reply(matches, cursor_start: int, cursor_pos: int) -> dict:
    return {"matches": sorted(set(matches)), "cursor_start": cursor_start, "cursor_end": cursor_pos,
            "metadata": {}, "status": "ok"}


def _modules(package: str):
    """Top-level module names, or a package's submodules and attributes (for `from p import`)."""
    if not package:
        # The stdlib sits in a zip under Pyodide, which pkgutil does not list: name it outright.
        return [*_iter_names(None), *sys.stdlib_module_names]
    try:
        module = importlib.import_module(package)
    except Exception:
        return []
    names = dir(module)
    if hasattr(module, "__path__"):
        names += _iter_names(module.__path__)
    return names


def _iter_names(path):
    """pkgutil's listing, skipping path entries it cannot read (one bad entry stops it)."""
    names = []
    for entry in path if path is not None else sys.path:
        try:
            names += [m.name for m in pkgutil.iter_modules([entry])]
        except Exception:
            continue
    return names


def _paths(partial: str):
    folder, _, stem = partial.rpartition("/")
    try:
        entries = os.listdir(folder or ".")
    except OSError:
        return []
    prefix = f"{folder}/" if folder else ""
    return [prefix + e + ("/" if os.path.isdir(os.path.join(folder or ".", e)) else "")
            for e in entries if e.startswith(stem) and (stem.startswith(".") or not e.startswith("."))]


def complete(namespace: dict, code: str, cursor_pos: int) -> dict:
    line = code[:cursor_pos].rsplit("\n", 1)[-1]
    magic = _MAGIC.match(line)
    if magic:
        stem = magic.group(1)
        names = _CELL_MAGICS if line.lstrip().startswith("%%") else _MAGICS
        return _reply([n for n in names if n.startswith(stem)], cursor_pos - len(stem), cursor_pos)
    imported = _IMPORT.match(line)
    if imported:
        package, dotted = imported.group(1) or "", imported.group(2)
        base, dot, stem = dotted.rpartition(".")
        names = _modules(".".join(filter(None, [package, base])))
        return _reply([n for n in names if n.startswith(stem) and not n.startswith("_")], cursor_pos - len(stem), cursor_pos)
    quoted = _STRING_PATH.search(line)
    if quoted and line.count(quoted.group(1)) % 2 == 1:  # inside a string: file names (open('da<Tab>)
        partial = quoted.group(2)
        return _reply(_paths(partial), cursor_pos - len(partial), cursor_pos)
    match = _DOTTED_BEFORE.search(code[:cursor_pos])
    prefix = match.group(0) if match else ""
    base, dot, stem = prefix.rpartition(".")
    if dot:
        obj = _lookup(namespace, base)
        names = [] if obj is _MISSING else dir(obj)
    else:
        names = [*namespace, *dir(builtins), *keyword.kwlist]
    # Private names only when asked for, as IPython does.
    found = [n for n in names if n.startswith(stem) and (stem.startswith("_") or not n.startswith("_"))]
    return _reply(found, cursor_pos - len(stem), cursor_pos)


def _name_at(code: str, cursor_pos: int) -> str:
    """The dotted name under the cursor, or the callee when the cursor is just inside `f(`."""
    before, after = code[:cursor_pos], code[cursor_pos:]
    if before.endswith("("):
        before = before[:-1]
        after = ""
    match = _DOTTED_BEFORE.search(before)
    return (match.group(0) if match else "") + _WORD_AFTER.match(after).group(0)


def inspect_at(namespace: dict, code: str, cursor_pos: int, detail_level: int) -> dict:
    name = _name_at(code, cursor_pos).strip(".")
    obj = _lookup(namespace, name) if name else _MISSING
    if obj is _MISSING:
        return {"status": "ok", "found": False, "data": {}, "metadata": {}}
    lines = [f"Type: {type(obj).__name__}"]
    try:
        label = "Init signature" if inspect.isclass(obj) else "Signature"
        lines.append(f"{label}: {name}{inspect.signature(obj)}")
    except (TypeError, ValueError):
        pass
    if not (inspect.isroutine(obj) or inspect.isclass(obj) or inspect.ismodule(obj)):
        text = repr(obj)
        lines.append(f"Value: {text if len(text) < 200 else text[:200] + '...'}")
    try:
        lines.append(f"File: {inspect.getfile(obj)}")
    except (TypeError, OSError):
        pass
    doc = inspect.getdoc(obj)
    if doc:
        lines.append(f"Docstring:\n{doc}")
    if detail_level > 0:
        try:
            lines.append(f"Source:\n{inspect.getsource(obj)}")
        except (OSError, TypeError):
            pass
    return {"status": "ok", "found": True, "data": {"text/plain": "\n".join(lines)}, "metadata": {}}


def is_complete(code: str) -> dict:
    """The console's question "run it, or wait for more lines?" answered with codeop."""
    try:
        compiled = _compiler(code, "<input>", "exec")
    except (SyntaxError, ValueError, OverflowError):
        return {"status": "invalid"}
    if compiled is not None:
        return {"status": "complete"}
    last = code.rstrip("\n").split("\n")[-1]
    indent = last[: len(last) - len(last.lstrip())]
    if last.rstrip().endswith(":"):
        indent += "    "
    return {"status": "incomplete", "indent": indent}
