"""`%pip install` / `!pip install`: the kernel's host (the page) resolves and downloads wheels with
Quire's environment resolver; the host unpacks them into site-packages. No pip in the browser."""

import importlib
import importlib.metadata
import sys

_IGNORED_FLAGS = {"-q", "--quiet", "-U", "--upgrade", "--user", "--no-cache-dir", "-y", "--yes",
                  "--pre", "--no-deps", "--force-reinstall", "-v", "--verbose", "--progress-bar"}


def _requirements(args):
    reqs, i = [], 0
    while i < len(args):
        a = args[i]
        if a in ("-r", "--requirement"):
            i += 1
            with open(args[i], encoding="utf-8") as f:
                reqs += [line.split("#")[0].strip() for line in f if line.split("#")[0].strip()]
        elif a.startswith("-"):
            if a not in _IGNORED_FLAGS:
                print(f"pip: ignoring option {a}", file=sys.stderr)
        else:
            reqs.append(a)
        i += 1
    return reqs


def _list():
    dists = sorted((d.metadata["Name"] or "", d.version) for d in importlib.metadata.distributions())
    width = max((len(n) for n, _ in dists), default=7)
    print(f"{'Package':<{width}} Version\n{'-' * width} -------")
    for name, version in dists:
        print(f"{name:<{width}} {version}")


async def run(host, args):
    sub, rest = (args[0], args[1:]) if args else ("", [])
    if sub in ("list", "freeze"):
        return _list()
    if sub != "install":
        print(f"pip {sub}: only `pip install` and `pip list` work in the browser.", file=sys.stderr)
        return
    reqs = _requirements(rest)
    if not reqs:
        print("pip install: no packages given", file=sys.stderr)
        return
    if not host.canInstall:
        print("pip install: installing packages is not available in this session.", file=sys.stderr)
        return
    print(f"Installing {', '.join(reqs)} ...")
    try:
        from pyodide.ffi import to_js
        installed = (await host.install(to_js(reqs))).to_py()
    except Exception as e:
        print(f"pip install failed: {getattr(e, 'message', None) or e}", file=sys.stderr)
        return
    importlib.invalidate_caches()
    names = " ".join(w.split("-")[0] + "-" + w.split("-")[1] for w in installed if w.count("-") >= 2)
    print(f"Successfully installed {names}" if names else "Requirements already satisfied.")
    print("Note: you may need to restart the kernel to use updated packages.")
