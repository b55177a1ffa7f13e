"""Jupyter comms in the kernel, with the API of the `comm` package (what ipywidgets 8 uses).

`install()` makes `import comm` reach this manager: if the real `comm` package is importable we
replace its `create_comm`/`get_comm_manager`, as ipykernel does; otherwise this module itself is
registered as `comm`. Messages to the page travel through `output._send` (the running cell's, or
the incoming comm message's, `emit`) as `comm_open`/`comm_msg`/`comm_close` with their metadata
and binary buffers; messages from the page arrive through `handle_message`.
"""

import sys
import uuid

from . import output

__version__ = "0.2.2+quire"


_host = [None]


def _send(kind, content, metadata=None, buffers=None):
    payload = {"content": content, "metadata": metadata or {}, "buffers": [bytes(b) for b in buffers or []]}
    if output._state["emit"] is None and getattr(_host[0], "postComm", None) is not None:
        # No cell or comm message is being handled (an asyncio task after its cell): the host
        # posts it untied to a request, and the page publishes it with the latest parent.
        _host[0].postComm(kind, payload)
        return
    output._send(kind, payload)


class Comm:
    """One end of a comm (comm.base_comm.BaseComm's API)."""

    def __init__(self, target_name="comm", data=None, metadata=None, buffers=None, comm_id=None,
                 primary=True, target_module=None, topic=None, _open_data=None, **kwargs):
        self.comm_id = comm_id or uuid.uuid4().hex
        self.target_name = target_name
        self.target_module = target_module
        self.primary = primary
        self._closed = True
        self._msg_callback = None
        self._close_callback = None
        if _open_data is not None:  # compatibility with comm's keyword
            data = _open_data
        if primary:
            # A comm the kernel starts opens the page's end now; one the page started is open already.
            self.open(data=data, metadata=metadata, buffers=buffers)
        else:
            self._closed = False

    def open(self, data=None, metadata=None, buffers=None):
        manager = get_comm_manager()
        manager.register_comm(self)
        try:
            _send("comm_open", {"comm_id": self.comm_id, "target_name": self.target_name,
                                "target_module": self.target_module, "data": data or {}}, metadata, buffers)
            self._closed = False
        except Exception:
            manager.unregister_comm(self)
            raise

    def send(self, data=None, metadata=None, buffers=None):
        if self._closed:
            return
        _send("comm_msg", {"comm_id": self.comm_id, "data": data or {}}, metadata, buffers)

    def close(self, data=None, metadata=None, buffers=None, deleting=False):
        if self._closed:
            return
        self._closed = True
        if not deleting:
            _send("comm_close", {"comm_id": self.comm_id, "data": data or {}}, metadata, buffers)
        get_comm_manager().unregister_comm(self)

    def on_msg(self, callback):
        """callback(msg) for each comm_msg from the page; msg is a Jupyter message dict."""
        self._msg_callback = callback

    def on_close(self, callback):
        self._close_callback = callback

    def handle_msg(self, msg):
        if self._msg_callback:
            self._msg_callback(msg)

    def handle_close(self, msg):
        if self._close_callback:
            self._close_callback(msg)


BaseComm = Comm


class CommManager:
    """comm.base_comm.CommManager: targets the page may open, and the comms that are open."""

    def __init__(self):
        self.comms = {}
        self.targets = {}

    def register_target(self, target_name, f):
        self.targets[target_name] = f

    def unregister_target(self, target_name, f=None):
        return self.targets.pop(target_name, None)

    def register_comm(self, comm):
        self.comms[comm.comm_id] = comm
        return comm.comm_id

    def unregister_comm(self, comm):
        self.comms.pop(comm.comm_id, None)

    def get_comm(self, comm_id):
        return self.comms.get(comm_id)

    # The page's side of the protocol; `msg` is a Jupyter message dict with content and buffers.
    def comm_open(self, stream, ident, msg):
        content = msg["content"]
        comm = Comm(comm_id=content["comm_id"], primary=False, target_name=content["target_name"])
        self.register_comm(comm)
        target = self.targets.get(content["target_name"])
        if target is None:
            # No one listens: close the page's end, as ipykernel does.
            comm.close()
            return
        try:
            target(comm, msg)
        except Exception:
            comm.close()
            raise

    def comm_msg(self, stream, ident, msg):
        comm = self.get_comm(msg["content"]["comm_id"])
        if comm is not None:
            comm.handle_msg(msg)

    def comm_close(self, stream, ident, msg):
        comm = self.get_comm(msg["content"]["comm_id"])
        if comm is None:
            return
        comm._closed = True
        self.unregister_comm(comm)
        comm.handle_close(msg)


_manager = CommManager()


def get_comm_manager():
    return _manager


def create_comm(*args, **kwargs):
    return Comm(*args, **kwargs)


def handle_message(msg_type, msg):
    """A comm_open/comm_msg/comm_close from the page, as a Jupyter message dict."""
    handlers = {"comm_open": _manager.comm_open, "comm_msg": _manager.comm_msg, "comm_close": _manager.comm_close}
    handlers[msg_type](None, None, msg)


def comm_info(target_name=None):
    """comm_info_reply's `comms`: the open comms, of one target if given."""
    return {cid: {"target_name": c.target_name} for cid, c in _manager.comms.items()
            if not target_name or c.target_name == target_name}


def install(host=None):
    """Point `import comm` at this manager (see the module docstring). `host` (kernel-host.ts)
    posts messages sent while no request is running."""
    _host[0] = host
    existing = sys.modules.get("comm")
    if existing is None:
        try:
            import comm as existing  # the real package, if the environment has it
        except ImportError:
            existing = None
    if existing is None or existing is sys.modules[__name__]:
        sys.modules["comm"] = sys.modules[__name__]
        return
    existing.create_comm = create_comm
    existing.get_comm_manager = get_comm_manager
