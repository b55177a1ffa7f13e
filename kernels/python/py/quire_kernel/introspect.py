"""Completion, inspection and is-complete checks: small stdlib stand-ins for IPython's."""

import ast
import builtins
import codeop
import inspect
import keyword
import re

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


def complete(namespace: dict, code: str, cursor_pos: int) -> dict:
    match = _DOTTED_BEFORE.search(code[:cursor_pos])
    prefix = match.group(0) if match else ""
    base, dot, stem = prefix.rpartition(".")
    if dot:
        obj = _lookup(namespace, base)
        names = [] if obj is _MISSING else dir(obj)
    else:
        names = [*namespace, *dir(builtins), *keyword.kwlist]
    # Private names only when asked for, as IPython does.
    found = {n for n in names if n.startswith(stem) and (stem.startswith("_") or not n.startswith("_"))}
    return {"matches": sorted(found), "cursor_start": cursor_pos - len(stem),
            "cursor_end": cursor_pos, "metadata": {}, "status": "ok"}


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
        lines.append(f"Signature: {name}{inspect.signature(obj)}")
    except (TypeError, ValueError):
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
