"""Reporters turn a lint result into text for one audience; they never decide the exit code.

Each reporter lives in its own module and is imported only when asked for, so a plain lint
run pays for nothing it does not print.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from profilespec.engine import LintResult

# Format name -> "module:class".
REPORTERS = {
    "text": "profilespec.reporters.text:TextReporter",
    "json": "profilespec.reporters.json:JsonReporter",
}


@dataclass(frozen=True)
class ReportOptions:
    """How the user asked for output to look."""

    color: bool = False
    quiet: bool = False
    statistics: bool = False
    cwd: Path = field(default_factory=Path.cwd)


class Reporter(Protocol):
    def render(self, result: LintResult, options: ReportOptions) -> str: ...


def get_reporter(name: str) -> Reporter:
    module_name, _, class_name = REPORTERS[name].partition(":")
    reporter: Reporter = getattr(importlib.import_module(module_name), class_name)()
    return reporter
