"""GitHub Actions workflow commands: one annotation per finding on the changed lines.

Escaping follows the Actions toolkit: the message (command data) escapes ``%``, CR and LF;
property values (file, title) additionally escape ``:`` and ``,``, which would otherwise end
the value. After escaping, nothing a profile contains can start a new workflow command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profilespec.diagnostics import Severity
from profilespec.reporters import ReportOptions, clean, repo_relative, repository_root

if TYPE_CHECKING:
    from profilespec.engine import LintResult

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        from profilespec.reporters.text import summary_line

        root = repository_root(options.cwd)
        lines: list[str] = []
        for diagnostic in result.diagnostics:
            span = diagnostic.span
            properties = {
                "file": repo_relative(diagnostic.path, options.cwd, root),
                "line": str(span.line),
                "col": str(span.column),
            }
            if span.end_line is not None and span.end_column is not None:
                properties["endLine"] = str(span.end_line)
                # Spans end after the last character; annotations name the last character.
                properties["endColumn"] = str(max(span.end_column - 1, 1))
            properties["title"] = f"{diagnostic.code} {diagnostic.rule}"
            rendered = ",".join(
                f"{key}={escape_property(value)}" for key, value in properties.items()
            )
            message = escape_data(clean(diagnostic.message))
            lines.append(f"::{_COMMAND[diagnostic.severity]} {rendered}::{message}")
        if not options.quiet:
            lines.append(summary_line(result))
        return "\n".join(lines) + "\n"
