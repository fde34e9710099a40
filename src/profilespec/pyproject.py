"""Read ``[tool.profilespec]`` from the nearest ``pyproject.toml`` at or above a handbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from profilespec.config import ConfigError


def tool_config(start: Path) -> dict[str, Any] | None:
    """The ``[tool.profilespec]`` table of the nearest pyproject.toml, if there is one."""
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
            return table
        if (directory / ".git").exists():
            return None
    return None
