"""input() and getpass() answered from the notebook (Jupyter's input_request/input_reply). The
host blocks this worker until the reply arrives (SharedArrayBuffer + Atomics.wait), so it needs a
cross-origin isolated page; without it the call fails with a message that says so."""

import builtins
import getpass
import sys

NOT_ISOLATED = ("input() needs memory shared with the kernel (SharedArrayBuffer), which this browser or host "
                "does not provide: the page is not cross-origin isolated, or, as in Safari (WebKit), the "
                "kernel's sandboxed frame cannot share it; set the value in the code instead")


class StdinNotImplementedError(RuntimeError):
    """The name IPython's kernel uses when input cannot be requested."""


def install(host) -> None:
    def read(prompt, password: bool) -> str:
        sys.stdout.flush()
        sys.stderr.flush()
        if not host.canReadInput:
            raise StdinNotImplementedError(NOT_ISOLATED)
        answer = host.readInput(str(prompt), password)
        if answer is None:
            # The host gave up waiting: the cell was interrupted or the kernel restarted.
            raise KeyboardInterrupt("input interrupted")
        return str(answer)

    def input(prompt=""):
        return read(prompt, False)

    def getpass_(prompt="Password: ", stream=None):
        return read(prompt, True)

    builtins.input = input
    getpass.getpass = getpass_
