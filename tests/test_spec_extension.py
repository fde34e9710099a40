"""A handbook that uses every field spec v1 gained for real write-ups, end to end.

`tests/data/extended_handbook` validates under every validator, lints with only the findings
its content deserves, shows every new field on its site pages (escaped), and is already in
`fmt`'s canonical form.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import markdown
import pytest

from conftest import ROOT, TODAY, run_cli
from profilespec import schema
from profilespec.engine import lint
from profilespec.handbook import load
from profilespec.loader import parse, read_source, to_json_compatible
from profilespec.model import DOCUMENT_MODELS
from profilespec.site.pages import build_site

EXTENDED = ROOT / "tests" / "data" / "extended_handbook"


def _documents() -> list[dict[str, Any]]:
    found = []
    for path in sorted(EXTENDED.rglob("*.yaml")):
        documents, problems = parse(read_source(path, path.name))  # type: ignore[arg-type]
        assert not problems
        found += [to_json_compatible(document.data) for document in documents]
    return found


@pytest.mark.parametrize("document", _documents(), ids=lambda d: d["metadata"]["id"])
def test_every_validator_accepts_it(document: dict[str, Any]) -> None:
    """The editors' JSON Schema, the combined schema and the pydantic models agree."""
    for name in (schema.SCHEMA_FILES[document["kind"]], schema.COMBINED_FILE):
        validator = jsonschema.Draft202012Validator(
            json.loads((ROOT / "schema" / name).read_text(encoding="utf-8")),
            format_checker=jsonschema.FormatChecker(),
        )
        assert not list(validator.iter_errors(document)), name
    DOCUMENT_MODELS[document["kind"]].model_validate_json(json.dumps(document))


def test_it_lints_with_only_the_findings_its_content_deserves() -> None:
    found = [(d.path, d.code) for d in lint([str(EXTENDED)], cwd=ROOT, today=TODAY).diagnostics]
    # One objection has no answer recorded yet; everything else is complete and specific.
    assert found == [
        ("tests/data/extended_handbook/personas/persona-close-crunch-carla.yaml", "PS217")
    ]


def test_it_is_in_canonical_fmt_form() -> None:
    result = run_cli("fmt", "--check", str(EXTENDED))
    assert result.returncode == 0, result.stdout + result.stderr


def _pages() -> dict[str, str]:
    handbook = load(EXTENDED, EXTENDED)
    site = build_site(handbook, [], TODAY, rule_pages=False)
    return {page.uri: markdown.markdown(page.content, extensions=["tables"]) for page in site.pages}


def _visible(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_every_new_field_shows_on_its_page() -> None:
    pages = _pages()
    india = _visible(pages["icps/icp-india-scaleups.md"])
    for shown in (
        "nice to have",  # criteria[].importance
        "checked: tech includes any of stripe ; weight 10",  # criteria[].when / weight
        "Bengaluru (also Bangalore) in IN-KA",  # regions.localities
        "Series A, Series B, Series C or later",  # funding_stage
        "50 crore-500 crore INR",  # lakh/crore amounts
        "Zoho Analytics zoho-analytics not displaced: running it rules the account out",
        "Metabase metabase we replace it",  # competitors
        "funding_stage is one of pre_seed , seed",  # a funding-stage disqualifier
    ):
        assert shown in india, shown
    us = _visible(pages["icps/icp-us-startups.md"])
    assert "100,000+ USD per month" in us  # period: month
    carla = _visible(pages["personas/persona-close-crunch-carla.md"])
    for shown in (
        "Department Finance, Revenue operations",  # department as a list
        "Also acts as Initiator, User",
        "Responsibilities Owns the month-end close for 4 legal entities",
        "A day in the life Starts at 8 with the bank feeds",
        "Jobs to be done When the month ends",
        "Motivations Was hired to cut the close",
        "What makes them start looking The board asks",
        "Discovery questions How many working days",
        "Notes Transcribed from the 2026 sales kick-off deck",
        "no answer recorded yet",
    ):
        assert shown in carla, shown
    ravi = _visible(pages["personas/persona-runway-ravi.md"])
    assert "Buying role Decision maker (counts as economic buyer)" in ravi
    assert "Gatekeeper" in ravi


PAYLOAD = "<script>window.__pwned = 1</script> [x](javascript:alert(1))"


@pytest.mark.parametrize(
    ("relative", "old"),
    [
        (
            "personas/persona-close-crunch-carla.yaml",
            "Owns the month-end close for 4 legal entities",
        ),
        (
            "personas/persona-close-crunch-carla.yaml",
            "Starts at 8 with the bank feeds of 4 entities",
        ),
        (
            "personas/persona-close-crunch-carla.yaml",
            "How many working days did your last close take?",
        ),
        (
            "personas/persona-close-crunch-carla.yaml",
            "Transcribed from the 2026 sales kick-off deck",
        ),
        (
            "personas/persona-runway-ravi.yaml",
            "Raised the last round on a promise of monthly board reporting",
        ),
        ("icps/icp-india-scaleups.yaml", "In-house spreadsheets"),
        ("icps/icp-india-scaleups.yaml", "Bangalore"),
        ("icps/icp-india-scaleups.yaml", "Bills at least part of its revenue through Stripe"),
    ],
)
def test_new_fields_are_escaped(tmp_path: Path, relative: str, old: str) -> None:
    root = tmp_path / "handbook"
    shutil.copytree(EXTENDED, root)
    target = root / relative
    text = target.read_text(encoding="utf-8")
    assert old in text
    # Quoted, so that it stays one value inside flow lists and mappings too.
    target.write_text(text.replace(old, json.dumps(PAYLOAD)), encoding="utf-8")
    handbook = load(root, root)
    assert not handbook.diagnostics, handbook.diagnostics
    site = build_site(handbook, [], TODAY, rule_pages=False)
    page = next(p for p in site.pages if p.uri.endswith(Path(relative).stem + ".md"))
    html = markdown.markdown(page.content, extensions=["tables", "attr_list", "md_in_html"])
    assert "<script" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html


def test_mkdocs_builds_it_strictly(tmp_path: Path) -> None:
    import subprocess
    import sys

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Extended\nplugins:\n  - profilespec:\n"
        f"      handbook: {EXTENDED}\n      fail_on: error\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "handbook" / "personas" / "persona-close-crunch-carla" / "index.html"
    assert "Discovery questions" in page.read_text(encoding="utf-8")
