"""Every page of the handbook site, as Markdown, from a loaded handbook and its lint findings.

Pages link to each other with relative ``.md`` paths, which mkdocs (and most site engines)
resolve. All user text goes through :mod:`profilespec.site.markup`; only structure, labels
and numbers computed here are written as-is.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from profilespec import buying_roles, codes, matrix, reviews
from profilespec.diagnostics import Diagnostic, Severity
from profilespec.handbook import Handbook
from profilespec.loader import Document
from profilespec.predicates import describe_predicate
from profilespec.rules.base import as_dict, as_list, statement_of
from profilespec.site import markup as md
from profilespec.site.charts import committee, freshness, icp_map, timeline
from profilespec.values import format_number, format_range, money_value

STYLESHEET = "profilespec.css"
# Where one generated page links to another, from and to page uris ("icps/x.md").
Href = Callable[[str, str], str]
_ADMONITION = {Severity.ERROR: "danger", Severity.WARNING: "warning", Severity.INFO: "info"}
# Groups with more members than this are shown by their size, not by listing every country.
_GROUP_LISTING_LIMIT = 8
_SUMMARY_LIMIT = 110
# The first header cell of a table the stylesheet lays out (by name: columns hidden on phones).
_TABLE_MARK = '<span class="ps-table ps-table--{}">{}</span>'


@dataclass(frozen=True)
class Page:
    """One generated page; ``uri`` is relative to the handbook section, ``title`` plain text."""

    uri: str
    title: str
    content: str


@dataclass(frozen=True)
class NavItem:
    """A navigation entry: a page (``uri``) or a section (``children``); plain-text title."""

    title: str
    uri: str | None = None
    children: tuple[NavItem, ...] = ()


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    handbook: Handbook
    today: dt.date
    reviews: dict[str, reviews.ReviewStatus]
    findings: dict[int, list[Diagnostic]]
    show_findings: bool
    show_badges: bool
    icps: tuple[Document, ...]
    personas: tuple[Document, ...]
    href: Href

    def personas_of(self, icp_id: str) -> list[Document]:
        return [p for p in self.personas if icp_id in as_list(p.spec.get("icp_refs"))]


def build_site(
    handbook: Handbook,
    diagnostics: Iterable[Diagnostic],
    today: dt.date,
    *,
    show_findings: bool = True,
    rule_pages: bool = True,
    href: Href | None = None,
) -> Site:
    """Every page and the navigation of one handbook's site.

    ``href`` makes the links inside charts (raw HTML, which site engines do not rewrite the
    way they rewrite Markdown links); by default they are relative ``.md`` paths.
    """
    icps = _unique(sorted(handbook.profiles("ICP"), key=matrix.icp_order))
    personas = _unique(sorted(handbook.profiles("Persona"), key=_persona_order))
    ctx = _Context(
        handbook=handbook,
        today=today,
        reviews={s.id: s for s in reviews.review_statuses(handbook, today, include_retired=True)},
        findings=_findings_by_document(handbook, diagnostics),
        show_findings=show_findings,
        show_badges=bool(as_dict(handbook.settings.get("site")).get("show_review_badges", True)),
        icps=icps,
        personas=personas,
        href=href or relative_md,
    )
    site = Site()
    site.pages.append(Page("index.md", "Overview", overview_page(ctx, list(diagnostics))))
    icp_nav = []
    for icp in icps:
        page = Page(f"icps/{icp.id}.md", _title(icp), icp_page(ctx, icp))
        site.pages.append(page)
        icp_nav.append(NavItem(page.title, page.uri))
    persona_nav = []
    for persona in personas:
        page = Page(f"personas/{persona.id}.md", _title(persona), persona_page(ctx, persona))
        site.pages.append(page)
        persona_nav.append(NavItem(page.title, page.uri))
    site.pages.append(Page("matrix.md", "Buying committee", matrix_page(ctx)))
    site.pages.append(Page("reviews.md", "Review dashboard", review_page(ctx)))
    site.nav = [NavItem("Overview", "index.md")]
    if icp_nav:
        site.nav.append(NavItem("ICPs", children=tuple(icp_nav)))
    if persona_nav:
        site.nav.append(NavItem("Personas", children=tuple(persona_nav)))
    site.nav += [
        NavItem("Buying committee", "matrix.md"),
        NavItem("Review dashboard", "reviews.md"),
    ]
    if rule_pages:
        rules = rule_reference_pages()
        site.pages += rules
        site.nav.append(
            NavItem("Rules", children=tuple(NavItem(page.title, page.uri) for page in rules))
        )
    return site


def relative_md(source: str, target: str) -> str:
    """``target`` relative to the page ``source``, as a ``.md`` path."""
    return posixpath.relpath(target, posixpath.dirname(source) or ".")


def stylesheet() -> str:
    """The site's stylesheet: badges and tables, then the charts'."""
    here = Path(__file__).parent
    return "\n".join(
        (here / name).read_text(encoding="utf-8") for name in (STYLESHEET, "charts/charts.css")
    )


def _figure(figure: Any) -> str:
    """A chart as a raw HTML block: one line, blank lines around it."""
    return f"\n{figure.html()}\n" if figure is not None else ""


def _unique(documents: list[Document]) -> tuple[Document, ...]:
    """One page per id: a duplicate id is a lint error (PS101), not a second page."""
    seen: dict[str, Document] = {}
    for document in documents:
        if document.id and document.id not in seen:
            seen[document.id] = document
    return tuple(seen.values())


def _persona_order(document: Document) -> tuple[str, str]:
    return (str(document.spec.get("archetype") or ""), document.id or "")


def _title(document: Document) -> str:
    if document.kind == "Persona" and isinstance(document.spec.get("archetype"), str):
        return str(document.spec["archetype"])
    return str(document.metadata.get("title") or document.id)


def _findings_by_document(
    handbook: Handbook, diagnostics: Iterable[Diagnostic]
) -> dict[int, list[Diagnostic]]:
    """Findings keyed by ``id(document)``: same file, at or after the document's first line."""
    by_path: dict[str, list[Document]] = {}
    for document in handbook.documents:
        by_path.setdefault(document.path, []).append(document)
    found: dict[int, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        documents = by_path.get(diagnostic.path, [])
        owner = None
        for document in sorted(documents, key=lambda d: d.start.line):
            if document.start.line <= diagnostic.line or owner is None:
                owner = document
        if owner is not None:
            found.setdefault(id(owner), []).append(diagnostic)
    return found


# --- shared pieces ------------------------------------------------------------------------------


def badge(state: str, text: str, hint: str = "") -> str:
    """A coloured label; ``state`` and ``text`` are ours, ``hint`` may be user-derived."""
    title = f' title="{html.escape(hint, quote=True)}"' if hint else ""
    return f'<span class="ps-badge ps-badge--{state}"{title}>{text}</span>'


def _review_badge(ctx: _Context, document: Document) -> str:
    status = ctx.reviews.get(document.id or "")
    if status is None or not ctx.show_badges:
        return ""
    return badge(status.state.value.replace("_", "-"), status.state.label, status.due_phrase())


def _status_badge(document: Document) -> str:
    status = document.status or "draft"
    return badge(f"status-{status}", status)


def _findings_block(ctx: _Context, document: Document, rules_prefix: str) -> str:
    if not ctx.show_findings:
        return ""
    findings = sorted(ctx.findings.get(id(document), []), key=Diagnostic.sort_key)
    if not findings:
        return ""
    worst = max(finding.severity for finding in findings)
    count = len(findings)
    lines = [
        f'!!! {_ADMONITION[worst]} "{count} lint finding{"s" if count != 1 else ""}: '
        'this profile needs work"',
        "",
    ]
    for finding in findings:
        rule = f"[{finding.code}]({rules_prefix}rules/{finding.code}.md)"
        lines.append(
            f"    - {rule} *{finding.severity.label}*, line {finding.line}: "
            f"{md.text(finding.message)}"
        )
    return "\n".join(lines) + "\n"


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _section(heading: str, body: str) -> str:
    return f"## {heading}\n\n{body}\n" if body.strip() else ""


def _join(parts: Iterable[str]) -> str:
    return "\n".join(part for part in parts if part)


def _severity_suffix(item: Any, key: str = "severity") -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return f" {badge(f'level-{value}', f'{value}')}" if isinstance(value, str) else ""


def _prose_items(items: Any, key: str = "severity") -> str:
    return _bullets(
        md.text(statement_of(item)) + _severity_suffix(item, key)
        for item in as_list(items)
        if statement_of(item)
    )


def _owner_line(ctx: _Context, document: Document) -> str:
    meta = document.metadata
    parts = [
        _status_badge(document),
        _review_badge(ctx, document),
        f"Owner: {md.code(meta['owner']) if meta.get('owner') else 'none yet'}",
    ]
    status = ctx.reviews.get(document.id or "")
    if status is not None:
        last = status.last_reviewed.isoformat() if status.last_reviewed else "never"
        due = status.next_review.isoformat() if status.next_review else "—"
        parts.append(f"Last reviewed: {last} · next review: {due}")
    return " · ".join(part for part in parts if part) + "\n"


def _links_section(document: Document) -> str:
    links = [
        md.link(item.get("title", item.get("url")), item.get("url"))
        for item in as_list(document.metadata.get("links"))
        if isinstance(item, dict)
    ]
    return _section("Links", _bullets(links))


def _evidence_section(ctx: _Context, document: Document) -> str:
    rows = []
    for item in as_list(document.spec.get("evidence")):
        if not isinstance(item, dict):
            continue
        ref = item.get("ref")
        source = "—"
        if isinstance(ref, str):
            source = md.link(ref, ref) if md.safe_url(ref) and "://" in ref else md.code(ref)
        sample = item.get("sample_size")
        rows.append(
            [
                md.code(item.get("id", "")),
                md.label(item.get("type", "")),
                md.cell(item.get("summary")),
                format_number(sample) if isinstance(sample, int) else "—",
                md.cell(reviews.as_date(item.get("date"))),
                source,
            ]
        )
    strip = _figure(_freshness(ctx, document))
    if not rows and not strip:
        return ""
    table = (
        md.table(["id", "type", "finding", "sample size", "date", "source"], rows) if rows else ""
    )
    return _section("Evidence", strip + "\n" + table)


def _freshness(ctx: _Context, document: Document) -> Any:
    from profilespec.rules.evidence import evidence_items

    library = {
        item.get("id"): item
        for item in map(as_dict, as_list(ctx.handbook.settings.get("evidence")))
    }
    items = [
        freshness.Item(
            id=item.id,
            type=str(item.type or "unknown"),
            date=item.date,
            sample_size=item.sample_size if isinstance(item.sample_size, int) else None,
            summary=str(item.summary or ""),
            cited=item.cited,
        )
        for item in evidence_items(document, library)
    ]
    max_age = as_dict(ctx.handbook.settings.get("review")).get("evidence_max_age_days", 365)
    return freshness.figure(items, ctx.today, max_age if isinstance(max_age, int) else 365)


# --- overview -----------------------------------------------------------------------------------


def overview_page(ctx: _Context, diagnostics: list[Diagnostic]) -> str:
    handbook = ctx.handbook
    title = (handbook.config.metadata.get("title") if handbook.config else None) or "Handbook"
    company = as_dict(handbook.settings.get("company"))
    intro = (
        f"Whom {md.text(company['name'])} sells to" if company.get("name") else "Whom we sell to"
    )
    lines = [
        f"# {md.text(title)}",
        "",
        f"{intro}: the companies (ICPs, in priority order) and the people inside them "
        "(buyer personas). See the [buying committee](matrix.md) for who covers which role, "
        "and the [review dashboard](reviews.md) for what is due.",
        "",
    ]
    if diagnostics and ctx.show_findings:
        counts: dict[str, int] = {}
        for diagnostic in diagnostics:
            counts[diagnostic.severity.label] = counts.get(diagnostic.severity.label, 0) + 1
        summary = ", ".join(f"{n} {label}{'s' if n != 1 else ''}" for label, n in counts.items())
        worst = max(diagnostic.severity for diagnostic in diagnostics)
        lines += [
            f'!!! {_ADMONITION[worst]} "The linter found {summary}"',
            "",
            "    Each profile page lists what needs work; `profilespec lint` shows the same.",
            "",
        ]
        # Portfolio findings (too many ICPs, overlaps) belong to no profile page.
        handbook_wide = ctx.findings.get(id(handbook.config), []) if handbook.config else []
        lines += [
            f"    - [{finding.code}](rules/{finding.code}.md) *{finding.severity.label}*: "
            f"{md.text(finding.message)}"
            for finding in sorted(handbook_wide, key=Diagnostic.sort_key)
        ]
        lines += [""] if handbook_wide else []
    rows = []
    for icp in ctx.icps:
        priority = icp.spec.get("priority")
        rows.append(
            [
                str(priority) if isinstance(priority, int) else "—",
                f"[{md.text(_title(icp))}](icps/{icp.id}.md)",
                " ".join(b for b in (_status_badge(icp), _review_badge(ctx, icp)) if b),
                md.code(icp.metadata["owner"], "ps-owner") if icp.metadata.get("owner") else "—",
                str(len(ctx.personas_of(icp.id or ""))),
                # The whole summary is on the ICP page; here it must leave room for the rest.
                md.cell(md.shortened(icp.spec.get("summary") or "", _SUMMARY_LIMIT)),
            ]
        )
    headers = [_TABLE_MARK.format("icps", "priority"), "ICP", "status", "owner", "personas"]
    lines += ["## Ideal customer profiles", ""]
    lines.append(_figure(icp_map.figure(_portfolio(ctx))) if ctx.icps else "")
    lines += [md.table([*headers, "summary"], rows) if rows else "No ICPs yet.", ""]
    persona_rows = []
    for persona in ctx.personas:
        buying = as_dict(persona.spec.get("buying_role"))
        icp_links = ", ".join(_icp_link(ctx, ref, "") for ref in as_list(persona.spec["icp_refs"]))
        persona_rows.append(
            [
                f"[{md.text(_title(persona))}](personas/{persona.id}.md)",
                md.label(buying["primary"]) if buying.get("primary") else "—",
                md.cell(
                    ", ".join(
                        str(t) for t in as_list(as_dict(persona.spec.get("role")).get("titles"))
                    )
                ),
                icp_links or "—",
                _status_badge(persona),
                _review_badge(ctx, persona) or "—",
            ]
        )
    lines += ["## Buyer personas", ""]
    headers = [_TABLE_MARK.format("personas", "persona"), "buying role", "typical titles", "ICPs"]
    headers += ["status", "review"]
    lines += [md.table(headers, persona_rows) if persona_rows else "No personas yet.", ""]
    return "\n".join(lines)


def _portfolio(ctx: _Context) -> icp_map.Portfolio:
    groups = as_dict(
        as_dict(as_dict(ctx.handbook.settings.get("taxonomies")).get("regions")).get("groups")
    )
    currency = as_dict(ctx.handbook.settings.get("defaults")).get("currency") or "USD"
    return icp_map.portfolio(
        ctx.icps, str(currency), groups, lambda icp_id: ctx.href("index.md", f"icps/{icp_id}.md")
    )


def _icp_link(ctx: _Context, ref: Any, prefix: str) -> str:
    target = next((icp for icp in ctx.icps if icp.id == ref), None)
    if target is None:
        return f"{md.code(ref)} (not in this handbook)"
    return f"[{md.text(_title(target))}]({prefix}icps/{target.id}.md)"


# --- ICP ----------------------------------------------------------------------------------------


def icp_page(ctx: _Context, icp: Document) -> str:
    spec = icp.spec
    priority = spec.get("priority")
    parts = [
        f"# {md.text(_title(icp))}\n",
        (f"**Priority {priority}** · " if isinstance(priority, int) else "")
        + _owner_line(ctx, icp),
        _findings_block(ctx, icp, "../"),
        f"{md.text(spec.get('summary', ''))}\n",
        _section("Qualification criteria", _criteria(spec.get("criteria"))),
        _section("Firmographics", firmographics_table(ctx.handbook, icp)),
        _section("Technographics", _choice_lists(spec.get("technographics"), "technology")),
        _section("Partners", _choice_lists(spec.get("partners"), "partner")),
        _section("Competitors", _competitors(spec.get("competitors"))),
        _section("Constraints", _constraints(ctx.handbook, spec.get("constraints"))),
        _section("Disqualifiers", _disqualifiers(spec.get("disqualifiers"))),
        _section("Pains", _prose_items(spec.get("pains"))),
        _section("Buying triggers", _triggers(spec.get("triggers"))),
        _section("Personas", _icp_personas(ctx, icp)),
        _evidence_section(ctx, icp),
        _section("Reference accounts", _reference_accounts(spec.get("reference_accounts"))),
        _section("Notes", md.paragraphs(spec["notes"]) if spec.get("notes") else ""),
        _links_section(icp),
    ]
    return _join(parts)


def firmographics_table(handbook: Handbook, icp: Document) -> str:
    firmo = as_dict(icp.spec.get("firmographics"))
    currency_default = as_dict(handbook.settings.get("defaults")).get("currency") or ""
    groups = as_dict(
        as_dict(as_dict(handbook.settings.get("taxonomies")).get("regions")).get("groups")
    )
    rows: list[list[str]] = []

    def add(name: str, value: str) -> None:
        if value:
            rows.append([name, value])

    business = as_list(icp.spec.get("business_model"))
    add("Business model", ", ".join(md.label(item) for item in business))
    if "employees" in firmo:
        add("Employees", md.text(format_range(firmo["employees"], "employees")))
    if "annual_revenue" in firmo:
        add("Annual revenue", _money_range(firmo["annual_revenue"], currency_default))
    industries = as_dict(firmo.get("industries"))
    add("Industries", _industries(industries.get("include")))
    add("Excluded industries", _industries(industries.get("exclude")))
    regions = as_dict(firmo.get("regions"))
    add("Regions", _regions(regions.get("include"), groups))
    add("Localities", _localities(regions.get("localities")))
    add("Excluded regions", _regions(regions.get("exclude"), groups))
    if "offices" in firmo:
        add("Offices or sites", md.text(format_range(firmo["offices"])))
    if "company_age_years" in firmo:
        add("Company age", md.text(format_range(firmo["company_age_years"], "years")))
    add("Ownership", ", ".join(md.label(item) for item in as_list(firmo.get("ownership"))))
    add(
        "Funding stage",
        ", ".join(
            md.text(_FUNDING_STAGES.get(str(item), str(item)))
            for item in as_list(firmo.get("funding_stage"))
        ),
    )
    base = as_dict(firmo.get("customer_base"))
    if base:
        add("Customer base", md.text(format_range(base, str(base.get("unit", "")))))
    if not rows:
        return ""
    return md.table(["attribute", "value"], rows)


_FUNDING_STAGES = {
    "pre_seed": "Pre-seed",
    "seed": "Seed",
    "series_a": "Series A",
    "series_b": "Series B",
    "series_c_plus": "Series C or later",
    "growth": "Growth or private equity",
    "public": "Public",
    "bootstrapped": "Bootstrapped",
}


def _money_range(value: Any, default_currency: str) -> str:
    currency = str(as_dict(value).get("currency") or default_currency)
    text = format_range(value, currency)
    if as_dict(value).get("period") == "month":
        text += " per month"
    name = codes.currency_name(currency) if currency else None
    return md.text(text) + (f" ({md.text(name)})" if name else "")


def _localities(items: Any) -> str:
    shown = []
    for item in (as_dict(entry) for entry in as_list(items)):
        within = item.get("within")
        place = str(within) if within is not None else ""
        name = codes.subdivision_name(place) or codes.country_name(place)
        if name and "-" in place:
            name = f"{name}, {codes.country_name(place.split('-', 1)[0]) or ''}".rstrip(", ")
        where = f" in {md.code(place)}" + (f" {md.text(name)}" if name else "") if place else ""
        aliases = [str(alias) for alias in as_list(item.get("aliases"))]
        also = f" (also {md.text(', '.join(aliases))})" if aliases else ""
        shown.append(f"{md.text(item.get('name', ''))}{also}{where}")
    return "<br>".join(shown)


def _industries(items: Any) -> str:
    shown = []
    for item in (as_dict(entry) for entry in as_list(items)):
        naics = item.get("naics")
        official = codes.naics_title(str(naics)) if naics else None
        name = item.get("name")
        label = official or name or ""
        if name and official and str(name).casefold() != official.casefold():
            label = f"{name} (NAICS: {official})"
        prefix = f"{md.code(naics)} " if naics else ""
        shown.append(prefix + md.text(label))
    return "<br>".join(shown)


def _regions(items: Any, user_groups: dict[str, Any]) -> str:
    builtin = codes.region_groups()
    shown = []
    for item in as_list(items):
        code = str(item)
        members: list[str] | None = None
        if code in user_groups:
            members = sorted(str(m) for m in as_list(user_groups[code]))
        elif code in builtin:
            members = sorted(builtin[code])
        if members is not None:
            if len(members) <= _GROUP_LISTING_LIMIT:
                names = ", ".join(codes.country_name(m) or m for m in members)
                shown.append(f"{md.code(code)} {md.text(f'({names})')}")
            else:
                shown.append(f"{md.code(code)} {md.text(f'({len(members)} countries)')}")
            continue
        name = codes.country_name(code)
        if name is None and codes.subdivision_name(code):
            country = codes.country_name(code.split("-", 1)[0]) or ""
            name = f"{codes.subdivision_name(code)}, {country}".rstrip(", ")
        shown.append(md.code(code) + (f" {md.text(name)}" if name else ""))
    return ", ".join(shown)


def _choice_lists(value: Any, noun: str) -> str:
    labels = {
        "required_all": "Required, all of",
        "required_any": "Required, at least one of",
        "preferred": "Preferred",
        "excluded": "Excluded (rules the account out)",
    }
    rows = [
        [name, ", ".join(md.code(item) for item in as_list(as_dict(value).get(key)))]
        for key, name in labels.items()
        if as_list(as_dict(value).get(key))
    ]
    return md.table(["", noun], rows) if rows else ""


def _constraints(handbook: Handbook, value: Any) -> str:
    constraints = as_dict(value)
    lines = []
    minimum = as_dict(constraints.get("min_contract_value"))
    if minimum:
        amount = money_value(minimum.get("amount"))
        currency = minimum.get("currency") or as_dict(handbook.settings.get("defaults")).get(
            "currency", ""
        )
        period = minimum.get("period", "year")
        if amount is not None:
            lines.append(
                f"Smallest viable deal: {md.text(f'{format_number(amount)} {currency} per {period}')}"
            )
    for item in (as_dict(entry) for entry in as_list(constraints.get("legal"))):
        line = f"Legal: {md.text(item.get('requirement', ''))}"
        if item.get("disqualify_if"):
            line += f" (disqualified if {predicate_text(item['disqualify_if'])})"
        lines.append(line)
    for item in (as_dict(entry) for entry in as_list(constraints.get("service_limits"))):
        metric, supported = md.code(item.get("metric", "")), md.code(item.get("we_support", ""))
        line = f"Service level: {metric}, we support {supported}"
        if item.get("disqualify_if"):
            line += f" (disqualified if {predicate_text(item['disqualify_if'])})"
        lines.append(line)
    return _bullets(lines)


def predicate_text(predicate: Any) -> str:
    """A disqualifier condition as a sentence: ``tech includes any of sap-s4hana``."""
    return describe_predicate(predicate, show=md.code, word=md.text)


def _criteria(items: Any) -> str:
    lines = []
    for item in as_list(items):
        statement = statement_of(item)
        if not statement:
            continue
        entry = as_dict(item)
        line = md.text(statement)
        if entry.get("importance") == "nice_to_have":
            line += " " + badge("nice-to-have", "nice to have")
        if entry.get("when"):
            weight = entry.get("weight")
            line += f" (checked: {predicate_text(entry['when'])}" + (
                f"; weight {md.text(weight)})" if weight is not None else ")"
            )
        lines.append(line)
    return _bullets(lines)


_STANCES = {True: "we replace it", False: "not displaced: running it rules the account out"}


def _competitors(items: Any) -> str:
    rows = []
    for item in (as_dict(entry) for entry in as_list(items)):
        displace = item.get("displace")
        stance = _STANCES[displace] if isinstance(displace, bool) else "—"
        technology = item.get("technology")
        rows.append(
            [md.text(item.get("name", "")), md.code(technology) if technology else "—", stance]
        )
    return md.table(["competitor", "technology", "stance"], rows) if rows else ""


def _disqualifiers(items: Any) -> str:
    rows = [
        [md.code(item.get("id", "")), predicate_text(item.get("when")), md.cell(item.get("reason"))]
        for item in (as_dict(entry) for entry in as_list(items))
    ]
    return md.table(["id", "an account is out when", "why"], rows) if rows else ""


def _triggers(items: Any) -> str:
    lines = []
    for item in as_list(items):
        statement = statement_of(item)
        if not statement:
            continue
        observed = item.get("observed") if isinstance(item, dict) else None
        marker = ""
        if observed is True:
            marker = " " + badge("observed", "seen in deals")
        elif observed is False:
            marker = " " + badge("hypothesis", "hypothesis")
        lines.append(md.text(statement) + marker)
    return _bullets(lines)


def _icp_personas(ctx: _Context, icp: Document) -> str:
    rows = []
    for persona in ctx.personas_of(icp.id or ""):
        buying = as_dict(persona.spec.get("buying_role"))
        secondary = ", ".join(md.label(role) for role in as_list(buying.get("secondary")))
        rows.append(
            [
                f"[{md.text(_title(persona))}](../personas/{persona.id}.md)",
                md.label(buying["primary"]) if buying.get("primary") else "—",
                secondary or "—",
                md.label(buying["influence"]) if buying.get("influence") else "—",
                md.cell(
                    ", ".join(
                        str(t) for t in as_list(as_dict(persona.spec.get("role")).get("titles"))
                    )
                ),
            ]
        )
    if not rows:
        return "No persona points at this ICP yet: who inside these companies buys?"
    return md.table(["persona", "buying role", "also", "influence", "typical titles"], rows)


def _reference_accounts(items: Any) -> str:
    lines = []
    for item in (as_dict(entry) for entry in as_list(items)):
        line = md.text(item.get("name", ""))
        if item.get("domain"):
            line += f" ({md.code(item['domain'])})"
        if item.get("note"):
            line += f": {md.text(item['note'])}"
        lines.append(line)
    return _bullets(lines)


# --- persona ------------------------------------------------------------------------------------


def persona_page(ctx: _Context, persona: Document) -> str:
    spec = persona.spec
    role = as_dict(spec.get("role"))
    buying = as_dict(spec.get("buying_role"))
    works_at = [_icp_link(ctx, ref, "../") for ref in as_list(spec.get("icp_refs"))]
    card: list[list[str]] = []
    if role.get("titles"):
        card.append(["Typical titles", md.cell(", ".join(str(t) for t in role["titles"]))])
    departments = role.get("department")
    if departments:
        listed = departments if isinstance(departments, list) else [departments]
        card.append(["Department", ", ".join(md.label(item) for item in listed)])
    if role.get("seniority"):
        card.append(["Seniority", md.label(role["seniority"])])
    if role.get("reports_to"):
        card.append(["Reports to", md.text(role["reports_to"])])
    if role.get("team_size"):
        card.append(["Team size", md.text(format_range(role["team_size"], "people"))])
    if buying.get("primary"):
        card.append(["Buying role", _buying_role(buying["primary"])])
    if buying.get("secondary"):
        card.append(
            ["Also acts as", ", ".join(_buying_role(item) for item in as_list(buying["secondary"]))]
        )
    if buying.get("influence"):
        card.append(["Influence", md.label(buying["influence"])])
    if works_at:
        card.append(["Works at", "<br>".join(works_at)])
    parts = [
        f"# {md.text(_title(persona))}\n",
        _owner_line(ctx, persona),
        _findings_block(ctx, persona, "../"),
        md.table(["", ""], card) + "\n" if card else "",
        _section("Responsibilities", _prose_items(spec.get("responsibilities"))),
        _section(
            "A day in the life",
            md.paragraphs(spec["day_in_the_life"]) if spec.get("day_in_the_life") else "",
        ),
        _section("Jobs to be done", _prose_items(spec.get("jobs_to_be_done"))),
        _section("Goals", _goals(spec.get("goals"))),
        _section("Motivations", _prose_items(spec.get("motivations"))),
        _section("Pain points", _prose_items(spec.get("pain_points"))),
        _section("What makes them start looking", _triggers(spec.get("triggers"))),
        _section("Objections and answers", _objections(spec.get("objections"))),
        _section("Decision criteria", _prose_items(spec.get("decision_criteria"), key="weight")),
        _section(
            "Discovery questions",
            _bullets(md.text(q) for q in as_list(spec.get("discovery_questions")) if q),
        ),
        _section("Where they learn", _sources(spec)),
        _section("Messaging", _messaging(spec.get("messaging"))),
        _section("In their words", _quotes(spec.get("quotes"))),
        _section("Background", _demographics(spec.get("demographics"))),
        _section("Notes", md.paragraphs(spec["notes"]) if spec.get("notes") else ""),
        _evidence_section(ctx, persona),
        _links_section(persona),
    ]
    return _join(parts)


def _buying_role(role: Any) -> str:
    """The role's label, saying which seat it fills when that is another role's."""
    seat = buying_roles.seat(str(role))
    shown = md.label(role)
    return shown if seat == role else f"{shown} (counts as {md.label(seat).lower()})"


def _goals(items: Any) -> str:
    lines = []
    for item in as_list(items):
        statement = statement_of(item)
        if not statement:
            continue
        metric = item.get("metric") if isinstance(item, dict) else None
        lines.append(md.text(statement) + (f" (measured by {md.code(metric)})" if metric else ""))
    return _bullets(lines)


def _objections(items: Any) -> str:
    rows = [
        [
            md.cell(item.get("objection")),
            md.text(item["response"]) if item.get("response") else "*no answer recorded yet*",
        ]
        for item in (as_dict(entry) for entry in as_list(items))
    ]
    return md.table(["they say", "we answer"], rows) if rows else ""


def _sources(spec: dict[str, Any]) -> str:
    lines = [
        f"{md.label(item.get('type', ''))}: {md.text(item.get('name', ''))}"
        for item in (as_dict(entry) for entry in as_list(spec.get("information_sources")))
    ]
    if spec.get("content_preferences"):
        preferred = ", ".join(md.label(item) for item in as_list(spec["content_preferences"]))
        lines.append(f"Content that works: {preferred}")
    if spec.get("interests"):
        lines.append(
            f"Interests: {', '.join(md.text(item) for item in as_list(spec['interests']))}"
        )
    return _bullets(lines)


def _messaging(value: Any) -> str:
    messaging = as_dict(value)
    parts = []
    if messaging.get("value_proposition"):
        parts.append(f"**Value proposition:** {md.text(messaging['value_proposition'])}\n")
    for key, name in (
        ("key_messages", "Key messages"),
        ("proof_points", "Proof points"),
    ):
        if messaging.get(key):
            parts.append(
                f"**{name}:**\n\n{_bullets(md.text(m) for m in as_list(messaging[key]))}\n"
            )
    if messaging.get("avoid_terms"):
        avoid = ", ".join(md.code(term) for term in as_list(messaging["avoid_terms"]))
        parts.append(f"**Words to avoid:** {avoid}\n")
    return "\n".join(parts)


def _quotes(items: Any) -> str:
    blocks = []
    for item in (as_dict(entry) for entry in as_list(items)):
        if not item.get("text"):
            continue
        source = f"<br>— {md.code(item['evidence_ref'])}" if item.get("evidence_ref") else ""
        blocks.append(f"> “{md.text(item['text'])}”{source}")
    return "\n\n".join(blocks)


def _demographics(value: Any) -> str:
    demographics = as_dict(value)
    lines = []
    for key, name in (
        ("background", "Background"),
        ("education", "Education"),
        ("gender", "Gender"),
    ):
        if demographics.get(key):
            lines.append(f"{name}: {md.text(demographics[key])}")
    if demographics.get("age_range"):
        lines.append(f"Age: {md.text(format_range(demographics['age_range']))}")
    if demographics.get("income_range"):
        income = demographics["income_range"]
        per_month = " per month" if as_dict(income).get("period") == "month" else ""
        lines.append(f"Income: {md.text(format_range(income) + per_month)}")
    return _bullets(lines)


# --- matrix, reviews, rules ---------------------------------------------------------------------


def matrix_page(ctx: _Context) -> str:
    built = matrix.build(ctx.handbook)
    heatmap = committee.figure(
        built,
        lambda persona_id: ctx.href("matrix.md", f"personas/{persona_id}.md"),
        lambda icp_id: ctx.href("matrix.md", f"icps/{icp_id}.md"),
    )
    table = matrix.to_markdown(
        built,
        persona_url=lambda persona_id: f"personas/{persona_id}.md",
        icp_url=lambda icp_id: f"icps/{icp_id}.md",
        corner=_TABLE_MARK.format("matrix", "ICP"),
    )
    return (
        "# Buying committee\n\n"
        "Who inside each ICP's companies plays which part in a purchase. Roles marked "
        "*required* are ones the handbook expects every active ICP to cover.\n"
        + (_figure(heatmap) if built.rows else "")
        + "\n"
        + table
    )


def review_page(ctx: _Context) -> str:
    statuses = [s for s in ctx.reviews.values() if s.status != "retired"]
    statuses.sort(key=reviews.ReviewStatus.urgency)
    totals = reviews.counts(statuses)
    summary = ", ".join(
        f"{totals[state.value]} {state.label}"
        for state in reviews.ReviewState
        if totals[state.value]
    )
    rows = []
    for status in statuses:
        folder = "icps" if status.kind == "ICP" else "personas"
        rows.append(
            [
                f"[{md.text(status.title)}]({folder}/{status.id}.md)",
                status.kind,
                md.code(status.owner, "ps-owner") if status.owner else "—",
                status.last_reviewed.isoformat() if status.last_reviewed else "never",
                status.next_review.isoformat() if status.next_review else "—",
                str(status.days_overdue) if status.days_overdue else "—",
                badge(
                    status.state.value.replace("_", "-"), status.state.label, status.due_phrase()
                ),
            ]
        )
    headers = [_TABLE_MARK.format("reviews", "profile"), "kind", "owner", "last reviewed"]
    headers += ["next review", "days overdue", "state"]
    chart = timeline.figure(
        statuses,
        ctx.today,
        lambda s: ctx.href("reviews.md", f"{'icps' if s.kind == 'ICP' else 'personas'}/{s.id}.md"),
    )
    return (
        "# Review dashboard\n\n"
        f"As of {ctx.today.isoformat()}: {summary or 'no profiles yet'}. Most urgent first. "
        "ICPs and personas are living documents: when one is due, its owner checks it against "
        "recent deals and runs `profilespec review --mark-reviewed ID`.\n"
        + (_figure(chart) if rows else "")
        + "\n"
        + (md.table(headers, rows) if rows else "")
        + "\n"
    )


def rule_reference_pages() -> list[Page]:
    """``rules/index.md`` (the catalog) and one page per rule, from the rules' own docs."""
    from profilespec import ruledocs
    from profilespec.rules import all_rules

    rules = list(all_rules().values())
    rows = [
        [
            f"[{rule.code}]({rule.code}.md)",
            f"`{rule.name}`",
            rule.default_severity.label,
            rule.summary(),
        ]
        for rule in rules
    ]
    index = (
        "# Lint rules\n\n"
        "Every rule `profilespec lint` applies, with why it matters and how to fix what it "
        "finds. `profilespec rule CODE` prints the same page in a terminal.\n\n"
        + md.table(["code", "name", "default", "what it checks"], rows)
        + "\n"
    )
    pages = [Page("rules/index.md", "All rules", index)]
    pages += [
        Page(f"rules/{rule.code}.md", f"{rule.code} {rule.name}", ruledocs.render_rule(rule))
        for rule in rules
    ]
    return pages
