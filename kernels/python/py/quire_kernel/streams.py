"""sys.stdout/sys.stderr replacements that send text to the front end while a cell runs."""

import io
import time

# A loop of print() makes one message per line, tens of thousands a second, and the page renders
# each: lines are joined for this long (or up to this size) before they are sent (issue 10).
FLUSH_INTERVAL = 0.05
MAX_BUFFER = 1 << 16


class StreamWriter(io.TextIOBase):
    """Line-buffered: emits at a newline or carriage return (progress bars redraw with `\\r`)
    when FLUSH_INTERVAL has passed since the last emit, and on flush, so output appears while the
    cell runs rather than when it ends. No timer can fire while Python runs, so lines that follow
    within the interval wait for the next write or the end of the cell."""

    def __init__(self, name: str, emit):
        super().__init__()
        self.name = name
        self._emit = emit
        self._buffer = ""
        self._emitted_at = 0.0

    @property
    def encoding(self):
        return "utf-8"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        # Some libraries probe fileno(); io's UnsupportedOperation is what they expect to catch.
        raise io.UnsupportedOperation("fileno")

    def write(self, text) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        self._buffer += text
        if ("\n" in text or "\r" in text) and (
            len(self._buffer) >= MAX_BUFFER or time.monotonic() - self._emitted_at >= FLUSH_INTERVAL
        ):
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            text, self._buffer = self._buffer, ""
            self._emit("stream", {"name": self.name, "text": text})
            self._emitted_at = time.monotonic()
