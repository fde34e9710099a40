"""The handbook site's Markdown, rendered without mkdocs: numbers, optional fields, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest

from conftest import TODAY
from profilespec.diagnostics import Diagnostic, Severity, Span
from profilespec.handbook import load
from profilespec.site import markup
from profilespec.site.pages import Site, build_site

ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata:
  id: icp-clinics
  title: Multi-site outpatient clinics
  owner: team:revops
  status: active
  last_reviewed: 2026-09-14
spec:
  priority: 1
  summary: US outpatient clinic groups with 3-40 sites
  firmographics:
    employees: {min: 80, max: 1200}
    annual_revenue: {min: 8_000_000, max: 150M, currency: USD}
    industries:
      include: [{naics: "621111"}]
    regions: {include: [US, CA, DACH], exclude: [CA-QC]}
    offices: {min: 3}
    company_age_years: {max: 30}
  disqualifiers:
    - id: dq-hospital
      when: {any: [{field: employees, op: gt, value: 5000}, {field: naics, op: prefix_in, value: ["622"]}]}
      reason: Hospital systems buy through RFPs
  evidence:
    - {id: ev-crm, type: crm_analysis, summary: 104 opportunities, sample_size: 104, date: 2026-07-03}
"""

PERSONA = """\
apiVersion: profilespec/v1
kind: Persona
metadata: {id: persona-fran, title: Spreadsheet Firefighter Fran, owner: team:pmm, status: draft}
spec:
  icp_refs: [icp-clinics]
  archetype: Spreadsheet Firefighter Fran
  buying_role: {primary: champion, influence: high}
  goals: [Submit every payer report within 5 days]
  pain_points: [Merges 6 EHR exports by hand every month]
"""

MINIMAL_ICP = """\
apiVersion: profilespec/v1
kind: ICP
metadata: {id: icp-bare, title: Bare, owner: team:revops, status: draft}
spec:
  summary: Dental groups in Ohio with 5-20 practices
"""

# Every way a profile could try to smuggle markup into the site.
PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "[click me](javascript:window.__pwned=1)",
    "![img](javascript:alert(1))",
    "<a href='javascript:alert(1)'>x</a>",
    'Trailing attribute list {: onclick="alert(1)" }',
    "Autolink <javascript:alert(1)>",
    "&lt;script&gt;already escaped&lt;/script&gt;",
    '--8<-- "/etc/passwd"',
    "| table | breaker |\n\n<div>raw block</div>",
]


def _site(tmp_path: Path, files: dict[str, str], **options: bool) -> Site:
    for relative, text in files.items():
        target = tmp_path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (tmp_path / "profilespec.yaml").write_text(
        "apiVersion: profilespec/v1\nkind: Handbook\nmetadata: {id: hb, title: Test handbook}\n",
        encoding="utf-8",
    )
    handbook = load(tmp_path, tmp_path)
    assert not handbook.diagnostics, handbook.diagnostics
    return build_site(handbook, [], TODAY, **options)


def _page(site: Site, uri: str) -> str:
    return next(page.content for page in site.pages if page.uri == uri)


def _html(text: str) -> str:
    """Render as mkdocs would, with the extensions material users typically enable."""
    return markdown.markdown(
        text, extensions=["tables", "admonition", "attr_list", "md_in_html", "toc"]
    )


def test_firmographics_read_like_a_person_wrote_them(tmp_path: Path) -> None:
    page = _page(_site(tmp_path, {"icps/a.yaml": ICP}), "icps/icp-clinics.md")
    html = _html(page)
    assert "80-1,200 employees" in html
    assert "8,000,000-150,000,000 USD (US Dollar)" in html
    assert "3+" in html  # offices: a lower bound only
    assert "up to 30 years" in html
    assert "Offices of Physicians (except Mental Health Specialists)" in html
    assert "United States" in html and "Canada" in html
    assert "Quebec, Canada" in html
    assert "(Austria, Switzerland, Germany)" in html  # a built-in group, spelled out
    assert "<code>employees</code> is above <code>5000</code>" in html
    assert "starts with one of <code>622</code>" in html
    assert "Hospital systems buy through RFPs" in html


def test_icp_page_lists_its_personas_and_persona_links_back(tmp_path: Path) -> None:
    site = _site(tmp_path, {"icps/a.yaml": ICP, "personas/fran.yaml": PERSONA})
    icp = _page(site, "icps/icp-clinics.md")
    persona = _page(site, "personas/persona-fran.md")
    assert "[Spreadsheet Firefighter Fran](../personas/persona-fran.md)" in icp
    assert "[Multi\\-site outpatient clinics](../icps/icp-clinics.md)" in persona
    assert "| Buying role | Champion |" in persona
    overview = _page(site, "index.md")
    assert "(icps/icp-clinics.md)" in overview and "(personas/persona-fran.md)" in overview
    # evidence: sample size and date in the table
    assert re.search(r"\| 104 \| 2026\\-07\\-03 \|", icp)


def test_missing_optional_fields_leave_no_empty_sections(tmp_path: Path) -> None:
    site = _site(tmp_path, {"icps/bare.yaml": MINIMAL_ICP})
    page = _page(site, "icps/icp-bare.md")
    assert "Dental groups in Ohio" in page
    for heading in ("Firmographics", "Disqualifiers", "Evidence", "Pains", "Links", "Notes"):
        assert f"## {heading}" not in page
    assert "No persona points at this ICP yet" in page
    overview = _page(site, "index.md")
    assert "| — | [Bare](icps/icp-bare.md)" in overview  # no priority written
    assert "No personas yet." in overview


@pytest.mark.parametrize("payload", PAYLOADS)
def test_user_text_never_becomes_markup(tmp_path: Path, payload: str) -> None:
    quoted = payload.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    icp = (
        MINIMAL_ICP.replace("title: Bare", f'title: "{quoted}"')
        + f'  criteria: ["{quoted}"]\n  notes: "{quoted}"\n'
        + f'  pains: [{{statement: "{quoted}", severity: high}}]\n'
    )
    site = _site(tmp_path, {"icps/bare.yaml": icp})
    for page in site.pages[:2]:
        html = _html(page.content)
        assert "<script" not in html
        assert "<img" not in html
        assert "<div>" not in html
        assert not re.search(r"<[^>]+\son\w+=", html), html  # no event-handler attribute
        assert "javascript:" not in "".join(re.findall(r'(?:href|src)="([^"]*)"', html))
    # the text itself is still there for a reader, shown literally
    title_html = _html(_page(site, "icps/icp-bare.md")).split("</h1>")[0]
    visible = re.sub(r"<[^>]+>", "", title_html)
    expected = markup.html.escape(re.sub(r"\s+", " ", payload).strip(), quote=False)
    assert visible.endswith(expected)


def test_nav_titles_stay_plain_text(tmp_path: Path) -> None:
    icp = MINIMAL_ICP.replace("title: Bare", 'title: "<b>Bold</b> & co"')
    site = _site(tmp_path, {"icps/bare.yaml": icp})
    icp_section = next(item for item in site.nav if item.title == "ICPs")
    # The plugin HTML-escapes nav titles; the renderer hands over the raw text.
    assert icp_section.children[0].title == "<b>Bold</b> & co"


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://wiki.example/page?a=1&b=2", True),
        ("http://example.com", True),
        ("../reports/q3.md", True),
        ("reports/q3.md#section", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("mailto:someone@example.com", False),
        ("", False),
    ],
)
def test_only_http_and_relative_urls_become_links(url: str, allowed: bool) -> None:
    assert (markup.safe_url(url) is not None) is allowed
    rendered = markup.link("label", url)
    assert ("<a href=" in rendered) is allowed


def test_links_in_metadata_are_filtered_and_escaped(tmp_path: Path) -> None:
    icp = MINIMAL_ICP.replace(
        "status: draft}",
        "status: draft, links: ["
        '{title: Good, url: "https://wiki.example/a?x=1&y=\\"2"}, '
        '{title: Evil, url: "javascript:alert(1)"}]}',
    )
    page = _html(_page(_site(tmp_path, {"icps/bare.yaml": icp}), "icps/icp-bare.md"))
    assert '<a href="https://wiki.example/a?x=1&amp;y=&quot;2">Good</a>' in page
    assert "javascript:alert(1)" in page  # shown as text ...
    assert 'href="javascript' not in page  # ... never as a link


def test_lint_findings_show_as_an_escaped_admonition(tmp_path: Path) -> None:
    site_files = {"icps/bare.yaml": MINIMAL_ICP}
    _site(tmp_path, site_files)
    handbook = load(tmp_path, tmp_path)
    finding = Diagnostic(
        path="icps/bare.yaml",
        span=Span(5, 12),
        code="PS201",
        rule="vague-criterion",
        message='"<b>growth</b>" is vague; name a number',
        severity=Severity.WARNING,
    )
    shown = build_site(handbook, [finding], TODAY, rule_pages=False)
    html = _html(_page(shown, "icps/icp-bare.md"))
    assert 'class="admonition warning"' in html
    assert "1 lint finding" in html
    assert "&lt;b&gt;growth&lt;/b&gt;" in html and "<b>growth" not in html
    assert 'href="../rules/PS201.md"' in html
    portfolio = finding.with_changes(path="profilespec.yaml", span=Span(1, 1), code="PS401")
    overview = _html(_page(build_site(handbook, [portfolio], TODAY), "index.md"))
    assert "The linter found 1 warning" in overview
    assert 'href="rules/PS401.md"' in overview and "&lt;b&gt;growth" in overview
    hidden = build_site(handbook, [finding], TODAY, show_findings=False, rule_pages=False)
    assert "admonition" not in _page(hidden, "icps/icp-bare.md")


def test_review_dashboard_sorts_by_urgency(tmp_path: Path) -> None:
    overdue = MINIMAL_ICP.replace("status: draft}", "status: active, last_reviewed: 2026-01-01}")
    fresh = (
        MINIMAL_ICP.replace("icp-bare", "icp-fresh")
        .replace("title: Bare", "title: Fresh")
        .replace("status: draft}", "status: active, last_reviewed: 2026-10-01}")
    )
    site = _site(tmp_path, {"icps/bare.yaml": overdue, "icps/fresh.yaml": fresh})
    page = _page(site, "reviews.md")
    assert page.index("icps/icp-bare.md") < page.index("icps/icp-fresh.md")
    # due 2026-01-01 + 182 days = 2026-07-02, which is 122 days before TODAY
    assert "ps-badge--overdue" in page and "| 122 |" in page
    assert "1 overdue" in page


def test_rule_reference_has_a_page_per_rule() -> None:
    from profilespec.rules import all_rules
    from profilespec.site.pages import rule_reference_pages

    pages = {page.uri: page for page in rule_reference_pages()}
    for code in all_rules():
        assert f"rules/{code}.md" in pages
        assert f"[{code}]({code}.md)" in pages["rules/index.md"].content


def test_tables_leave_room_charts_take_the_picture(tmp_path: Path) -> None:
    long_summary = "US outpatient clinic groups " + "with many sites and long sentences " * 8
    icp = ICP.replace(
        "summary: US outpatient clinic groups with 3-40 sites", f"summary: {long_summary}"
    ).replace("owner: team:revops", "owner: person:maya-ortiz-de-la-fuente")
    site = _site(tmp_path, {"icps/a.yaml": icp, "personas/fran.yaml": PERSONA})
    overview = _html(_page(site, "index.md"))
    # the summary is cut on the overview and whole on the ICP page
    row = re.search(r"<tr>\s*<td>1</td>.*?</tr>", overview, re.S)
    assert row is not None
    row = row.group()
    assert "US outpatient clinic groups with many sites" in row and "…" in row
    assert long_summary.strip()[:200] not in overview
    assert long_summary.strip() in _html(_page(site, "icps/icp-clinics.md"))
    assert '<code class="ps-owner">person:maya\\-ortiz\\-de\\-la\\-fuente</code>' not in overview
    assert '<code class="ps-owner">person:maya-ortiz-de-la-fuente</code>' in overview
    # every chart is a figure with its table; the ICP page has its evidence strip
    assert 'class="ps-chart ps-chart--icp-map"' in overview
    assert 'class="ps-chart ps-chart--committee"' in _html(_page(site, "matrix.md"))
    assert 'class="ps-chart ps-chart--timeline"' in _html(_page(site, "reviews.md"))
    assert 'class="ps-chart ps-chart--freshness"' in _html(_page(site, "icps/icp-clinics.md"))
    assert "<summary>The chart as a table</summary>" in overview
