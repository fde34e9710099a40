"""Reporters turn a lint result into text for one audience; they never decide the exit code.

Each reporter lives in its own module and is imported only when asked for, so a plain lint
run pays for nothing it does not print. The helpers here are the pieces several formats
share: where the repository root is, the source line under a finding, and text cleaning.
"""

from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from profilespec.diagnostics import Diagnostic
    from profilespec.engine import LintResult

# Format name -> ("module:class", one-line description for --help).
REPORTERS: dict[str, tuple[str, str]] = {
    "text": ("profilespec.reporters.text:TextReporter", "findings with a code frame (terminal)"),
    "concise": ("profilespec.reporters.text:ConciseReporter", "one line per finding"),
    "json": ("profilespec.reporters.json:JsonReporter", "machine-readable JSON (stable contract)"),
    "sarif": ("profilespec.reporters.sarif:SarifReporter", "SARIF 2.1.0 for code scanning"),
    "github": (
        "profilespec.reporters.github:GithubReporter",
        "GitHub Actions annotations (workflow commands)",
    ),
    "junit": ("profilespec.reporters.junit:JunitReporter", "JUnit XML for CI test reports"),
    "markdown": (
        "profilespec.reporters.markdown:MarkdownReporter",
        "Markdown for $GITHUB_STEP_SUMMARY and PR comments",
    ),
}

# Terminal control characters (C0 except tab, DEL, C1): a profile value must never move the
# cursor, recolour the terminal, or start a new line that CI would read as a workflow command.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_MAX_SOURCE_BYTES = 5 * 1024 * 1024


def clean(text: str) -> str:
    """User text with terminal control characters made visible instead of interpreted."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


@dataclass(frozen=True)
class ReportOptions:
    """How the user asked for output to look, and where paths are relative to."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False
    cwd: Path = field(default_factory=Path.cwd)


class Reporter(Protocol):
    def render(self, result: LintResult, options: ReportOptions) -> str: ...


def get_reporter(name: str) -> Reporter:
    module_name, _, class_name = REPORTERS[name][0].partition(":")
    reporter: Reporter = getattr(importlib.import_module(module_name), class_name)()
    return reporter


def repository_root(cwd: Path) -> Path:
    """The nearest directory at or above ``cwd`` holding ``.git``, else ``cwd`` itself.

    Code scanning and workflow annotations resolve paths against the repository root, not
    against the directory the linter happened to run in.
    """
    current = cwd.resolve()
    for candidate in (current, *current.parents):
        if (candidate / ".git").exists():
            return candidate
    return current


def repo_relative(path: str, cwd: Path, root: Path) -> str:
    """A diagnostic path (relative to ``cwd``) relative to ``root``, ``/``-separated."""
    absolute = Path(os.path.normpath(cwd.resolve() / path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


class SourceLines:
    """The text of the files findings point at, from the lint run or else from disk."""

    def __init__(self, result: LintResult, cwd: Path) -> None:
        self._cwd = cwd
        self._quoted = result.source_lines
        self._texts: dict[str, str] = {}
        for handbook in result.handbooks:
            for document in handbook.documents:
                self._texts.setdefault(document.source.display_path, document.source.text)
        self._lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        """Line ``number`` (1-based) of ``path`` without its line ending, if there is one."""
        quoted = self._quoted.get(path)
        if quoted is not None and number in quoted:
            return quoted[number]
        lines = self._lines.get(path)
        if lines is None:
            text = self._texts.get(path)
            if text is None:
                text = self._read(path)
            lines = self._lines[path] = text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return None

    def _read(self, path: str) -> str:
        # Files that failed to load (syntax errors) keep no text in the result.
        file = self._cwd / path
        try:
            if not file.is_file() or file.stat().st_size > _MAX_SOURCE_BYTES:
                return ""
            return file.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")
        except OSError:
            return ""


def highlight(diagnostic: Diagnostic, line: str) -> tuple[int, int]:
    """Start offset (0-based) and width of the part of ``line`` a finding points at."""
    span = diagnostic.span
    start = min(max(span.column - 1, 0), len(line))
    if span.end_line == span.line and span.end_column is not None:
        end = min(span.end_column - 1, len(line))
    else:
        end = len(line.rstrip())
    return start, max(end - start, 1)
