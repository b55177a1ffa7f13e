"""A tiny package the Quire demo installs from a wheel, to show requirements.txt at work."""

__version__ = "0.1.0"


def greet(name: str) -> str:
    """Return a friendly greeting."""
    return f"Hello, {name}! This line comes from quire_hello {__version__}, installed from a wheel."


def bar_chart(values: dict, width: int = 30) -> str:
    """Draw a horizontal bar chart of ``values`` with text characters."""
    if not values:
        return ""
    top = max(values.values()) or 1
    label_width = max(len(str(k)) for k in values)
    lines = []
    for key, value in values.items():
        bar = "█" * round(width * value / top)
        lines.append(f"{str(key).ljust(label_width)} {bar} {value:g}")
    return "\n".join(lines)
