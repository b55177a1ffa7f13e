"""Where display output goes: the running cell's `emit`, plus display ids for update_display."""

import sys
import uuid

from .display import format_display

_state = {"emit": None}


def set_emit(emit) -> None:
    _state["emit"] = emit


def _send(kind: str, content: dict) -> None:
    emit = _state["emit"]
    if emit is None:
        return
    # Text printed before the display call must appear before it.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    emit(kind, content)


class DisplayHandle:
    """What `display(..., display_id=...)` returns, as IPython's DisplayHandle."""

    def __init__(self, display_id=None):
        self.display_id = display_id or uuid.uuid4().hex

    def __repr__(self):
        return f"<DisplayHandle display_id={self.display_id}>"

    def display(self, obj, **kwargs):
        display(obj, display_id=self.display_id, **kwargs)

    def update(self, obj, **kwargs):
        display(obj, display_id=self.display_id, update=True, **kwargs)


def display(*objs, include=None, exclude=None, metadata=None, transient=None, display_id=None,
            raw=False, clear=False, update=False, **kwargs):
    """IPython.display.display: one display_data per object; with `display_id`, a handle."""
    if display_id is True:
        display_id = uuid.uuid4().hex
    if clear:
        clear_output(wait=True)
    transient = dict(transient or {})
    if display_id:
        transient["display_id"] = display_id
    for obj in objs:
        if raw:
            data, md = obj, {}
        else:
            data, md = format_display(obj, include, exclude)
        md = {**md, **(metadata or {})}
        kind = "update_display_data" if update else "display_data"
        _send(kind, {"data": data, "metadata": md, "transient": transient})
    if display_id and not update:
        return DisplayHandle(display_id)
    return None


def update_display(obj, *, display_id, **kwargs):
    display(obj, display_id=display_id, update=True, **kwargs)


def publish_display_data(data, metadata=None, transient=None, **kwargs):
    _send("display_data", {"data": data, "metadata": metadata or {}, "transient": transient or {}})


def clear_output(wait=False):
    _send("clear_output", {"wait": bool(wait)})
