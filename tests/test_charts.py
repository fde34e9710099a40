"""Charts as inline SVG: the geometry, the data they draw, and escaping everything users wrote.

Every chart is parsed with a real XML parser: SVG inside HTML is XML, and a profile title that
broke it would break the page (or run script in it).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from conftest import ROOT
from profilespec import predicates
from profilespec.handbook import load
from profilespec.matrix import build as build_matrix
from profilespec.reviews import review_statuses
from profilespec.site.charts import committee, freshness, icp_map, timeline
from profilespec.site.charts.geometry import (
    Box,
    DateScale,
    LinearScale,
    LogScale,
    Span,
    hatch,
    log_domain,
    nice_maximum,
    short_number,
)
from profilespec.site.charts.svg import Figure, el, escape, fit, link, text_width, wrap
from profilespec.site.pages import build_site

CHARTS = ROOT / "tests" / "data" / "charts-handbook"
TODAY = dt.date(2026, 11, 1)
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = [
    "</title><script>window.__pwned=1</script>",
    '"><svg onload="alert(1)">',
    "' onmouseover='alert(1)",
    "&lt;script&gt; &amp; &#x3c;b&#x3e; &unknown;",
    "]]><![CDATA[<script>alert(1)</script>",
    "<!-- comment --> <?xml-stylesheet href='x'?>",
    "{--critic--} {++add++} `code` $math$ | pipe \\ backslash",
    '--8<-- "/etc/hostname"',
    "nul\x00 escape\x1b bell\x07 \ufffe line\nbreak\ttab",
    "javascript:alert(1)",
]


# --- geometry -------------------------------------------------------------------------------


def test_log_scale_maps_decades_evenly_and_clamps() -> None:
    scale = LogScale(10, 10_000, 0, 300)
    assert scale(10) == 0 and scale(10_000) == 300
    assert scale(100) == pytest.approx(100) and scale(1000) == pytest.approx(200)
    assert scale(math.sqrt(10) * 100) == pytest.approx(150)
    assert scale(1) == 0 and scale(1e9) == 300  # outside the domain: the edge
    assert scale(None) == 0 and scale(None, open_side="high") == 300  # open bounds: the edges
    inverted = LogScale(10, 1000, 300, 0)  # y axes grow upwards
    assert inverted(10) == 300 and inverted(1000) == 0
    with pytest.raises(ValueError):
        LogScale(0, 10, 0, 1)


def test_log_ticks_are_round_and_inside_the_domain() -> None:
    assert LogScale(100, 10_000, 0, 1).ticks() == [100, 200, 500, 1000, 2000, 5000, 10_000]
    assert LogScale(1, 1e8, 0, 1).ticks() == [10.0**e for e in range(9)]
    assert LogScale(1e6, 1e9, 0, 1).ticks() == [1e6, 3e6, 1e7, 3e7, 1e8, 3e8, 1e9]


def test_log_domain_gives_open_bounds_a_decade_of_their_own() -> None:
    assert log_domain([200, 2000], open_low=False, open_high=False) == (100, 10_000)
    assert log_domain([200, 2000], open_low=False, open_high=True) == (100, 100_000)
    assert log_domain([200, 2000], open_low=True, open_high=False) == (10, 10_000)
    assert log_domain([5], open_low=True, open_high=False) == (1, 10)  # never below the floor
    assert log_domain([100], open_low=False, open_high=False) == (100, 1000)  # one value
    assert log_domain([None], open_low=True, open_high=True) == (1, 1000)  # nothing finite


def test_spans_and_boxes_intersect_with_open_sides() -> None:
    assert Span(100, 1000).intersect(Span(500, None)) == Span(500, 1000)
    assert Span(None, 50).intersect(Span(None, None)) == Span(None, 50)
    assert Span(100, 200).intersect(Span(200, 300)) == Span(200, 200)  # inclusive ends touch
    assert Span(100, 199).intersect(Span(200, 300)) is None
    first = Box(Span(80, 1200), Span(8e6, 1.5e8))
    second = Box(Span(1000, None), Span(2.2e8, None))
    assert first.intersect(second) is None  # share headcount, not revenue
    third = Box(Span(None, 100), Span(None, None))
    assert first.intersect(third) == Box(Span(80, 100), Span(8e6, 1.5e8))


def test_hatching_stays_inside_its_rectangle_and_lines_up_across_neighbours() -> None:
    segments = hatch(10, 20, 110, 70, 6)
    assert segments
    for x1, y1, x2, y2 in segments:
        for x, y in ((x1, y1), (x2, y2)):
            assert 10 - 1e-9 <= x <= 110 + 1e-9 and 20 - 1e-9 <= y <= 70 + 1e-9
        assert x2 - x1 == pytest.approx(y1 - y2)  # 45 degrees, rising to the right
    # Two rectangles side by side: the lines meet at the shared edge (one pattern, not two).
    left = {round(y1 + x1, 6) % 6 for x1, y1, _, _ in hatch(0, 0, 50, 40, 6)}
    right = {round(y1 + x1, 6) % 6 for x1, y1, _, _ in hatch(50, 0, 100, 40, 6)}
    assert left == right == {0}
    assert hatch(0, 0, 0, 10, 6) == []


def test_date_scale_ticks_fit_the_width() -> None:
    scale = DateScale(dt.date(2026, 1, 10), dt.date(2026, 6, 20), 0, 600)
    ticks = scale.ticks()
    assert [day for day, _ in ticks] == [dt.date(2026, m, 1) for m in range(2, 7)]
    assert ticks[0][1] == "Feb"
    long = DateScale(dt.date(2020, 1, 1), dt.date(2026, 12, 31), 0, 300)
    assert all(day.month == 1 for day, _ in long.ticks()) and long.ticks()[0][1] == "2020"
    assert scale(dt.date(2026, 1, 10)) == 0 and scale(dt.date(2027, 1, 1)) == 600


def test_numbers_read_like_axis_labels() -> None:
    assert [short_number(v) for v in (50, 1000, 2500, 1e6, 2.5e7, 3e9)] == [
        "50",
        "1k",
        "2.5k",
        "1M",
        "25M",
        "3B",
    ]
    assert nice_maximum(7) == 10 and nice_maximum(230) == 250 and nice_maximum(0) == 1
    assert LinearScale(0, 100, 0, 10).ticks(5) == [0, 20, 40, 60, 80, 100]


def test_labels_are_cut_to_fit() -> None:
    title = "Mid-market discrete manufacturers (US, CA)"
    assert fit(title, 1000, 12) == title
    short = fit(title, 120, 12)
    assert short.endswith("…") and text_width(short, 12) <= 120
    assert fit("x", 1, 12) == ""
    lines = wrap(title, 150, 12, 2)
    assert len(lines) == 2 and all(text_width(line, 12) <= 150 for line in lines)


# --- the ICP map's data ---------------------------------------------------------------------


def _cut(when: dict[str, object], employees: Span, revenue: Span) -> tuple[list[Box], list[Box]]:
    return icp_map.cut_boxes(predicates.parse(when), employees, revenue)


def test_a_headcount_disqualifier_cuts_the_top_of_the_band() -> None:
    certain, possible = _cut(
        {"field": "employees", "op": "gt", "value": 5000}, Span(100, 10_000), Span(1e6, 1e8)
    )
    assert certain == [Box(Span(5000, 10_000), Span(1e6, 1e8))] and possible == []
    # Outside the band: nothing to cut.
    assert _cut({"field": "employees", "op": "gt", "value": 5000}, Span(100, 1000), Span()) == (
        [],
        [],
    )


def test_a_disqualifier_that_also_reads_other_fields_only_may_cut() -> None:
    when = {
        "all": [
            {"field": "annual_revenue", "op": "lt", "value": "1M"},
            {"field": "tech", "op": "any_of", "value": ["sap"]},
        ]
    }
    certain, possible = _cut(when, Span(10, 100), Span(None, None))
    assert certain == [] and possible == [Box(Span(10, 100), Span(None, 1e6))]
    # `any` with a field the map cannot show: the plane part is certain.
    either = {
        "any": [
            {"field": "employees", "op": "lte", "value": 20},
            {"field": "naics", "op": "in", "value": ["622"]},
        ]
    }
    certain, possible = _cut(either, Span(10, 100), Span(None, None))
    assert certain == [Box(Span(10, 20), Span(None, None))]
    assert possible == [Box(Span(20, 100), Span(None, None))]
    # `missing` on another field is unknown on the map, not "true because absent".
    missing = {
        "all": [{"field": "employees", "op": "gt", "value": 50}, {"field": "tech", "op": "missing"}]
    }
    certain, possible = _cut(missing, Span(10, 100), Span())
    assert certain == [] and possible == [Box(Span(50, 100), Span())]


def _charts_handbook():  # type: ignore[no-untyped-def]
    handbook = load(CHARTS, CHARTS)
    assert not handbook.diagnostics, handbook.diagnostics
    return handbook


def test_the_portfolio_converts_currencies_and_says_what_is_missing() -> None:
    handbook = _charts_handbook()
    data = icp_map.portfolio(handbook.profiles("ICP"), "USD", {}, lambda i: f"icps/{i}.md")
    by_id = {icp.id: icp for icp in data.icps}
    assert set(by_id) == {"icp-clinics", "icp-enterprise", "icp-hostile"}  # no draft
    enterprise = by_id["icp-enterprise"]
    assert enterprise.revenue == Span(100e6 * 1.1, None) and enterprise.revenue_currency == "EUR"
    assert enterprise.employees == Span(1000, None)
    hostile = by_id["icp-hostile"]
    assert not hostile.states_revenue and hostile.employees == Span(None, 50)
    assert any("Draft ICPs are not drawn (1)" in note for note in data.notes)
    clinics = by_id["icp-clinics"]
    (cut,) = clinics.cuts
    assert cut.id == "dq-hospital" and cut.certain == (Box(Span(1000, 1200), Span(8e6, 1.5e8)),)
    assert [c.depends_on for c in enterprise.cuts] == [("tech",)]
    shared = {(a.id, b.id): box for a, b, box in icp_map.overlaps(data.icps)}
    # 1,000-1,200 employees and 110M-150M USD fit both; up to 50 employees fits only one.
    assert list(shared) == [("icp-clinics", "icp-enterprise")]
    box = shared["icp-clinics", "icp-enterprise"]
    assert box.x == Span(1000, 1200)
    assert (box.y.low, box.y.high) == (pytest.approx(110e6), 150e6)
    figure = icp_map.figure(data)
    assert any("no revenue range" in note for note in figure.notes)
    assert any("EUR is placed at rough fixed rates" in note for note in figure.notes)


def test_one_dimension_only_draws_rows_and_says_so(tmp_path: Path) -> None:
    config = (CHARTS / "profilespec.yaml").read_text(encoding="utf-8")
    (tmp_path / "icps").mkdir()
    (tmp_path / "profilespec.yaml").write_text(config, encoding="utf-8")
    for name, employees in (("a", "{min: 10, max: 100}"), ("b", "{min: 500}")):
        (tmp_path / "icps" / f"{name}.yaml").write_text(
            "apiVersion: profilespec/v1\nkind: ICP\n"
            f"metadata: {{id: icp-{name}, title: ICP {name}, owner: team:x, status: active}}\n"
            f"spec:\n  summary: Firms with 10-100 staff\n  firmographics:\n    employees: {employees}\n",
            encoding="utf-8",
        )
    handbook = load(tmp_path, tmp_path)
    figure = icp_map.figure(icp_map.portfolio(handbook.profiles("ICP"), "USD", {}, lambda i: None))
    assert figure.svg is not None
    assert figure.notes[0].startswith("No ICP states a revenue range")
    svg = _parse(figure.svg.render())
    assert len(svg.findall(f".//{SVG}g[@class='ps-map__icp']")) == 2


def test_no_bounds_at_all_is_a_sentence_not_an_empty_chart(tmp_path: Path) -> None:
    figure = icp_map.figure(icp_map.Portfolio("USD", ()))
    assert figure.svg is None and "no map to draw" in figure.notes[0]
    assert "<svg" not in figure.html() and "no map to draw" in figure.html()


# --- escaping -------------------------------------------------------------------------------


def _parse(text: str) -> ET.Element:
    return ET.fromstring(text)


def _assert_inert(root: ET.Element) -> None:
    for node in root.iter():
        tag = node.tag.split("}")[-1]
        assert tag not in ("script", "foreignObject", "iframe", "img", "object", "embed"), tag
        for name, value in node.attrib.items():
            assert not name.split("}")[-1].lower().startswith("on"), (tag, name)
            if name.endswith("href"):
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), value


def _texts(root: ET.Element) -> str:
    return " ".join("".join(node.itertext()) for node in root.iter() if node.tag.endswith("title"))


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_titles_stay_text_in_every_chart(payload: str) -> None:
    shown = re.sub(r"\s+", " ", re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", "", payload)).strip()
    icp = icp_map.MapIcp(
        id="icp-x",
        title=payload,
        href="javascript:alert(1)",
        employees=Span(10, 100),
        revenue=Span(1e6, None),
        states_employees=True,
        states_revenue=True,
        cuts=(icp_map.Cut(id=payload, reason=payload, certain=(Box(Span(50, 100), Span()),)),),
    )
    other = icp_map.MapIcp("icp-y", "Other", "icps/y.md", Span(20, 200), Span(), True, False)
    item = freshness.Item(id=payload, type=payload, date=TODAY, sample_size=3, summary=payload)
    figures = [
        icp_map.figure(icp_map.Portfolio(payload, (icp, other))),
        freshness.figure([item], TODAY, 365),
    ]
    for figure in figures:
        assert figure is not None and figure.svg is not None
        root = _parse(figure.html())  # the whole figure, table included, is well-formed
        _assert_inert(root)
        assert shown in _texts(root) or shown in "".join(root.itertext())
        # entities stay as written: "&lt;" in a title is shown as those four characters
        if "&lt;" in payload:
            assert "&lt;script&gt;" in "".join(root.itertext())
        assert "\n" not in figure.html()  # one line: nothing can start a Markdown line


def test_links_are_only_http_or_relative() -> None:
    assert link("javascript:alert(1)", "x").render() == "<span>x</span>"
    assert link(" JaVa\tScRiPt:alert(1)", el("text", {}, "x")).tag == "g"
    assert link("data:text/html,x", "x").tag == "span"
    assert link("../icps/a/", "x").render() == '<a href="../icps/a/">x</a>'
    assert (
        'href="https://a.example/?q=1&amp;b=&quot;2"'
        in link('https://a.example/?q=1&b="2', "x").render()
    )


def test_the_builder_refuses_handlers_links_and_unknown_tags() -> None:
    for name in ("onload", "onclick", "ONMOUSEOVER", "href", "style", "xlink:href"):
        with pytest.raises(ValueError):
            el("rect", {name: "x"})
    for tag in ("script", "foreignObject", "iframe", "use", "image"):
        with pytest.raises(ValueError):
            el(tag)
    assert escape("a&b<c>\"'{`$|\\") == "a&amp;b&lt;c&gt;&quot;&#39;&#123;&#96;&#36;&#124;&#92;"


def test_charts_pass_through_markdown_untouched() -> None:
    """The figures are raw HTML blocks: Markdown and its extensions must leave them alone."""
    site = build_site(_charts_handbook(), [], TODAY)
    pages = {page.uri: page.content for page in site.pages}
    extensions = ["tables", "admonition", "attr_list", "md_in_html", "toc", "pymdownx.critic"]
    extensions += ["pymdownx.arithmatex", "pymdownx.snippets"]
    for uri in (
        "index.md",
        "matrix.md",
        "reviews.md",
        "icps/icp-hostile.md",
        "icps/icp-clinics.md",
    ):
        content = pages[uri]
        figures = re.findall(r"^<figure .*</figure>$", content, re.M)
        assert figures, uri
        rendered = markdown.markdown(content, extensions=extensions)
        for figure in figures:
            assert figure in rendered, uri
            _assert_inert(_parse(figure))


# --- what each chart shows ------------------------------------------------------------------


def test_heatmap_cells_say_coverage_and_link_to_personas() -> None:
    handbook = _charts_handbook()
    figure = committee.figure(
        build_matrix(handbook), lambda p: f"../personas/{p}/", lambda i: f"../icps/{i}/"
    )
    assert figure.svg is not None
    root = _parse(figure.svg.render())
    cells = root.findall(f".//{SVG}g")
    states = [c.get("class", "") for c in cells if "ps-committee__cell" in c.get("class", "")]
    assert any(s.endswith("--required-gap") for s in states)  # nobody champions icp-enterprise
    assert any(s.endswith("--one") for s in states) and any(s.endswith("--gap") for s in states)
    hrefs = {a.get("href") for a in root.iter(f"{SVG}a")}
    assert "../personas/persona-coo/" in hrefs and "../icps/icp-clinics/" in hrefs
    titles = _texts(root)
    assert "Champion (required) at European hospital groups and large health systems" in titles
    assert figure.table is not None and figure.table.headers[0] == "role"


def test_timeline_puts_the_most_urgent_first_and_marks_today() -> None:
    handbook = _charts_handbook()
    statuses = review_statuses(handbook, TODAY)
    figure = timeline.figure(statuses, TODAY, lambda s: f"{s.id}/")
    assert figure.svg is not None
    root = _parse(figure.svg.render())
    rows = [g for g in root.iter(f"{SVG}g") if "ps-timeline__row " in g.get("class", "") + " "]
    classes = [g.get("class", "").split("--")[-1] for g in rows]
    assert classes[:2] == ["overdue", "overdue"] and classes[2] == "missing"
    assert "today 2026-11-01" in "".join(root.itertext())
    assert figure.table is not None and figure.table.rows[0][-1].startswith("overdue: ")


def test_freshness_strip_shades_what_is_too_old() -> None:
    items = [
        freshness.Item("ev-new", "survey", dt.date(2026, 10, 1), 40, "new"),
        freshness.Item("ev-old", "sales_call", dt.date(2025, 1, 1), None, "old", cited=True),
        freshness.Item("ev-undated", "survey", None, 3, "undated"),
    ]
    figure = freshness.figure(items, TODAY, 365)
    assert figure is not None and figure.svg is not None
    assert figure.notes == ("1 item has no date and cannot be placed.",)
    root = _parse(figure.svg.render())
    assert "Older than 365 days (before 2025-11-01)" in _texts(root)
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 2
    assert {c.get("fill") for c in circles} >= {"none"}  # the cited one is hollow
    assert freshness.figure([], TODAY, 365) is None


def test_figures_are_one_line_of_well_formed_markup() -> None:
    figure = Figure("x", "caption", el("svg", {}), None, ("a note",))
    assert figure.html() == (
        '<figure class="ps-chart ps-chart--x"><div class="ps-chart__frame"><svg/></div>'
        '<figcaption>caption <span class="ps-chart__note">a note</span></figcaption></figure>'
    )
