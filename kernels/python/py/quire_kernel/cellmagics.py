"""`%%` cell magics: the first line names the magic, the rest of the cell is its body."""

import time

from .output import display


class _Raw:
    """The body of `%%html` and friends, shown as one MIME type."""

    def __init__(self, mime: str, text: str):
        self.mime, self.text = mime, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {self.mime: self.text, "text/plain": f"<{self.mime} display>"}


_DISPLAY = {"html": "text/html", "markdown": "text/markdown", "latex": "text/latex",
            "svg": "image/svg+xml", "javascript": "application/javascript", "js": "application/javascript"}
SUPPORTED = ("time", "writefile", *_DISPLAY)


async def run(name: str, args: str, body: str, run_python):
    """`run_python(source)` runs Python the way a cell does (last expression shown)."""
    if name == "time":
        start, cpu = time.perf_counter(), time.process_time()
        try:
            await run_python(body)
        finally:
            wall, used = time.perf_counter() - start, time.process_time() - cpu
            print(f"CPU times: user {used:.3g} s, total: {used:.3g} s\nWall time: {wall:.3g} s")
        return
    if name == "writefile":
        append = args.startswith("-a ")
        path = args[3:].strip() if append else args
        with open(path, "a" if append else "w", encoding="utf-8") as f:
            f.write(body.lstrip("\n"))
        print(f"{'Appending to' if append else 'Writing'} {path}")
        return
    if name in _DISPLAY:
        display(_Raw(_DISPLAY[name], body.lstrip("\n")))
        return
    raise UsageError(f"Cell magic `%%{name}` not found (Quire supports "
                     + ", ".join(f"%%{m}" for m in SUPPORTED) + ").")


class UsageError(Exception):
    pass
