"""PS2xx: profiles say something specific enough to act on.

Prose fields are scored by the vagueness detector (``profilespec.vagueness``); the other
rules are structural. Retired profiles only need to resolve as reference targets, so none of
these rules look at them; rules marked "active" in their docs leave drafts alone, because a
draft may still be incomplete.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from profilespec import buying_roles, vagueness
from profilespec.diagnostics import Severity
from profilespec.loader import DataPath, Document
from profilespec.rules.base import (
    Finding,
    LintContext,
    Rule,
    as_dict,
    as_list,
    personas_by_icp,
    shared,
    statement_of,
)
from profilespec.rules.examples import with_example_blocks
from profilespec.values import format_number, range_bounds

# --- prose fields ---------------------------------------------------------------------------

# What to write instead, per kind of field, in the words of the people who write profiles.
_ADVICE = {
    "summary": (
        "say which companies qualify: an employee or revenue range, a NAICS code, a region or "
        'a tool they run (e.g. "US dental groups with 5-40 practices running Dentrix")'
    ),
    "criteria": (
        "make it checkable against an account: a number or range, a NAICS code, a region or "
        'a named tool (e.g. "runs NetSuite and has 3+ plants")'
    ),
    "industry": "name the industry precisely and add its NAICS code",
    "pains": (
        "describe a symptom you could observe or measure: hours, error rates, cost, or the "
        'process and tool involved (e.g. "matches 4,000 invoices a month by hand")'
    ),
    "triggers": (
        "name an event someone could spot from outside, with a time window "
        '(e.g. "hires a new CFO within 6 months")'
    ),
    "goals": 'give the goal a target and a measure (e.g. "close the books within 5 days")',
    "objections": (
        "write the concern as the buyer says it, naming the cost, risk, tool or person behind it"
    ),
    "decision_criteria": (
        'name the capability, integration or threshold they check (e.g. "native NetSuite sync")'
    ),
    "value_proposition": (
        'state the outcome with a number, for this persona (e.g. "close AP in 2 days instead of 6")'
    ),
    "jobs_to_be_done": (
        'name the situation and the outcome they want, in their terms (e.g. "when a site '
        'misses its report, get all 12 sites into one file by day 3")'
    ),
    "responsibilities": (
        'name what they own and how it is measured (e.g. "owns the month-end close for 12 '
        'entities")'
    ),
    "motivations": (
        'say what drives them in a way you could see at work (e.g. "was hired to cut close time '
        'from 9 days to 5")'
    ),
}


@dataclass(frozen=True)
class ProseField:
    path: DataPath
    text: str
    kind: str


def _items(document: Document, key: str, kind: str) -> Iterator[ProseField]:
    for index, item in enumerate(as_list(document.spec.get(key))):
        text = statement_of(item)
        if text:
            path: DataPath = (
                ("spec", key, index) if isinstance(item, str) else ("spec", key, index, "statement")
            )
            yield ProseField(path, text, kind)


def prose_fields(document: Document) -> Iterator[ProseField]:
    """Every narrative field the vagueness rules read; never quotes, evidence or titles."""
    spec = document.spec
    if document.kind == "ICP":
        summary = spec.get("summary")
        if isinstance(summary, str):
            yield ProseField(("spec", "summary"), summary, "summary")
        for key in ("criteria", "pains", "triggers"):
            yield from _items(document, key, key)
        industries = as_dict(as_dict(spec.get("firmographics")).get("industries"))
        for side in ("include", "exclude"):
            for index, item in enumerate(as_list(industries.get(side))):
                entry = as_dict(item)
                if not entry.get("naics") and isinstance(entry.get("name"), str):
                    path = ("spec", "firmographics", "industries", side, index, "name")
                    yield ProseField(path, entry["name"], "industry")
    elif document.kind == "Persona":
        yield from _items(document, "responsibilities", "responsibilities")
        yield from _items(document, "jobs_to_be_done", "jobs_to_be_done")
        yield from _items(document, "goals", "goals")
        yield from _items(document, "motivations", "motivations")
        yield from _items(document, "pain_points", "pains")
        yield from _items(document, "triggers", "triggers")
        for index, item in enumerate(as_list(spec.get("objections"))):
            text = as_dict(item).get("objection")
            if isinstance(text, str):
                yield ProseField(("spec", "objections", index, "objection"), text, "objections")
        yield from _items(document, "decision_criteria", "decision_criteria")
        proposition = as_dict(spec.get("messaging")).get("value_proposition")
        if isinstance(proposition, str):
            yield ProseField(
                ("spec", "messaging", "value_proposition"), proposition, "value_proposition"
            )


def _shared_prose_fields(document: Document) -> tuple[ProseField, ...]:
    """``prose_fields`` of ``document``, found once for PS201 and PS202 together."""
    return shared(document, "prose-fields", lambda: tuple(prose_fields(document)))


def handbook_lexicon(ctx: LintContext) -> vagueness.Lexicon:
    """The shipped lexicon with the configured ``vague_terms``/``hedge_terms`` edits applied.

    The edits come from the effective lint configuration (``spec.lint`` in profilespec.yaml or
    ``[tool.profilespec]`` in pyproject.toml). Technology slugs and region-group names of the
    handbook count as named entities.
    """
    if ctx.lint is not None:
        vague = {"add": ctx.lint.vague_terms.add, "remove": ctx.lint.vague_terms.remove}
        hedges = {"add": ctx.lint.hedge_terms.add, "remove": ctx.lint.hedge_terms.remove}
    else:
        lint = as_dict(ctx.settings.get("lint"))
        vague, hedges = as_dict(lint.get("vague_terms")), as_dict(lint.get("hedge_terms"))
    taxonomies = as_dict(ctx.settings.get("taxonomies"))
    entities = [slug for slug in as_list(taxonomies.get("technologies")) if isinstance(slug, str)]
    entities += [str(name) for name in as_dict(as_dict(taxonomies.get("regions")).get("groups"))]

    def terms(edits: Mapping[str, Any], key: str) -> tuple[str, ...]:
        return tuple(term for term in edits.get(key) or () if isinstance(term, str))

    return vagueness.lexicon(
        terms(vague, "add"),
        terms(vague, "remove"),
        terms(hedges, "add"),
        terms(hedges, "remove"),
        tuple(sorted(entities)),
    )


def _quote(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return f'"{flat}"' if len(flat) <= limit else f'"{flat[: limit - 1].rstrip()}…"'


def _live(document: Document) -> bool:
    return document.status != "retired"


# --- PS201 / PS202 ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VagueOptions:
    threshold: float = field(
        default=vagueness.DEFAULT_THRESHOLD,
        metadata={"doc": "Vagueness score at or above which a field is reported."},
    )


class VagueCriterion(Rule):
    """A prose field is too vague to qualify an account or recognise a buyer.

    ## What it checks
    Every narrative field: the ICP `summary`, `criteria`, `pains`, `triggers` and industry
    names without a NAICS code; the persona `responsibilities`, `jobs_to_be_done`, `goals`,
    `motivations`, `pain_points`, `triggers`, `objections`, `decision_criteria` and
    `messaging.value_proposition`. Quotes, evidence and titles are
    never checked. Each text gets a vagueness score from the words that fit any company
    ("mid-size", "growth challenges", "better results"), hedges, the share of generic or
    abstract words ("loyal", "something", "truly"), and a shortage of concrete words (a
    system, a document, a practice anyone could observe), divided down by what pins it
    down: numbers, ranges, quoted terms and named things (HubSpot, HIPAA, NAICS codes, the
    handbook's technology slugs). A score of 1.0 or more is reported, as is a phrase of one
    or two generic words ("SMBs", "Tech companies").
    The message lists the words that made it vague. Add or remove terms with
    `spec.lint.vague_terms` in `profilespec.yaml`.

    ## Why it matters
    "Mid-size companies with growth challenges" fits almost every company, so it cannot
    decide whether an account qualifies and gives marketing nothing to say. Profiles earn
    their keep through quantifiable, checkable details.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: Mid-size companies with growth challenges
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```
    """

    code = "PS201"
    name = "vague-criterion"
    default_severity = Severity.WARNING
    Options = VagueOptions
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        lex = ctx.once("lexicon", lambda: handbook_lexicon(ctx))
        for prose in _shared_prose_fields(document):
            result = vagueness.assess(prose.text, lex)
            if result.is_vague(self.options.threshold):
                yield self.at(
                    document,
                    prose.path,
                    f"{_quote(prose.text)} is vague ({result.explain()}); {_ADVICE[prose.kind]}",
                    score=result.score,
                    vague_terms=list(result.vague_terms),
                    hedges=list(result.hedges),
                    generic_ratio=result.generic_ratio,
                )


class HedgedCriterion(Rule):
    """A prose field hedges ("usually", "might", "or similar") instead of stating a fact.

    ## What it checks
    The same fields as PS201 for hedges: "probably", "might", "could", "generally",
    "usually", "typically", "often", "somewhat", "relatively", "kind of", "tends to",
    "or similar" and the like. A hedge next to a number ("typically 3-5 sites") states a
    range and is fine. Add or remove hedges with `spec.lint.hedge_terms`.

    ## Why it matters
    A criterion either applies to an account or it does not. "Usually runs Salesforce" leaves
    sales guessing whether an account without Salesforce qualifies; say what is required, or
    give the share of customers it holds for.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices that usually run Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices that run Dentrix or Eaglesoft
    ```
    """

    code = "PS202"
    name = "hedged-criterion"
    default_severity = Severity.INFO
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        lex = ctx.once("lexicon", lambda: handbook_lexicon(ctx))
        for prose in _shared_prose_fields(document):
            hedges = vagueness.hedges_without_number(prose.text, lex)
            if hedges:
                words = ", ".join(f"'{hedge}'" for hedge in hedges)
                yield self.at(
                    document,
                    prose.path,
                    f"{_quote(prose.text)} hedges with {words}; state what is required, or give "
                    'the share or range it holds for (e.g. "in 8 of 10 won deals")',
                    hedges=list(hedges),
                )


# --- PS203 ------------------------------------------------------------------------------------


@with_example_blocks
class IcpNotQuantified(Rule):
    """An active ICP has no size bound, or nothing that says which market it is.

    ## What it checks
    That every active ICP has (1) a size or money bound: `firmographics.employees`,
    `firmographics.annual_revenue` or `constraints.min_contract_value`; and (2) a market:
    `firmographics.industries.include`, `firmographics.regions.include` or `localities`, or
    `technographics.required_all` / `required_any`. Drafts are left alone.

    ## Why it matters
    Without both, the ICP cannot be matched against a company list: a size alone fits every
    industry, a market alone fits one-person shops and conglomerates alike. Typed criteria
    are what qualification, scoring and enrichment tools can use.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        regions: {include: [US]}
      disqualifiers:
        - {id: dq-small, when: {field: offices, op: lt, value: 5}, reason: 9 of 12 groups under 5 practices churned}
      evidence:
        - {id: ev-us-deals, type: crm_analysis, summary: 38 won US deals, sample_size: 38, date: 2026-09-10}
        - {id: ev-us-calls, type: sales_call, summary: 20 US discovery calls, sample_size: 20, date: 2026-08-20}
    ---
    {NADIA}
    ---
    {CHO}
    ```

    ## Use instead
    ```yaml
    {ICP_US}
    ---
    {NADIA}
    ---
    {CHO}
    ```
    """

    code = "PS203"
    name = "icp-not-quantified"
    kinds = frozenset({"ICP"})
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status != "active":
            return
        spec = document.spec
        firmographics = as_dict(spec.get("firmographics"))
        technographics = as_dict(spec.get("technographics"))
        sized = any(firmographics.get(key) for key in ("employees", "annual_revenue")) or bool(
            as_dict(spec.get("constraints")).get("min_contract_value")
        )
        placed = (
            bool(as_list(as_dict(firmographics.get("industries")).get("include")))
            or bool(as_list(as_dict(firmographics.get("regions")).get("include")))
            or bool(as_list(as_dict(firmographics.get("regions")).get("localities")))
            or bool(as_list(technographics.get("required_all")))
            or bool(as_list(technographics.get("required_any")))
        )
        missing = []
        if not sized:
            missing.append(
                "a size bound (`firmographics.employees`, `firmographics.annual_revenue` or "
                "`constraints.min_contract_value`)"
            )
        if not placed:
            missing.append(
                "a market (`firmographics.industries.include` with NAICS codes, "
                "`firmographics.regions.include`, or required technologies)"
            )
        if missing:
            path: DataPath = ("spec", "firmographics") if firmographics else ("spec",)
            yield self.at(
                document,
                path,
                f"active ICP `{document.id}` cannot be matched against a company list: add "
                + " and ".join(missing),
                key=True,
            )


# --- PS204 ------------------------------------------------------------------------------------


class IndustryWithoutCode(Rule):
    """An industry is named in words only, without a NAICS code.

    ## What it checks
    Every item of `firmographics.industries.include` and `exclude` that has a `name` but no
    `naics` code. The message suggests the closest NAICS 2022 titles. Turn it off for the
    whole handbook with `taxonomies.industries: none`.

    ## Why it matters
    Enrichment vendors, CRMs and lead lists classify companies by code, and every vendor
    spells industry names differently. A name alone cannot be matched; a code can, by
    prefix (`6212` matches `621210`).

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-labs
      title: Dental laboratories
      owner: team:revops
      status: draft
    spec:
      summary: US dental laboratories with 10-200 employees
      firmographics:
        industries:
          include:
            - {name: Dental laboratories}
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-labs
      title: Dental laboratories
      owner: team:revops
      status: draft
    spec:
      summary: US dental laboratories with 10-200 employees
      firmographics:
        industries:
          include:
            - {naics: "339116", name: Dental laboratories}
    ```
    """

    code = "PS204"
    name = "industry-without-code"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        if as_dict(ctx.settings.get("taxonomies")).get("industries") == "none":
            return
        from profilespec.codes import naics_suggestions

        industries = as_dict(as_dict(document.spec.get("firmographics")).get("industries"))
        for side in ("include", "exclude"):
            for index, item in enumerate(as_list(industries.get(side))):
                entry = as_dict(item)
                name = entry.get("name")
                if entry.get("naics") or not isinstance(name, str):
                    continue
                suggestions = naics_suggestions(name, 3)
                hint = (
                    "; closest NAICS 2022 titles: "
                    + ", ".join(f'`{code}` "{title}"' for code, title in suggestions)
                    if suggestions
                    else "; look the code up at census.gov/naics"
                )
                yield self.at(
                    document,
                    ("spec", "firmographics", "industries", side, index),
                    f'industry "{name}" has no `naics` code, so it cannot be matched against '
                    f"company data{hint}",
                    suggestions=[code for code, _ in suggestions],
                )


# --- PS205 ------------------------------------------------------------------------------------

_RANGE_WORDS = {"employees": "employees", "annual_revenue": "annual revenue"}


class RangeTooWide(Rule):
    """A size range is so wide that it hardly narrows anything down.

    ## What it checks
    Ranges under `firmographics` whose `max` divided by `min` is above the limit in
    `spec.rules.max_range_ratio` of `profilespec.yaml` (25x for `employees`, 30x for
    `annual_revenue` by default; add `offices` or `company_age_years` to check those too).
    One-sided ranges (`min: 50`) and ranges starting at 0 are not ratios and pass.

    ## Why it matters
    "10-10,000 employees" covers a family dental practice and a hospital system; they buy
    differently, need different messages and rarely fit one profile. Specific ICPs name a
    band where you actually win, such as "50-200 employees".

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 10-5,000 employees running Dentrix
      firmographics:
        employees: {min: 10, max: 5000}
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
    ```
    """

    code = "PS205"
    name = "range-too-wide"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        limits = as_dict(as_dict(ctx.settings.get("rules")).get("max_range_ratio"))
        firmographics = as_dict(document.spec.get("firmographics"))
        for dimension, limit in limits.items():
            low, high = range_bounds(firmographics.get(dimension))
            if low is None or high is None or low <= 0 or high <= low:
                continue
            if not isinstance(limit, int | float):
                continue
            ratio = high / low
            if ratio > limit:
                words = _RANGE_WORDS.get(dimension, dimension.replace("_", " "))
                yield self.at(
                    document,
                    ("spec", "firmographics", dimension),
                    f"the {words} range {format_number(low)}-{format_number(high)} spans "
                    f"{format_number(round(ratio))}x, more than the {format_number(limit)}x "
                    "allowed; narrow it to the band where you win, or split it into two ICPs",
                    ratio=round(ratio, 2),
                    limit=limit,
                )


# --- PS206 ------------------------------------------------------------------------------------

_TITLE_TEXT = """manager managers director directors officer rep reps representative engineer analyst
    vp svp evp avp cfo ceo cto cio cmo coo cro ciso cpo cdo chief head lead owner admin
    administrator specialist coordinator executive president controller accountant bookkeeper
    architect developer consultant associate supervisor technician recruiter strategist
    planner agent clerk assistant superintendent principal dean founder marketer designer
    scientist nurse physician pharmacist attorney counsel paralegal buyer purchaser
    salesperson generalist partner secretary treasurer"""
_TITLE_WORDS = frozenset(_TITLE_TEXT.split())
_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?$")


def _title_persona_name(name: str) -> str | None:
    """The job title in "Marketing Manager John" / "CFO Carla", or None for other names."""
    words = name.split()
    if len(words) < 2 or not _NAME.match(words[-1]):
        return None
    title = words[:-1]
    if any(word.lower().strip(",.") in _TITLE_WORDS for word in title):
        return " ".join(title)
    return None


@dataclass(frozen=True)
class TitleNameOptions:
    allow: tuple[str, ...] = field(
        default=(), metadata={"doc": "Persona names to accept as they are, e.g. `Owner Ollie`."}
    )


class JobTitlePersonaName(Rule):
    """A persona is named after a job title ("Marketing Manager John").

    ## What it checks
    The persona's `archetype` and `metadata.title`: a name made of a job title followed by a
    first name ("IT Director Ian", "CFO Carla", "Sales Rep Louise") is reported. Names built
    on a situation or a challenge ("Spreadsheet Firefighter Fran", "Recent Grad Todd") pass.
    Accept particular names with the `allow` option.

    ## Why it matters
    A persona is a kind of buyer, not a job title: the same title covers people with very
    different problems, and a new persona per title multiplies personas without adding
    insight. Name the persona after what drives them and keep the titles in `role.titles`.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-controller
      title: Close-Crunch Carla
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Finance Director Carla
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-controller
      title: Close-Crunch Carla
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-groups]
      archetype: Close-Crunch Carla
      role: {titles: [Finance Director, Controller]}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ```

    ## Options
    `allow`: names to accept as they are.
    """

    code = "PS206"
    name = "job-title-persona-name"
    kinds = frozenset({"Persona"})
    default_severity = Severity.WARNING
    Options = TitleNameOptions
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        allowed = {name.casefold() for name in self.options.allow}
        archetype = document.spec.get("archetype")
        title = document.metadata.get("title")
        candidates: list[tuple[DataPath, Any]] = [(("spec", "archetype"), archetype)]
        if title != archetype:
            candidates.append((("metadata", "title"), title))
        for path, name in candidates:
            if not isinstance(name, str) or name.casefold() in allowed:
                continue
            job_title = _title_persona_name(name)
            if job_title is not None:
                yield self.at(
                    document,
                    path,
                    f'"{name}" names the persona after a job title ({job_title}); name it after '
                    'the situation or challenge that drives them (e.g. "Spreadsheet Firefighter '
                    'Fran") and list the titles under `role.titles`',
                )


# --- PS208 ------------------------------------------------------------------------------------


def _seats(persona: Document) -> set[str]:
    """The committee seats the persona's primary and secondary roles fill."""
    buying = as_dict(persona.spec.get("buying_role"))
    roles = [str(role) for role in as_list(buying.get("secondary"))]
    if isinstance(buying.get("primary"), str):
        roles.append(buying["primary"])
    return buying_roles.seats(roles)


def _refs(persona: Document) -> list[str]:
    return [ref for ref in as_list(persona.spec.get("icp_refs")) if isinstance(ref, str)]


@with_example_blocks
class BuyingCommitteeGap(Rule):
    """An active ICP's personas leave a required buying role uncovered.

    ## What it checks
    For each active ICP with active personas, that their `buying_role.primary` and
    `secondary` roles together cover every role in `spec.rules.required_buying_roles` of
    `profilespec.yaml` (economic buyer and champion by default). An ICP with no active
    persona at all is PS105's finding, not this one.

    Roles count by the seat they fill on the committee, the same way `profilespec matrix`
    counts them: a `decision_maker` covers the economic buyer (and an economic buyer covers
    a required decision maker); every other role is its own seat.

    {BUYING_ROLES}

    ## Why it matters
    B2B purchases are made by a committee: someone who signs, someone who champions, people
    who evaluate or can block. A profile set without the person who holds the budget plans
    messages for users and then stalls at the approval.

    ## Example
    ```yaml
    {ICP_US}
    ---
    {NADIA}
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-recall-rosa
      title: Recall-List Rosa
      owner: team:pmm
      status: active
      last_reviewed: 2026-10-01
    spec:
      icp_refs: [icp-dental-us]
      archetype: Recall-List Rosa
      role: {titles: [Front Desk Lead], department: operations, seniority: individual_contributor}
      buying_role: {primary: user}
      goals: [Fill every hygiene slot cancelled within 24 hours]
      pain_points: [Works a paper recall list of 300+ overdue patients every Friday]
      objections: [{objection: Dentrix recall reports do this., response: Show 2-click rebooking by text.}]
      decision_criteria: [Texts go out from the practice phone number]
      information_sources: [{type: peer, name: Front-desk peers at study clubs}]
      evidence:
        - {id: ev-rosa-interviews, type: customer_interview, summary: 9 interviews, sample_size: 9, date: 2026-09-22}
        - {id: ev-rosa-usage, type: product_analytics, summary: 30 practices, sample_size: 30, date: 2026-10-05}
    ```

    ## Use instead
    ```yaml
    {ICP_US}
    ---
    {NADIA}
    ---
    {CHO}
    ```
    """

    code = "PS208"
    name = "buying-committee-gap"
    kinds = frozenset({"ICP"})
    scope = "handbook"
    default_severity = Severity.WARNING

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        required = [
            role
            for role in as_list(as_dict(ctx.settings.get("rules")).get("required_buying_roles"))
            if isinstance(role, str)
        ]
        if not required:
            return
        grouped = personas_by_icp(
            p for p in ctx.handbook.profiles("Persona") if p.status == "active"
        )
        for icp in ctx.handbook.profiles("ICP"):
            if icp.status != "active" or not icp.id:
                continue
            mine = grouped.get(icp.id, [])
            if not mine:
                continue
            covered = set().union(*(_seats(persona) for persona in mine))
            missing = [role for role in required if buying_roles.seat(role) not in covered]
            if missing:
                names = ", ".join(buying_roles.label(role) for role in missing)
                yield self.at(
                    icp,
                    ("metadata", "id"),
                    f"no active persona of ICP `{icp.id}` covers the buying role(s) {names}; "
                    f"its {len(mine)} active persona(s) cover "
                    f"{', '.join(sorted(buying_roles.label(r) for r in covered)) or 'no roles'}. "
                    "Add a persona for each missing role, or list the role under an existing "
                    "persona's `buying_role.secondary`",
                    missing=missing,
                )


# --- PS209 ------------------------------------------------------------------------------------


@with_example_blocks
class MissingDisqualifiers(Rule):
    """An active ICP says who fits but never who does not.

    ## What it checks
    That every active ICP has at least one negative criterion: a `disqualifiers` entry, a
    non-empty `exclude` list (industries, regions), `technographics.excluded`,
    `partners.excluded`, any `constraints` (legal, service limits, minimum contract
    value), or a competitor you do not displace (`displace: false`). Drafts are left alone.

    ## Why it matters
    Knowing who not to sell to saves as much time as knowing who to sell to: regions you
    cannot serve, tools you cannot integrate with, deals too small to pay back, response
    times you cannot promise. Written down, they let sales disqualify early and politely.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
        regions: {include: [US]}
      evidence:
        - {id: ev-us-deals, type: crm_analysis, summary: 38 won US deals, sample_size: 38, date: 2026-09-10}
        - {id: ev-us-calls, type: sales_call, summary: 20 US discovery calls, sample_size: 20, date: 2026-08-20}
    ---
    {NADIA}
    ---
    {CHO}
    ```

    ## Use instead
    ```yaml
    {ICP_US}
    ---
    {NADIA}
    ---
    {CHO}
    ```
    """

    code = "PS209"
    name = "missing-disqualifiers"
    kinds = frozenset({"ICP"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status != "active":
            return
        spec = document.spec
        firmographics = as_dict(spec.get("firmographics"))
        constraints = as_dict(spec.get("constraints"))
        negatives = (
            as_list(spec.get("disqualifiers")),
            as_list(as_dict(firmographics.get("industries")).get("exclude")),
            as_list(as_dict(firmographics.get("regions")).get("exclude")),
            as_list(as_dict(spec.get("technographics")).get("excluded")),
            as_list(as_dict(spec.get("partners")).get("excluded")),
            as_list(constraints.get("legal")),
            as_list(constraints.get("service_limits")),
            [constraints["min_contract_value"]] if constraints.get("min_contract_value") else [],
            [c for c in as_list(spec.get("competitors")) if as_dict(c).get("displace") is False],
        )
        if not any(negatives):
            yield self.at(
                document,
                ("spec",),
                f"active ICP `{document.id}` never says which companies do not fit; add a "
                "`disqualifiers` entry (e.g. too few sites, a competitor's tool, a region you "
                "cannot serve) or an `exclude` list",
                key=True,
            )


# --- PS210 ------------------------------------------------------------------------------------

_WORDS = re.compile(r"[a-z0-9]+")


def _pain_text(persona: Document) -> str:
    texts = [statement_of(item) or "" for item in as_list(persona.spec.get("pain_points"))]
    return " ".join(texts)


def _word_set(text: str) -> str:
    """The distinct words of ``text``, sorted: what similarity compares."""
    return " ".join(sorted(set(_WORDS.findall(text.lower()))))


def similarity(left: str, right: str, floor: float = 0.0) -> float:
    """0-1 likeness of two word sets (``_word_set``), or an upper bound of it below ``floor``.

    Comparing sorted distinct words makes the likeness independent of word order. The
    bounds (from the lengths, as ``real_quick_ratio``, then from the letters) cost little
    next to the full comparison, and most pairs of texts are far apart.
    """
    if not left or not right:
        return 0.0
    by_length = 2.0 * min(len(left), len(right)) / (len(left) + len(right))
    if by_length < floor:
        return by_length
    matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
    by_letters = matcher.quick_ratio()
    return by_letters if by_letters < floor else matcher.ratio()


@dataclass(frozen=True)
class DuplicateOptions:
    threshold: float = field(
        default=0.85,
        metadata={
            "doc": "Pain-point similarity (0-1) at or above which two personas are reported."
        },
    )


class NearDuplicatePersonas(Rule):
    """Two personas of the same ICP play the same role and share the same pain points.

    ## What it checks
    Every pair of personas (drafts included, retired ones not) that share an ICP in
    `icp_refs` and the same `buying_role.primary`: when their pain points read alike
    (similarity of 0.85 or more, whatever the word order), the second one is reported with
    the similarity.

    ## Why it matters
    A persona is only worth keeping if it changes what you say. Two personas with the same
    role and the same problems, often created one per job title, split the research and the
    messaging without adding anything. Merge them and keep both titles in `role.titles`.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      buying_role: {primary: champion}
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
    ---
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-phone-tag-tanya
      title: Phone-Tag Tanya
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: Phone-Tag Tanya
      buying_role: {primary: champion}
      pain_points: [Spends 2 hours every morning confirming 60+ appointments by phone]
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      role: {titles: [Practice Manager, Front Desk Lead]}
      buying_role: {primary: champion}
      pain_points: [Spends 2 hours each morning confirming 60+ appointments by phone]
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```
    """

    code = "PS210"
    name = "near-duplicate-personas"
    kinds = frozenset({"Persona"})
    scope = "handbook"
    default_severity = Severity.WARNING
    Options = DuplicateOptions

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        texts = [
            (persona, _pain_text(persona))
            for persona in ctx.handbook.profiles("Persona")
            if _live(persona)
        ]
        personas = [persona for persona, text in texts if text]
        words = [_word_set(text) for _, text in texts if text]
        threshold = self.options.threshold
        # Only personas with the same primary role and a shared ICP (or both without one) are
        # compared; bucketing by (role, ICP) keeps this near-linear on large handbooks.
        buckets: dict[tuple[str, str | None], list[int]] = {}
        for later_index, later in enumerate(personas):
            role = as_dict(later.spec.get("buying_role")).get("primary")
            if not isinstance(role, str):
                continue
            keys: list[tuple[str, str | None]] = [
                (role, ref) for ref in dict.fromkeys(_refs(later))
            ] or [(role, None)]
            candidates = sorted({index for key in keys for index in buckets.get(key, ())})
            for key in keys:
                buckets.setdefault(key, []).append(later_index)
            for index in candidates:
                earlier = personas[index]
                score = similarity(words[later_index], words[index], threshold)
                if score >= threshold:
                    yield self.at(
                        later,
                        ("spec", "pain_points"),
                        f"persona `{later.id}` plays the same role ({str(role).replace('_', ' ')}) "
                        f"as `{earlier.id}` ({earlier.path}) and their pain points are "
                        f"{round(score * 100)}% alike; merge them, or rewrite the pain points "
                        "to show what sets them apart",
                        key=True,
                        similarity=round(score, 3),
                        other=earlier.id,
                    )
                    break


# --- PS211 ------------------------------------------------------------------------------------

_SENSITIVE = {"age_range": "age range", "gender": "gender", "income_range": "income range"}
_RESEARCH_TYPES = frozenset({"customer_interview", "survey", "crm_analysis"})


def _cited_ids(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "evidence_refs":
                yield from (ref for ref in as_list(item) if isinstance(ref, str))
            elif key == "evidence_ref" and isinstance(item, str):
                yield item
            else:
                yield from _cited_ids(item)
    elif isinstance(value, list):
        for item in value:
            yield from _cited_ids(item)


class UnsupportedDemographics(Rule):
    """A persona states age, gender or income without research to back it.

    ## What it checks
    Personas that set `demographics.age_range`, `gender` or `income_range` while none of
    their evidence is a customer interview, survey or CRM analysis (their own `evidence`,
    or handbook evidence they cite). `background` and `education` are not checked.

    ## Why it matters
    Invented demographics are the most common way personas turn into stereotypes: they
    steer targeting and copy without any data behind them, and they touch protected
    attributes. Keep them only when research shows them, and never use them for scoring.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      demographics:
        age_range: {min: 30, max: 45}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```

    ## Use instead
    ```yaml
    apiVersion: profilespec/v1
    kind: Persona
    metadata:
      id: persona-no-show-nadia
      title: No-Show Nadia
      owner: team:pmm
      status: draft
    spec:
      icp_refs: [icp-dental-us]
      archetype: No-Show Nadia
      demographics:
        background: 5-15 years at the front desk, often promoted from scheduling
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      owner: team:revops
      status: draft
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
    ```
    """

    code = "PS211"
    name = "unsupported-demographics"
    kinds = frozenset({"Persona"})
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if not _live(document):
            return
        demographics = as_dict(document.spec.get("demographics"))
        present = [key for key in _SENSITIVE if demographics.get(key) not in (None, "", {})]
        if not present:
            return
        evidence = [as_dict(item) for item in as_list(document.spec.get("evidence"))]
        cited = set(_cited_ids(document.spec))
        evidence += [
            as_dict(item)
            for item in as_list(ctx.settings.get("evidence"))
            if as_dict(item).get("id") in cited
        ]
        if any(item.get("type") in _RESEARCH_TYPES for item in evidence):
            return
        for key in present:
            yield self.at(
                document,
                ("spec", "demographics", key),
                f"the persona's {_SENSITIVE[key]} is not backed by a customer interview, survey "
                "or CRM analysis; add that evidence under `spec.evidence`, or remove the "
                f"{_SENSITIVE[key]}",
                key=True,
            )


RULES = (
    VagueCriterion,
    HedgedCriterion,
    IcpNotQuantified,
    IndustryWithoutCode,
    RangeTooWide,
    JobTitlePersonaName,
    BuyingCommitteeGap,
    MissingDisqualifiers,
    NearDuplicatePersonas,
    UnsupportedDemographics,
)
