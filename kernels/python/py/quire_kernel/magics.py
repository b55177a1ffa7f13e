"""IPython's input transformation: `%magic` and `!command` lines become Python calls on the shell
object (`get_ipython()`), before the cell is compiled. Line numbers are kept: one line in, one out."""

import io
import tokenize

# Magics and commands that wait on the browser (fetch, the package installer) are coroutines:
# their lines become `await ...`, which top-level await allows.
_ASYNC_MAGICS = {"pip", "conda", "mamba"}
_ASYNC_COMMANDS = {"pip", "pip3", "curl", "wget", "conda", "mamba"}


def _is_open(source: str) -> bool:
    """Whether `source` ends inside brackets, a string or a `\\` continuation: a `%` or `!` at the
    start of the next line is then part of a Python expression, not a magic."""
    if not source:
        return False
    if source.rstrip("\n").endswith("\\"):
        return True
    depth = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.OP and tok.string in "([{":
                depth += 1
            elif tok.type == tokenize.OP and tok.string in ")]}":
                depth -= 1
    except tokenize.TokenError:
        return True  # EOF inside a multi-line string or statement
    except (SyntaxError, IndentationError):
        return False  # let the compiler report it
    return depth > 0


def _magic_call(name: str, args: str, command: bool) -> str:
    first = args.split(None, 1)[0] if command and args.strip() else name
    is_async = first in _ASYNC_COMMANDS if command else name in _ASYNC_MAGICS
    call = (f"get_ipython().system({args!r})" if command
            else f"get_ipython().run_line_magic({name!r}, {args!r})")
    return f"(await {call})" if is_async else call


def transform_line(line: str):
    """The Python for one magic or shell line, or None when it is plain Python."""
    stripped = line.lstrip()
    indent = line[: len(line) - len(stripped)]
    body = stripped.rstrip("\n")
    if body.startswith("!") and not body.startswith("!="):
        return indent + _magic_call("", body[1:].strip(), True)
    if body.startswith("%") and not body.startswith("%%") and len(body) > 1 and not body[1].isspace():
        name, _, args = body[1:].partition(" ")
        return indent + _magic_call(name, args.strip(), False)
    # `x = !ls` and `x = %pwd`: IPython assigns the result.
    target, eq, rest = body.partition("=")
    if eq and target.strip().isidentifier() and rest.strip()[:1] in ("!", "%") and not rest.strip().startswith("%%"):
        value = transform_line(rest.strip())
        if value is not None:
            return f"{indent}{target.strip()} = {value}"
    return None


def transform_cell(code: str):
    """Returns `(cell_magic, args, body)` for a `%%magic` cell, else `(None, '', python)`."""
    if code.startswith("%%"):
        first, _, body = code.partition("\n")
        name, _, args = first[2:].partition(" ")
        # The cell magic's first line stays as a blank line, so the body keeps its line numbers.
        return name.strip(), args.strip(), "\n" + body
    out = []
    for line in code.splitlines(True):
        newline = "\n" if line.endswith("\n") else ""
        python = None if _is_open("".join(out)) else transform_line(line)
        out.append(line if python is None else python + newline)
    return None, "", "".join(out)
