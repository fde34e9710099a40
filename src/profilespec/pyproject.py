"""Read ``[tool.profilespec]`` from the nearest ``pyproject.toml`` at or above a directory.

The table holds lint settings, and ``handbook``: where the handbook of a repository lives
(``handbook = "profiles"``), so commands run from the repository root find it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from profilespec.config import ConfigError

# Keys of the table that say where things are, not how to lint.
HANDBOOK_KEY = "handbook"


def tool_table(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest pyproject.toml at or above ``start`` (not above a git root), and its
    ``[tool.profilespec]`` table, if it has one."""
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8")
            if "profilespec" not in text:
                return None
            import tomllib

            try:
                table = tomllib.loads(text).get("tool", {}).get("profilespec")
            except tomllib.TOMLDecodeError as error:
                raise ConfigError(f"{candidate}: not valid TOML: {error}") from error
            if table is None:
                return None
            if not isinstance(table, dict):
                raise ConfigError(f"{candidate}: `[tool.profilespec]` must be a table")
            return candidate, table
        if (directory / ".git").exists():
            return None
    return None


def tool_config(start: Path) -> dict[str, Any] | None:
    """The lint settings of the nearest ``[tool.profilespec]`` table, if there is one."""
    found = tool_table(start)
    if found is None:
        return None
    return {key: value for key, value in found[1].items() if key != HANDBOOK_KEY}


def handbook_setting(start: Path) -> tuple[Path, Path] | None:
    """(pyproject.toml, the directory its ``handbook`` names) for the nearest table that sets it."""
    found = tool_table(start)
    if found is None or HANDBOOK_KEY not in found[1]:
        return None
    pyproject, table = found
    value = table[HANDBOOK_KEY]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(
            f"{pyproject}: `[tool.profilespec] handbook` must be the handbook's directory as "
            f'text, relative to pyproject.toml, for example `handbook = "profiles"`; got {value!r}'
        )
    return pyproject, pyproject.parent / value
