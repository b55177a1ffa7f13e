"""IPython.display's common classes, stdlib only. Each object carries its data and says how to
show it through the `_repr_*_` methods that quire_kernel's formatter (like IPython's) calls."""

import base64
import json
import os
import struct
from html import escape

from quire_kernel.output import (  # noqa: F401
    DisplayHandle, clear_output, display, publish_display_data, update_display)


class DisplayObject:
    _read_flags = "r"

    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, str) and data.startswith(("http://", "https://")) and url is None:
            url, data = data, None
        elif isinstance(data, str) and filename is None and len(data) < 4096 and "\n" not in data \
                and os.path.isfile(data):
            filename, data = data, None
        self.data, self.url, self.filename = data, url, filename
        self.metadata = metadata or {}
        if filename is not None and data is None:
            with open(filename, self._read_flags) as f:
                self.data = f.read()

    def _meta(self):
        return dict(self.metadata) or None

    def __repr__(self):
        return f"<IPython.core.display.{type(self).__name__} object>"


class TextDisplayObject(DisplayObject):
    def __init__(self, data=None, url=None, filename=None, metadata=None):
        if isinstance(data, (list, tuple)):
            data = "".join(data)
        super().__init__(data, url, filename, metadata)


class HTML(TextDisplayObject):
    def _repr_html_(self):
        return self.data


class Markdown(TextDisplayObject):
    def _repr_markdown_(self):
        return self.data


class Math(TextDisplayObject):
    def _repr_latex_(self):
        text = (self.data or "").strip("$")
        return f"$\\displaystyle {text}$"


class Latex(TextDisplayObject):
    def _repr_latex_(self):
        return self.data


class SVG(DisplayObject):
    def _repr_svg_(self):
        data = self.data
        return data.decode("utf-8") if isinstance(data, bytes) else data


class Javascript(TextDisplayObject):
    def _repr_javascript_(self):
        return self.data


class Pretty(TextDisplayObject):

    def __repr__(self):
        return str(self.data)


class JSON(DisplayObject):
    def __init__(self, data=None, url=None, filename=None, expanded=False, metadata=None, root="root", **kwargs):
        super().__init__(data, url, filename, metadata)
        if isinstance(self.data, str):
            self.data = json.loads(self.data)
        self.metadata = {"expanded": expanded, "root": root, **self.metadata}

    def _repr_json_(self):
        return self.data, self.metadata


_PNG, _JPEG = b"\x89PNG\r\n\x1a\n", b"\xff\xd8"


def _png_size(data: bytes):
    if data[:8] == _PNG and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    return None


class Image(DisplayObject):
    _read_flags = "rb"

    def __init__(self, data=None, url=None, filename=None, format=None, embed=None, width=None,
                 height=None, retina=False, unconfined=False, metadata=None, alt=None):
        if isinstance(data, bytes):
            super().__init__(data, None, None, metadata)
        else:
            super().__init__(data, url, filename, metadata)
        self.embed = self.data is not None if embed is None else embed
        if self.embed and self.data is None and self.url is not None:
            raise ValueError("Image(url=..., embed=True) needs the image data: fetch it first")
        name = (self.filename or self.url or "").lower()
        if format is None:
            head = self.data[:8] if isinstance(self.data, bytes) else b""
            format = "jpeg" if head.startswith(_JPEG) or name.endswith((".jpg", ".jpeg")) else \
                "svg" if name.endswith(".svg") else "png"
        self.format = "jpeg" if format == "jpg" else format
        self.width, self.height, self.alt = width, height, alt
        if retina and self.format == "png" and self.data and _png_size(self.data):
            w, h = _png_size(self.data)
            self.width, self.height = self.width or w // 2, self.height or h // 2

    def _md(self):
        md = {k: v for k, v in (("width", self.width), ("height", self.height), ("alt", self.alt)) if v}
        return {**md, **self.metadata} or None

    def _repr_html_(self):
        if self.embed:
            return None
        size = "".join(f' {k}="{v}"' for k, v in (("width", self.width), ("height", self.height)) if v)
        return f'<img src="{escape(self.url or "", quote=True)}"{size}/>'

    def _repr_png_(self):
        return (self.data, self._md()) if self.embed and self.format == "png" else None

    def _repr_jpeg_(self):
        return (self.data, self._md()) if self.embed and self.format == "jpeg" else None

    def _repr_svg_(self):
        if self.embed and self.format == "svg":
            return self.data.decode("utf-8") if isinstance(self.data, bytes) else self.data
        return None


class IFrame:
    def __init__(self, src, width, height, **kwargs):
        self.src, self.width, self.height = src, width, height

    def _repr_html_(self):
        return (f'<iframe width="{self.width}" height="{self.height}" src="{escape(self.src, quote=True)}" '
                'frameborder="0" allowfullscreen></iframe>')


def _display_as(cls):
    def show(*objs, raw=False, **kwargs):
        for obj in objs:
            display(cls(obj) if raw else obj)
    return show


display_html, display_markdown, display_latex = _display_as(HTML), _display_as(Markdown), _display_as(Latex)
display_svg, display_json, display_javascript = _display_as(SVG), _display_as(JSON), _display_as(Javascript)
display_png = display_jpeg = _display_as(Image)
display_pretty = _display_as(Pretty)
