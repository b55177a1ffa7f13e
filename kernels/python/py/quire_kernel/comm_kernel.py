"""`get_ipython().kernel`: the little of ipykernel's Kernel that widget libraries use.

ipywidgets' Output widget captures a cell's output by the msg_id of the request being handled
(`kernel.get_parent()["header"]["msg_id"]`); older ipywidgets find comms at `kernel.comm_manager`.
Nothing else of ipykernel (sockets, sessions) exists here.
"""

from . import comm


class Kernel:
    def __init__(self):
        self._parent = {}

    @property
    def comm_manager(self):
        return comm.get_comm_manager()

    def set_parent(self, msg_id: str) -> None:
        self._parent = {"header": {"msg_id": msg_id, "msg_type": "execute_request"}} if msg_id else {}

    def get_parent(self, channel=None) -> dict:
        return self._parent
