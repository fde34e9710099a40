"""Human-readable output for a terminal: one line per finding and a summary."""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from profilespec.diagnostics import Severity
from profilespec.reporters import ReportOptions

if TYPE_CHECKING:
    from profilespec.engine import LintResult

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _RESET = "\033[1m", "\033[0m"


def clean(text: str) -> str:
    """User text with terminal control characters made visible instead of interpreted."""
    return _CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


class TextReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        lines: list[str] = []
        for diagnostic in result.diagnostics:
            location = f"{clean(diagnostic.path)}:{diagnostic.line}:{diagnostic.column}:"
            code = f"{diagnostic.code} [{diagnostic.rule}]"
            if options.color:
                location = f"{_BOLD}{location}{_RESET}"
                code = f"{_COLORS[diagnostic.severity]}{code}{_RESET}"
            lines.append(f"{location} {code} {clean(diagnostic.message)}")
        if options.statistics:
            lines.extend(_statistics(result))
        if not options.quiet:
            lines.append(_summary(result, options.color))
        return "\n".join(lines) + ("\n" if lines else "")


def _statistics(result: LintResult) -> list[str]:
    counts = Counter((d.code, d.rule) for d in result.diagnostics)
    return [f"{count:>5}  {code}  {rule}" for (code, rule), count in sorted(counts.items())]


def _summary(result: LintResult, color: bool) -> str:
    counts = result.counts()
    files = result.files_checked
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not result.diagnostics:
        return f"All good: {checked}, no findings."
    parts = [
        f"{counts[label]} {label}{'s' if counts[label] != 1 else ''}"
        for label in ("error", "warning", "info")
        if counts[label]
    ]
    summary = f"Found {', '.join(parts)} in {checked}."
    if color and counts["error"]:
        summary = f"{_COLORS[Severity.ERROR]}{summary}{_RESET}"
    return summary
