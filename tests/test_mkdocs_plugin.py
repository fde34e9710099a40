"""The mkdocs plugin, through real ``mkdocs build --strict`` runs in a subprocess."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

EXPECTED_PAGES = [
    "index.html",
    "icps/icp-midmarket-manufacturers/index.html",
    "icps/icp-multi-entity-distributors/index.html",
    "personas/persona-close-crunch-controller/index.html",
    "matrix/index.html",
    "reviews/index.html",
    "rules/index.html",
    "rules/PS001/index.html",
]

INJECTION_TITLE = "</title><img src=x onerror=alert(1)> Evil & co"

HANDBOOK = """\
apiVersion: profilespec/v1
kind: Handbook
metadata: {id: hb, title: Test handbook}
spec:
  defaults: {today: 2026-11-01}
"""

ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-test
  title: "TITLE"
  owner: team:revops
  status: draft
spec:
  summary: Dental groups in Ohio with 5-20 practices
"""


def _build(
    tmp_path: Path, plugin: str, *, theme: str = "mkdocs", nav: str = ""
) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nOur team's site.\n", encoding="utf-8")
    config = f"site_name: Test site\ntheme: {theme}\nplugins:\n  - search\n{plugin}{nav}"
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


def _plugin(handbook: Path, **options: str) -> str:
    lines = [f"  - profilespec:\n      handbook: {handbook}\n"]
    lines += [f"      {key}: {value}\n" for key, value in options.items()]
    return "".join(lines)


def _handbook(tmp_path: Path, icp: str) -> Path:
    root = tmp_path / "handbook"
    (root / "icps").mkdir(parents=True)
    (root / "profilespec.yaml").write_text(HANDBOOK, encoding="utf-8")
    (root / "icps" / "icp-test.yaml").write_text(icp, encoding="utf-8")
    return root


@pytest.mark.parametrize("theme", ["mkdocs", pytest.param("material", marks=pytest.mark.slow)])
def test_example_handbook_builds_strictly(tmp_path: Path, theme: str) -> None:
    result = _build(tmp_path, _plugin(EXAMPLES), theme=theme)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site" / "handbook"
    for page in EXPECTED_PAGES:
        assert (site / page).is_file(), page
    assert not (tmp_path / "docs" / "handbook").exists()  # generated in memory only
    overview = (site / "index.html").read_text(encoding="utf-8")
    # generated nav: the ICP and persona pages are reachable from every page
    assert "icps/icp-midmarket-manufacturers/" in overview
    assert "personas/persona-close-crunch-controller/" in overview
    assert "Mid-market discrete manufacturers (US, CA)" in overview
    icp = (site / "icps/icp-midmarket-manufacturers/index.html").read_text(encoding="utf-8")
    assert "200-2,000 employees" in icp
    assert (site / "profilespec.css").is_file()
    assert re.search(r'<link[^>]*href="(\.\./)*profilespec\.css"', icp)


def test_lint_errors_fail_the_build_with_the_lint_output(tmp_path: Path) -> None:
    broken = ICP.replace("TITLE", "Broken").replace("  summary:", "  sumary:")
    root = _handbook(tmp_path, broken)
    result = _build(tmp_path, _plugin(root))
    assert result.returncode != 0
    assert "icps/icp-test.yaml" in result.stderr
    assert "PS003" in result.stderr and "did you mean `summary`" in result.stderr
    assert "Traceback" not in result.stderr
    relaxed = _build(tmp_path, _plugin(root, fail_on="never"))
    assert relaxed.returncode == 0, relaxed.stderr
    overview = (tmp_path / "site" / "handbook" / "index.html").read_text(encoding="utf-8")
    # PS003 for `sumary` (the summary it then lacks is PS212, info on a draft, once rules
    # run on documents with schema errors)
    found = re.search(r"The linter found ([^<\"]+)", overview)
    assert found and "1 error" in found.group(1).split(", ")


def test_findings_below_fail_on_show_on_the_profile_page(tmp_path: Path) -> None:
    # A suppression that suppresses nothing: PS004, a warning, on a valid profile.
    icp = ICP.replace("TITLE", "Stale ignore").replace(
        "  status: draft\n", "  status: draft  # profilespec: ignore[PS003] -- old\n"
    )
    root = _handbook(tmp_path, icp)
    assert _build(tmp_path, _plugin(root, fail_on="warning")).returncode != 0
    result = _build(tmp_path, _plugin(root))
    assert result.returncode == 0, result.stderr
    page = tmp_path / "site" / "handbook" / "icps" / "icp-test" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert 'class="admonition warning"' in html and "PS004" in html
    hidden = _build(tmp_path, _plugin(root, show_lint_findings="false"))
    assert hidden.returncode == 0, hidden.stderr
    assert "admonition" not in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("theme", ["mkdocs", pytest.param("material", marks=pytest.mark.slow)])
def test_profile_titles_are_escaped_in_nav_and_title(tmp_path: Path, theme: str) -> None:
    root = _handbook(tmp_path, ICP.replace("TITLE", INJECTION_TITLE))
    result = _build(tmp_path, _plugin(root), theme=theme)
    assert result.returncode == 0, result.stderr
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html, page
        assert not re.search(r"<[^>]*\sonerror=", html), page
    html = (tmp_path / "site/handbook/icps/icp-test/index.html").read_text(encoding="utf-8")
    shown = "&lt;/title&gt;&lt;img src=x onerror=alert(1)&gt; Evil &amp; co"
    assert html.count(shown) >= 2  # the heading and the <title>


def test_a_user_nav_is_kept_and_its_section_entry_expanded(tmp_path: Path) -> None:
    nav = textwrap.dedent("""\
        nav:
          - Start: index.md
          - Targeting: sales/
        """)
    result = _build(tmp_path, _plugin(EXAMPLES, section="Sales"), nav=nav)
    assert result.returncode == 0, result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Start" in home and "Targeting" in home
    assert "sales/icps/icp-multi-entity-distributors/" in home
    assert "sales/matrix/" in home


def test_missing_handbook_is_a_clear_error(tmp_path: Path) -> None:
    result = _build(tmp_path, _plugin(tmp_path / "nowhere"))
    assert result.returncode != 0
    assert "no profilespec.yaml found" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_project_docs_site_builds_strictly(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    spec = (out / "reference" / "spec" / "index.html").read_text(encoding="utf-8")
    assert "spec.firmographics.employees" in spec and "Headcount range." in spec
    assert (out / "reference" / "rules" / "PS001" / "index.html").is_file()
    assert (out / "example-handbook" / "matrix" / "index.html").is_file()
    assert not (out / "hooks").exists()


@pytest.mark.parametrize("directory_urls", [True, False])
def test_chart_links_resolve_as_mkdocs_serves_the_pages(
    tmp_path: Path, directory_urls: bool
) -> None:
    """Charts are raw HTML, which mkdocs does not rewrite: their links are written resolved."""
    charts = ROOT / "tests" / "data" / "charts-handbook"
    options = _plugin(charts, fail_on="never")
    result = _build(tmp_path, options + f"use_directory_urls: {str(directory_urls).lower()}\n")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    pages = {
        "overview": "handbook/index.html",
        "matrix": "handbook/matrix/index.html" if directory_urls else "handbook/matrix.html",
        "reviews": "handbook/reviews/index.html" if directory_urls else "handbook/reviews.html",
    }
    checked = 0
    for name, page in pages.items():
        html = (site / page).read_text(encoding="utf-8")
        figures = re.findall(r"<figure class=\"ps-chart.*?</figure>", html)
        assert figures, name
        for href in re.findall(r'href="([^"]+)"', "".join(figures)):
            target = (site / page).parent / href
            target = target / "index.html" if href.endswith("/") else target
            assert target.is_file(), (name, href)
            checked += 1
    assert checked >= 10
    css = (site / "handbook" / "profilespec.css").read_text(encoding="utf-8")
    assert ".ps-badge" in css and ".ps-chart" in css
