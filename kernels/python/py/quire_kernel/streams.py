"""sys.stdout/sys.stderr replacements that send text to the front end while a cell runs."""

import io


class StreamWriter(io.TextIOBase):
    """Line-buffered: emits at each newline or carriage return (progress bars redraw with `\\r`)
    and on flush, so output appears while the cell runs rather than when it ends."""

    def __init__(self, name: str, emit):
        super().__init__()
        self.name = name
        self._emit = emit
        self._buffer = ""

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
        if "\n" in text or "\r" in text:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._buffer:
            text, self._buffer = self._buffer, ""
            self._emit("stream", {"name": self.name, "text": text})
