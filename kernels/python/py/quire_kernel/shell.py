"""`get_ipython()`: the shell object magic and `!` lines are turned into calls on."""

import os
import re
import sys
import time
import timeit

from . import comm_kernel, commands, mpl, pip


class Shell:
    def __init__(self, namespace: dict, host):
        self.user_ns = namespace
        self.host = host
        self._initial = set(namespace)
        self.kernel = comm_kernel.Kernel()
        _current[0] = self

    def showtraceback(self, *args, **kwargs):
        """IPython's: ipywidgets calls it when a widget callback raises. To stderr, which is the
        cell's or (in a comm handler) the comm message's."""
        import traceback
        traceback.print_exc()

    # Line magics ---------------------------------------------------------------------------
    def run_line_magic(self, name: str, line: str):
        method = getattr(self, f"magic_{name}", None)
        if name not in _NO_EXPAND:
            line = self.var_expand(line)
        if method is None:
            raise UsageError(f"Line magic function `%{name}` not found (Quire supports "
                             "%pip, %time, %timeit, %who, %cd, %pwd, %ls, %matplotlib).")
        return method(line)

    def magic_pip(self, line):
        return pip.run(self.host, commands.split(line))

    magic_conda = magic_mamba = magic_pip

    def magic_time(self, line):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return self._eval_or_exec(line)
        finally:
            wall, used = time.perf_counter() - start, time.process_time() - cpu
            print(f"CPU times: user {_fmt(used)}, sys: 0 ns, total: {_fmt(used)}\nWall time: {_fmt(wall)}")

    def magic_timeit(self, line):
        timer = timeit.Timer(line, globals=self.user_ns)
        number, _ = timer.autorange()
        runs = [t / number for t in timer.repeat(repeat=7, number=number)]
        mean = sum(runs) / len(runs)
        std = (sum((r - mean) ** 2 for r in runs) / len(runs)) ** 0.5
        print(f"{_fmt(mean)} ± {_fmt(std)} per loop (mean ± std. dev. of 7 runs, {number} loops each)")

    def magic_who(self, line):
        names = sorted(n for n in self.user_ns if n not in self._initial and not n.startswith("_"))
        print("\t".join(names) if names else "Interactive namespace is empty.")

    def magic_cd(self, line):
        os.chdir(os.path.expanduser(line.strip() or "~"))
        print(os.getcwd())

    def magic_pwd(self, line):
        return os.getcwd()

    def magic_ls(self, line):
        self._command(commands.ls, commands.split(line))

    def magic_matplotlib(self, line):
        mpl.use_inline()

    # Shell lines -------------------------------------------------------------------------------
    def var_expand(self, text: str) -> str:
        """IPython's `$name` and `{expression}` in magic and shell lines (`$$` is a literal `$`);
        a name that is not defined is left as written."""
        def value(match):
            whole, name, expr = match.group(0), match.group(1), match.group(2)
            if whole == "$$":
                return "$"
            try:
                return str(self.user_ns[name] if name else eval(expr, self.user_ns))
            except Exception:
                return whole
        return _VAR.sub(value, text)

    def system(self, command: str):
        argv = commands.split(self.var_expand(command))
        tool = argv[0] if argv else ""
        if tool in ("pip", "pip3", "conda", "mamba"):
            return pip.run(self.host, argv[1:])
        if tool in ("curl", "wget"):
            return self._download(tool, argv[1:])
        simple = {"ls": commands.ls, "cat": commands.cat,
                  "pwd": lambda a: print(os.getcwd()), "echo": lambda a: print(" ".join(a))}
        if tool in simple:
            return self._command(simple[tool], argv[1:])
        print(f"!{command}: {commands.NO_SHELL}.", file=sys.stderr)

    async def _download(self, tool, args):
        try:
            await commands.download(tool, args)
        except commands.CommandError as e:
            print(e, file=sys.stderr)

    def _command(self, fn, args):
        try:
            fn(args)
        except commands.CommandError as e:
            print(e, file=sys.stderr)

    def _eval_or_exec(self, source: str):
        try:
            code = compile(source, "<timed>", "eval")
        except SyntaxError:
            exec(compile(source, "<timed>", "exec"), self.user_ns)
            return None
        return eval(code, self.user_ns)


# Magics whose argument is Python code: `{}` and `$` there belong to Python.
_NO_EXPAND = {"time", "timeit"}
_VAR = re.compile(r"\$\$|\$([A-Za-z_]\w*)|\{([^{}]+)\}")


class UsageError(Exception):
    pass


def _fmt(seconds: float) -> str:
    """Seconds in IPython's style: '1.23 s', '12.3 ms', '4.56 µs', '789 ns'."""
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds * 1e9:.3g} ns"


_current = [None]


def get_ipython():
    """The running kernel's shell, as IPython's `get_ipython()` (None outside the kernel)."""
    return _current[0]
