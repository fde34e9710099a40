"""Machine-readable JSON: the stable contract for scripts and CI."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from profilespec.reporters import ReportOptions

if TYPE_CHECKING:
    from profilespec.engine import LintResult

SCHEMA_VERSION = 1


class JsonReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        diagnostics: list[dict[str, Any]] = []
        for diagnostic in result.diagnostics:
            item: dict[str, Any] = {
                "code": diagnostic.code,
                "rule": diagnostic.rule,
                "severity": diagnostic.severity.label,
                "path": diagnostic.path,
                "line": diagnostic.line,
                "column": diagnostic.column,
                "message": diagnostic.message,
            }
            if diagnostic.span.end_line is not None:
                item["end_line"] = diagnostic.span.end_line
                item["end_column"] = diagnostic.span.end_column
            if diagnostic.data_path:
                item["data_path"] = diagnostic.data_path
            diagnostics.append(item)
        payload = {
            "version": SCHEMA_VERSION,
            "diagnostics": diagnostics,
            "summary": {**result.counts(), "files": result.files_checked},
        }
        return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
