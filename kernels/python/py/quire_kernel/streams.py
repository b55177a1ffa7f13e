"""sys.stdout/sys.stderr replacements that send text to the front end while a cell runs.

This is where stream output is batched (issue 10): a loop of print() makes one write per line,
tens of thousands a second, and joining lines here, at the source, saves each one a Python-to-JS
conversion, a postMessage out of the worker and another out of the kernel frame; sent line by line,
they kept the page from answering for seconds. The page (OutputLimitedKernel) adds no window of its
own: it only joins batches that queued up while it was busy rendering.

Both streams share one ordered buffer, so lines printed alternately to stdout and stderr arrive in
the order printed (separately buffered streams sent all of stdout, then all of stderr).
"""

import io
import time

# Lines are joined for this long (or up to this size) before they are sent (issue 10).
FLUSH_INTERVAL = 0.05
MAX_BUFFER = 1 << 16


class StreamChannel:
    """The cell's stdout and stderr text in the order written, as runs of one stream each. Emits
    at a newline or carriage return (progress bars redraw with `\\r`) once FLUSH_INTERVAL has
    passed since the last emit, and on flush, so output appears while the cell runs rather than
    when it ends. No timer can fire while Python runs, so lines that follow within the interval
    wait for the next write or the end of the cell."""

    def __init__(self, emit):
        self._emit = emit
        self._runs = []  # [name, [parts]]: joined only when sent, so writes stay O(1)
        self._size = 0
        self._emitted_at = 0.0

    def write(self, name: str, text: str) -> None:
        if self._runs and self._runs[-1][0] == name:
            self._runs[-1][1].append(text)
        else:
            self._runs.append([name, [text]])
        self._size += len(text)
        if ("\n" in text or "\r" in text) and (
            self._size >= MAX_BUFFER or time.monotonic() - self._emitted_at >= FLUSH_INTERVAL
        ):
            self.flush()

    def flush(self) -> None:
        if not self._runs:
            return
        runs, self._runs, self._size = self._runs, [], 0
        for name, parts in runs:
            self._emit("stream", {"name": name, "text": "".join(parts)})
        self._emitted_at = time.monotonic()


class StreamWriter(io.TextIOBase):
    """One of the cell's sys.stdout/sys.stderr, writing into the cell's shared StreamChannel.
    Flushing either stream sends both in order: stderr's text may not overtake stdout's."""

    def __init__(self, name: str, channel: StreamChannel):
        super().__init__()
        self.name = name
        self._channel = channel

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
        if text:
            self._channel.write(self.name, text)
        return len(text)

    def flush(self) -> None:
        self._channel.flush()
