"""The `!` commands tutorials use, done in Python against Pyodide's file system and the browser's
fetch. There is no shell in a browser tab: anything else says so instead of failing obscurely."""

import os
import shlex
import stat
import time

NO_SHELL = ("shell commands are not available in the browser; run this repository on Binder "
            "for a full shell")


class CommandError(Exception):
    """A command failed the way a shell command would: the message is printed, not raised."""


def ls(args):
    flags = {a for a in args if a.startswith("-")}
    paths = [a for a in args if not a.startswith("-")] or ["."]
    show_all, long = any("a" in f for f in flags), any("l" in f for f in flags)
    for path in paths:
        if not os.path.exists(path):
            raise CommandError(f"ls: cannot access '{path}': No such file or directory")
        if not os.path.isdir(path):
            print(path)
            continue
        if len(paths) > 1:
            print(f"{path}:")
        for name in sorted(os.listdir(path)):
            if name.startswith(".") and not show_all:
                continue
            if long:
                st = os.stat(os.path.join(path, name))
                when = time.strftime("%b %d %H:%M", time.localtime(st.st_mtime))
                print(f"{stat.filemode(st.st_mode)} {st.st_size:>9} {when} {name}")
            else:
                print(name + ("/" if os.path.isdir(os.path.join(path, name)) else ""))


def cat(args):
    for path in args:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                print(f.read(), end="")
        except OSError as e:
            raise CommandError(f"cat: {path}: {e.strerror}") from None


def _download_args(tool: str, args):
    """(url, output path or None for stdout). curl: -o NAME, -O (name from the URL); wget: -O
    NAME (`-` for stdout), else the URL's name. Other flags (-L, -s, -q, ...) change nothing here."""
    url, out, i = None, None, 0
    remote_name = tool == "wget"
    while i < len(args):
        a = args[i]
        if a in ("-o", "--output") and tool == "curl" or a in ("-O", "--output-document") and tool == "wget":
            i += 1
            out = args[i] if i < len(args) else None
        elif a in ("-O", "--remote-name") and tool == "curl":
            remote_name = True
        elif not a.startswith("-"):
            url = a
        i += 1
    if url is None:
        raise CommandError(f"{tool}: no URL given")
    if out == "-":
        out = None
    elif out is None and remote_name:
        out = url.split("?")[0].rstrip("/").rsplit("/", 1)[-1] or "index.html"
    return url, out


async def download(tool: str, args):
    url, out = _download_args(tool, args)
    try:
        from pyodide.http import pyfetch
        response = await pyfetch(url)
    except Exception as e:
        raise CommandError(
            f"{tool}: could not fetch {url} ({e}). A browser can only download from servers that "
            "allow cross-origin requests (CORS); this one may not.") from None
    if not response.ok:
        raise CommandError(f"{tool}: {url}: HTTP {response.status} {response.status_text}")
    data = await response.bytes()
    if out is None:
        print(data.decode("utf-8", "replace"), end="")
        return
    with open(out, "wb") as f:
        f.write(data)
    print(f"{tool}: saved {len(data)} bytes to {out}")


def split(command: str):
    return shlex.split(command, posix=True)
