"""IPython's input/output history in the user's namespace: In, Out, _, __, ___, _i, _N, _iN."""


class History:
    def __init__(self, namespace: dict):
        self.ns = namespace
        self.inputs = [""]  # In[0] is empty in IPython: cells count from 1
        self.outputs = {}
        namespace.update({"In": self.inputs, "Out": self.outputs, "_ih": self.inputs, "_oh": self.outputs,
                          "_": "", "__": "", "___": "", "_i": "", "_ii": "", "_iii": ""})

    def record_input(self, code: str, count: int) -> None:
        while len(self.inputs) < count:
            self.inputs.append("")  # counts skipped (e.g. store_history off) keep In[n] aligned
        if len(self.inputs) == count:
            self.inputs.append(code)
        else:
            self.inputs[count] = code
        ns = self.ns
        ns["_iii"], ns["_ii"], ns["_i"] = ns.get("_ii", ""), ns.get("_i", ""), code
        ns[f"_i{count}"] = code

    def record_output(self, value, count: int) -> None:
        """The displayhook's bookkeeping: `Out[n]`, `_n`, and the `_`/`__`/`___` shift. Kept
        only for values shown as Out[n] (not None, not hidden with `;`), as IPython does."""
        ns = self.ns
        self.outputs[count] = value
        ns[f"_{count}"] = value
        ns["___"], ns["__"], ns["_"] = ns.get("__", ""), ns.get("_", ""), value
