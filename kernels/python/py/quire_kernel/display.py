"""IPython's display formatter, stdlib only: an object → (data, metadata) mimebundle."""

import base64
import inspect
import pprint

# The `_repr_*_` methods IPython looks for, in the order it tries them.
_REPR_METHODS = {
    "text/html": "_repr_html_",
    "text/markdown": "_repr_markdown_",
    "image/svg+xml": "_repr_svg_",
    "image/png": "_repr_png_",
    "image/jpeg": "_repr_jpeg_",
    "text/latex": "_repr_latex_",
    "application/json": "_repr_json_",
    "application/javascript": "_repr_javascript_",
}
_BINARY = {"image/png", "image/jpeg"}
# Builtin containers print like IPython's pretty printer: wrapped at 79 columns, in insertion order.
_PRETTY_TYPES = (dict, list, tuple, set, frozenset)


def _plain(obj) -> str:
    if type(obj) in _PRETTY_TYPES:
        return pprint.pformat(obj, width=79, sort_dicts=False)
    return repr(obj)


def _encode(mime: str, value):
    # Jupyter carries binary images as base64 text.
    if mime in _BINARY and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value


def _split(value):
    """A repr method may return `data` or `(data, metadata)`, as in IPython."""
    if isinstance(value, tuple) and len(value) == 2 and (value[1] is None or isinstance(value[1], dict)):
        return value
    return value, None


def format_display(obj, include=None, exclude=None):
    """Returns `(data, metadata)`. `text/plain` always (an error in `repr` propagates, as in
    IPython); `_repr_mimebundle_` first, then each `_repr_*_` fills what it left out."""
    data, metadata = {}, {}
    # A class has the methods unbound: asking it would call them without `self`.
    rich = not inspect.isclass(obj)
    bundle_method = getattr(obj, "_repr_mimebundle_", None) if rich else None
    if callable(bundle_method):
        try:
            bundle, md = _split(bundle_method(include=include, exclude=exclude))
            for mime, value in (bundle or {}).items():
                data[mime] = _encode(mime, value)
            metadata.update(md or {})
        except Exception:
            pass  # a broken rich repr must not hide the plain one (IPython warns and moves on)
    for mime, name in _REPR_METHODS.items() if rich else ():
        if mime in data or (include and mime not in include) or (exclude and mime in exclude):
            continue
        method = getattr(obj, name, None)
        if not callable(method):
            continue
        try:
            value, md = _split(method())
        except Exception:
            continue
        if value is None:
            continue
        data[mime] = _encode(mime, value)
        if md:
            metadata[mime] = md
    if "text/plain" not in data:
        data["text/plain"] = _plain(obj)
    return data, metadata


def mimebundle(obj) -> dict:
    return format_display(obj)[0]
