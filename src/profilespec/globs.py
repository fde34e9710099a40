"""Gitignore-style glob patterns (``**`` spans directories) compiled to regular expressions."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache


@cache
def glob_to_regex(pattern: str) -> re.Pattern[str]:
    """Compile a glob matched against ``/``-separated paths relative to the handbook root.

    ``*`` and ``?`` stay within one path segment, ``**/`` matches zero or more directories,
    and a pattern without ``/`` matches the file name in any directory.
    """
    if "/" not in pattern.rstrip("/"):
        pattern = "**/" + pattern
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            end = pattern.find("]", index + 1)
            if end == -1:
                out.append(re.escape(char))
            else:
                body = pattern[index + 1 : end].replace("\\", "\\\\")
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body}]")
                index = end
        else:
            out.append(re.escape(char))
        index += 1
    regex = "".join(out)
    if pattern.endswith("/"):
        regex += ".*"
    return re.compile(f"^{regex}$")


def matches_any(path: str, patterns: tuple[str, ...] | list[str]) -> bool:
    return any(glob_to_regex(pattern).match(path) for pattern in patterns)


def matcher(patterns: tuple[str, ...] | list[str]) -> Callable[[str], bool]:
    """``matches_any`` for these patterns, as one regular expression (for many paths)."""
    if not patterns:
        return lambda _path: False
    combined = re.compile("|".join(f"(?:{glob_to_regex(pattern).pattern})" for pattern in patterns))
    return lambda path: combined.match(path) is not None
