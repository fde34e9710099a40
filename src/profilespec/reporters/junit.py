"""JUnit XML, the test-report format every CI system can display.

Each finding is a test case named after its rule and place; findings at or above the
failure level are failures, lower ones pass and carry their message as output. A clean run
is one passing case, so CI shows that the check ran.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from profilespec.reporters import ReportOptions, clean

if TYPE_CHECKING:
    from profilespec.engine import LintResult


# Characters XML 1.0 cannot carry at all, even escaped (compiling this costs ~10 ms, so it
# lives here rather than on every run's import path).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """Text that an XML 1.0 document can hold (the serializer escapes the rest)."""
    return _NOT_XML.sub("\ufffd", clean(text))


class JunitReporter:
    def render(self, result: LintResult, options: ReportOptions) -> str:
        failures = sum(1 for d in result.diagnostics if d.severity >= result.fail_on)
        tests = max(len(result.diagnostics), 1)
        counts = {"tests": str(tests), "failures": str(failures), "errors": "0", "skipped": "0"}
        suites = ET.Element("testsuites", {"name": "profilespec", **counts})
        suite = ET.SubElement(suites, "testsuite", {"name": "profilespec lint", **counts})
        for diagnostic in result.diagnostics:
            location = f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"
            case = ET.SubElement(
                suite,
                "testcase",
                {
                    "classname": xml_text(diagnostic.path),
                    "name": xml_text(f"{diagnostic.code} {diagnostic.rule} at {location}"),
                    "file": xml_text(diagnostic.path),
                    "line": str(diagnostic.line),
                },
            )
            text = xml_text(f"{location}: {diagnostic.severity.label}: {diagnostic.message}")
            if diagnostic.severity >= result.fail_on:
                failure = ET.SubElement(
                    case,
                    "failure",
                    {"type": diagnostic.code, "message": xml_text(diagnostic.message)},
                )
                failure.text = text
            else:
                ET.SubElement(case, "system-out").text = text
        if not result.diagnostics:
            name = f"{result.files_checked} files checked, no findings"
            ET.SubElement(suite, "testcase", {"classname": "profilespec", "name": name})
        ET.indent(suites)
        body = ET.tostring(suites, encoding="unicode")
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'
