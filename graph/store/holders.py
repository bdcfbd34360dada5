"""Which processes hold a database file open – for a "database locked" message that says who.

Linux only (``/proc``); elsewhere, or without permission to look, the answer is empty
and the message stays general.  Only our own user's processes are readable anyway.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["holders", "describe_holders"]


def holders(path: str | Path) -> list[tuple[int, str]]:
    """``(pid, command line)`` of other processes with ``path`` (or a file beside it) open."""
    target = Path(path).resolve()
    prefix = str(target)
    found: list[tuple[int, str]] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            links = [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except OSError:
            continue
        if any(link == prefix or link.startswith(prefix + ".") for link in links):
            try:
                cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            except OSError:
                cmd = ""
            found.append((int(entry.name), _short(cmd)))
    return sorted(found)


def _short(cmd: str) -> str:
    # "/usr/bin/python3 /home/x/.venv/bin/kooperacja serve --port 8000" → "kooperacja serve --port 8000"
    parts = cmd.split()  # also folds the newlines of a `python -c` program
    for i, part in enumerate(parts):
        if part.endswith("kooperacja"):
            return " ".join(["kooperacja", *parts[i + 1 :]])[:120]
    return " ".join(parts)[:120]


def describe_holders(path: str | Path) -> str:
    """Polish text naming the holders, e.g. ``trzyma ją proces 4242 (kooperacja serve)``; empty if unknown."""
    found = holders(path)
    if not found:
        return ""
    named = ", ".join(f"{pid} ({cmd})" if cmd else str(pid) for pid, cmd in found)
    return ("trzyma ją proces " if len(found) == 1 else "trzymają ją procesy ") + named
