"""Turn a Python object into a Jupyter mimebundle (the `data` of execute_result/display_data)."""

import base64
import inspect

# The `_repr_*_` methods IPython looks for, in the order it tries them.
_REPR_METHODS = {
    "text/html": "_repr_html_",
    "text/markdown": "_repr_markdown_",
    "image/svg+xml": "_repr_svg_",
    "image/png": "_repr_png_",
    "image/jpeg": "_repr_jpeg_",
    "text/latex": "_repr_latex_",
    "application/json": "_repr_json_",
}
_BINARY = {"image/png", "image/jpeg"}


def mimebundle(obj) -> dict:
    """`text/plain` always (an error in `repr` propagates, as in IPython); rich forms when offered."""
    data = {"text/plain": repr(obj)}
    # A class has the methods unbound: asking it would call them without `self`.
    if inspect.isclass(obj):
        return data
    for mime, name in _REPR_METHODS.items():
        method = getattr(obj, name, None)
        if not callable(method):
            continue
        try:
            value = method()
        except Exception:
            # A broken rich repr must not hide the plain one (IPython prints a warning and moves on).
            continue
        if value is None:
            continue
        if isinstance(value, tuple):  # (data, metadata) form; metadata is not carried yet
            value = value[0]
        if mime in _BINARY and isinstance(value, (bytes, bytearray)):
            value = base64.b64encode(value).decode("ascii")
        data[mime] = value
    return data
