"""PS3xx: consistency. An ICP must not contradict itself, its codes must exist, and two ICPs
must not describe the same accounts.

Range and set reasoning lives in ``profilespec.predicates`` (the same semantics
qualification uses), so "this disqualifier rules out the whole ICP" means exactly what
scoring an account would find.
"""

from __future__ import annotations

import difflib
import itertools
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from profilespec import predicates as pred
from profilespec.codes import (
    country_name,
    currency_name,
    is_currency,
    is_naics,
    is_region_code,
    naics_is_prefix,
    naics_title,
    region_contains,
    region_groups,
    subdivision_name,
    suggest_codes,
)
from profilespec.diagnostics import Severity
from profilespec.loader import DataPath, Document
from profilespec.rules.base import Finding, LintContext, Rule, as_dict, as_list, shared
from profilespec.values import format_number, format_range, money_value, rough_rate

_ICP = frozenset({"ICP"})
_ICP_FIRMOGRAPHIC_RANGES = ("employees", "annual_revenue", "offices", "company_age_years")
_RANGE_LABELS = {
    "employees": "employees",
    "annual_revenue": "annual revenue",
    "offices": "offices",
    "company_age_years": "company age in years",
    "customer_base": "customer base",
    "team_size": "team size",
}
# Symbols people put in front of amounts, and which currencies they can mean.
_SYMBOL_CURRENCIES = {"€": ("EUR",), "£": ("GBP", "GIP", "FKP", "SHP")}


def _groups(ctx: LintContext) -> dict[str, list[str]]:
    def read() -> dict[str, list[str]]:
        taxonomies = as_dict(ctx.settings.get("taxonomies"))
        raw = as_dict(as_dict(taxonomies.get("regions")).get("groups"))
        return {
            name: [m for m in as_list(members) if isinstance(m, str)]
            for name, members in raw.items()
        }

    return ctx.once("region-groups", read)


def _box(document: Document, ctx: LintContext) -> pred.Box:
    """The accounts an ICP admits, worked out once per document for PS303 and PS305.

    Boxes are never modified (PS303 copies what it rescales).
    """
    groups = _groups(ctx)
    key = ctx.once("region-groups-key", lambda: repr(groups))
    return shared(document, ("icp-box", key), lambda: pred.box_from_icp(document.spec, groups))


def _default_currency(ctx: LintContext) -> Any:
    return as_dict(ctx.settings.get("defaults")).get("currency")


def _criterion_predicates(spec: Mapping[str, Any]) -> Iterator[tuple[str, DataPath, Any]]:
    """(label, data path, predicate data) for every checkable criterion (`criteria[].when`)."""
    for index, raw in enumerate(as_list(spec.get("criteria"))):
        item = as_dict(raw)
        if "when" in item:
            yield (
                f"criterion `{item.get('id', index)}`",
                ("spec", "criteria", index, "when"),
                item["when"],
            )


def _disqualifier_predicates(spec: Mapping[str, Any]) -> Iterator[tuple[str, DataPath, Any]]:
    """(label, data path, predicate data) for every disqualifier and `disqualify_if`."""
    for index, raw in enumerate(as_list(spec.get("disqualifiers"))):
        item = as_dict(raw)
        yield (
            f"disqualifier `{item.get('id')}`",
            ("spec", "disqualifiers", index, "when"),
            item.get("when"),
        )
    constraints = as_dict(spec.get("constraints"))
    for key, label_key in (("legal", "id"), ("service_limits", "metric")):
        for index, raw in enumerate(as_list(constraints.get(key))):
            item = as_dict(raw)
            if "disqualify_if" in item:
                yield (
                    f"`{item.get(label_key)}` constraint",
                    ("spec", "constraints", key, index, "disqualify_if"),
                    item["disqualify_if"],
                )


def _parsed(data: Any, groups: Mapping[str, Iterable[str]]) -> pred.Predicate | None:
    try:
        return pred.parse(data, groups)
    except pred.PredicateError:
        return None  # the schema has reported it


class ContradictoryRange(Rule):
    """A range no company can fall into: min above max, a negative bound, or money in two currencies.

    ## What it checks
    Every range (`employees`, `annual_revenue`, `offices`, `company_age_years`,
    `customer_base`, a persona's `role.team_size`) and `constraints.min_contract_value`:
    `min` must not exceed `max` (compared after reading "5M" as 5,000,000), no bound may be
    negative, and money written with a currency symbol must agree with the range's
    `currency` (or the handbook's default currency) and with the other bound.

    ## Why it matters
    `employees: {min: 2000, max: 200}` matches no company at all, so the ICP silently
    qualifies nobody; a revenue range written "€40M" under `currency: USD` leaves everyone
    guessing which number is meant.

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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 400, max: 40}
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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 40, max: 400}
    ```

    ## Options
    None.
    """

    code = "PS301"
    name = "contradictory-range"
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        spec = document.spec
        ranges: list[tuple[str, DataPath, Any]] = []
        if document.kind == "ICP":
            firmographics = as_dict(spec.get("firmographics"))
            for name in (*_ICP_FIRMOGRAPHIC_RANGES, "customer_base"):
                if name in firmographics:
                    ranges.append((name, ("spec", "firmographics", name), firmographics[name]))
        else:
            role = as_dict(spec.get("role"))
            if "team_size" in role:
                ranges.append(("team_size", ("spec", "role", "team_size"), role["team_size"]))
        for name, path, value in ranges:
            yield from self._range(document, ctx, name, path, as_dict(value))
        contract = as_dict(as_dict(spec.get("constraints")).get("min_contract_value"))
        if contract:
            path = ("spec", "constraints", "min_contract_value")
            amount = money_value(contract.get("amount"))
            if amount is not None and amount < 0:
                yield self.at(
                    document,
                    (*path, "amount"),
                    f"the minimum contract value is negative ({format_number(amount)}); "
                    "write the smallest deal worth doing as a positive amount",
                )
            yield from self._currency(document, ctx, path, contract, ("amount",))

    def _range(
        self,
        document: Document,
        ctx: LintContext,
        name: str,
        path: DataPath,
        value: dict[str, Any],
    ) -> Iterator[Finding]:
        label = _RANGE_LABELS[name]
        low, high = money_value(value.get("min")), money_value(value.get("max"))
        for bound, number in (("min", low), ("max", high)):
            if number is not None and number < 0:
                yield self.at(
                    document,
                    (*path, bound),
                    f"the {label} range has a negative {bound} ({format_number(number)}); "
                    "no company has fewer than zero, so use 0 or a positive number",
                )
        if low is not None and high is not None and low > high:
            yield self.at(
                document,
                (*path, "min"),
                f"the {label} range is empty: min {format_number(low)} is above max "
                f"{format_number(high)}, so no company fits; swap the bounds or fix the typo",
            )
        if name == "annual_revenue":
            yield from self._currency(document, ctx, path, value, ("min", "max"))

    def _currency(
        self,
        document: Document,
        ctx: LintContext,
        path: DataPath,
        value: dict[str, Any],
        keys: tuple[str, ...],
    ) -> Iterator[Finding]:
        currency = value.get("currency") or _default_currency(ctx)
        symbols: dict[str, str] = {}
        for key in keys:
            written = value.get(key)
            if isinstance(written, str) and written.strip()[:1] in "$€£":
                symbols[key] = written.strip()[0]
        if len(set(symbols.values())) > 1:
            key = keys[-1]
            yield self.at(
                document,
                (*path, key),
                f"the amounts are written in two currencies ({' and '.join(symbols.values())}); "
                "write both bounds in one currency and name it with `currency`",
            )
            return
        for key, symbol in symbols.items():
            if not isinstance(currency, str) or not is_currency(currency):
                return  # an unknown code is PS304's finding
            if not _symbol_fits(symbol, currency):
                where = "`currency`" if value.get("currency") else "the handbook's default currency"
                yield self.at(
                    document,
                    (*path, key),
                    f"`{value[key]}` is written with {symbol}, but {where} is {currency} "
                    f"({currency_name(currency)}); set `currency` to the currency the amounts "
                    "are in and drop the symbol",
                )


def _symbol_fits(symbol: str, currency: str) -> bool:
    if symbol == "$":
        return "dollar" in (currency_name(currency) or "").lower()
    return currency in _SYMBOL_CURRENCIES.get(symbol, ())


class IncludeExcludeConflict(Rule):
    """Something is both targeted and excluded, or an exclusion swallows an inclusion.

    ## What it checks
    In industries, regions, technology and partners: the same code or slug in an include
    list and an exclude list, and an exclusion that covers an inclusion entirely. NAICS codes
    nest by prefix, so excluding `6211` rules out an included `621111`; regions nest by ISO
    3166 and region groups, so excluding `CA` rules out an included `CA-ON`. The other way
    round is a carve-out and is fine: include `62` and exclude `622` (health care but not
    hospitals), include `CA` and exclude `CA-QC`. A technology in `required_all`,
    `required_any` or `preferred` and also in `excluded` is reported too, and likewise for
    partners; so is a technology the ICP asks for that belongs to a competitor it will not
    displace (`competitors[].displace: false`), and a locality whose `within` region is
    excluded.

    ## Why it matters
    An exclusion always wins, so the included item can never match: the ICP says one thing
    and qualifies another, and nobody notices until the account lists come back empty.

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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        industries:
          include: [{naics: "621210", name: Offices of dentists}]
          exclude: [{naics: "6212", name: Offices of dentists}]
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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        industries:
          include: [{naics: "62", name: Health care and social assistance}]
          exclude: [{naics: "622", name: Hospitals}]
    ```

    ## Options
    None.
    """

    code = "PS302"
    name = "include-exclude-conflict"
    kinds = _ICP
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        spec = document.spec
        firmographics = as_dict(spec.get("firmographics"))
        yield from self._industries(document, as_dict(firmographics.get("industries")))
        yield from self._regions(document, ctx, as_dict(firmographics.get("regions")))
        for section, noun in (("technographics", "technology"), ("partners", "partner")):
            yield from self._slugs(document, section, noun, as_dict(spec.get(section)))
        yield from self._competitors(document, spec)

    def _industries(self, document: Document, industries: dict[str, Any]) -> Iterator[Finding]:
        include = [
            (i, as_dict(item).get("naics"))
            for i, item in enumerate(as_list(industries.get("include")))
        ]
        for index, item in enumerate(as_list(industries.get("exclude"))):
            excluded = as_dict(item).get("naics")
            if not isinstance(excluded, str):
                continue
            for position, included in include:
                if not isinstance(included, str):
                    continue
                path = ("spec", "firmographics", "industries", "exclude", index, "naics")
                if excluded == included:
                    yield self.at(
                        document,
                        path,
                        f'NAICS "{excluded}" is both included (`include[{position}]`) and excluded; '
                        "the exclusion wins, so remove it from one of the lists",
                    )
                elif naics_is_prefix(excluded, included):
                    yield self.at(
                        document,
                        path,
                        f'excluding NAICS "{excluded}" ({naics_title(excluded)}) also excludes the '
                        f'included "{included}" ({naics_title(included)}), which lies inside it, so '
                        "that inclusion never matches; exclude only the narrower codes you do "
                        "not want (a carve-out such as include 62, exclude 622 is fine)",
                    )

    def _regions(
        self, document: Document, ctx: LintContext, regions: dict[str, Any]
    ) -> Iterator[Finding]:
        groups = _groups(ctx)
        include = [
            (i, v) for i, v in enumerate(as_list(regions.get("include"))) if isinstance(v, str)
        ]
        for index, item in enumerate(as_list(regions.get("localities"))):
            locality = as_dict(item)
            within = locality.get("within")
            if not isinstance(within, str):
                continue
            for excluded in as_list(regions.get("exclude")):
                if isinstance(excluded, str) and (
                    excluded == within or region_contains(excluded, within, extra_groups=groups)
                ):
                    yield self.at(
                        document,
                        ("spec", "firmographics", "regions", "localities", index, "within"),
                        f"the locality {locality.get('name', '')} lies in `{within}`, which "
                        f"`exclude` rules out (`{excluded}`), so it never matches; remove "
                        "the locality or narrow the exclusion",
                    )
                    break
        for index, excluded in enumerate(as_list(regions.get("exclude"))):
            if not isinstance(excluded, str):
                continue
            path = ("spec", "firmographics", "regions", "exclude", index)
            for position, included in include:
                if excluded == included:
                    yield self.at(
                        document,
                        path,
                        f"`{excluded}` is both included (`include[{position}]`) and excluded; the "
                        "exclusion wins, so remove it from one of the lists",
                    )
                elif region_contains(excluded, included, extra_groups=groups):
                    yield self.at(
                        document,
                        path,
                        f"excluding `{excluded}` also excludes the included `{included}`, which "
                        "lies inside it, so that inclusion never matches; to leave out part of "
                        f"a region, include the larger one and exclude the part (include CA, "
                        "exclude CA-QC)",
                    )

    def _slugs(
        self, document: Document, section: str, noun: str, lists: dict[str, Any]
    ) -> Iterator[Finding]:
        wanted = {
            slug: key
            for key in ("required_all", "required_any", "preferred")
            for slug in as_list(lists.get(key))
            if isinstance(slug, str)
        }
        for index, slug in enumerate(as_list(lists.get("excluded"))):
            if isinstance(slug, str) and slug in wanted:
                yield self.at(
                    document,
                    ("spec", section, "excluded", index),
                    f"{noun} `{slug}` is in both `{wanted[slug]}` and `excluded`; the exclusion "
                    "wins, so the ICP asks for something it rules out: keep it in one list",
                )

    def _competitors(self, document: Document, spec: dict[str, Any]) -> Iterator[Finding]:
        lists = as_dict(spec.get("technographics"))
        wanted = {
            slug: key
            for key in ("required_all", "required_any", "preferred")
            for slug in as_list(lists.get(key))
            if isinstance(slug, str)
        }
        for index, item in enumerate(as_list(spec.get("competitors"))):
            competitor = as_dict(item)
            slug = competitor.get("technology")
            if competitor.get("displace") is False and isinstance(slug, str) and slug in wanted:
                yield self.at(
                    document,
                    ("spec", "competitors", index, "displace"),
                    f"technology `{slug}` is in `technographics.{wanted[slug]}`, but its vendor "
                    f"{competitor.get('name', '')} is a competitor you do not displace "
                    "(`displace: false`), which rules its accounts out: keep one of the two",
                )


class OverlappingIcps(Rule):
    """Two ICPs describe largely the same companies.

    ## What it checks
    Every pair of ICPs that are not retired, dimension by dimension: headcount, revenue, offices and
    company age overlap on a log scale (the shared part as a share of the narrower range);
    industries overlap when an account could carry a NAICS code both admit; regions when a
    place lies in both after groups, subdivisions and exclusions; technology and partners
    when one account could meet both ICPs' required and excluded lists; and a disqualifier of
    one that rules out all of the other separates them. An unconstrained dimension counts as
    full overlap. The pair is reported when the smallest overlap is at least `min_overlap`,
    on the ICP with the lower priority, naming the dimension that separates them least and
    saying when one is a subset of the other. Revenue in different currencies is compared
    through rough fixed rates, which is enough on a log scale. Drafts are compared too: a
    draft that duplicates a live ICP is cheapest to fix before it goes live.

    ## Why it matters
    An account that fits two ICPs gets two owners, two messages and two scores, and the
    portfolio loses the focus it was written for: too many overlapping ICPs are as bad as
    none. Either sharpen the weakest dimension or merge the two.

    Suppress one pair with the annotation `profilespec/lint-ignore: "PS303:<other-id>"` on
    the ICP where the finding is reported.

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
      priority: 1
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 50, max: 800}
        regions: {include: [US]}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-chains
      title: Dental chains
      owner: team:revops
      status: draft
    spec:
      priority: 2
      summary: US dental chains with 10-60 practices running Dentrix
      firmographics:
        employees: {min: 100, max: 1000}
        regions: {include: [US]}
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
      priority: 1
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 50, max: 800}
        regions: {include: [US]}
    ---
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-chains-canada
      title: Dental chains (Canada)
      owner: team:revops
      status: draft
    spec:
      priority: 2
      summary: Canadian dental chains with 10-60 practices running Dentrix
      firmographics:
        employees: {min: 100, max: 1000}
        regions: {include: [CA]}
    ```

    ## Options
    - `min_overlap` (default 0.5): report pairs whose weakest dimension overlaps at least
      this much (0 to 1).
    - `statuses` (default `[draft, active]`): which ICPs are compared; `[active]` leaves
      drafts alone while they are being written.
    """

    code = "PS303"
    name = "overlapping-icps"
    kinds = _ICP
    scope = "handbook"
    default_severity = Severity.WARNING

    @dataclass(frozen=True)
    class Options:
        min_overlap: float = field(
            default=0.5, metadata={"doc": "Smallest overlap (0-1) on every dimension to report."}
        )
        statuses: tuple[str, ...] = field(
            default=("draft", "active"), metadata={"doc": "Statuses of the ICPs that are compared."}
        )

    def check_handbook(self, ctx: LintContext) -> Iterator[Finding]:
        groups = _groups(ctx)
        icps = [
            _Icp.build(document, ctx, groups)
            for document in ctx.handbook.profiles("ICP")
            if document.status in self.options.statuses
        ]
        icps.sort(key=lambda icp: icp.rank)
        for first, second in _candidate_pairs(icps, self.options.min_overlap):
            yield from self._pair(first, second)

    def _pair(self, first: _Icp, second: _Icp) -> Iterator[Finding]:
        if _apart_by_range(first, second, self.options.min_overlap):
            return
        overlaps = _overlaps(first, second)
        if overlaps is None or not overlaps:
            return
        weakest_name, weakest = min(overlaps, key=lambda item: item[1])
        if weakest < self.options.min_overlap:
            return
        subset = ""
        if _covers(first, second):
            subset = f" Every account `{second.id}` admits also fits `{first.id}`: it is a subset."
        elif _covers(second, first):
            subset = f" Every account `{first.id}` admits also fits `{second.id}`: it is a subset."
        shown = ", ".join(f"{name} {value:.0%}" for name, value in overlaps)
        yield self.at(
            second.document,
            ("metadata", "id"),
            f"`{second.id}` overlaps `{first.id}` on every dimension ({shown}), so the same "
            f"accounts fit both and will be targeted twice; the weakest separation is "
            f"{weakest_name}: sharpen it so the two do not share accounts, or merge the two "
            f"ICPs.{subset}",
            portfolio=True,
            target=first.id,
            overlap=round(weakest, 3),
        )


_DOMAIN = {
    "employees": (1.0, 1e7),
    "annual_revenue": (1e3, 1e13),
    "offices": (1.0, 1e5),
    "company_age_years": (1.0, 1e3),
}
_SET_DIMENSIONS = (
    ("naics", "industries"),
    ("location", "regions"),
    ("tech", "technology"),
    ("partners", "partners"),
    ("ownership", "ownership"),
    ("business_model", "business model"),
    ("funding_stage", "funding stage"),
)


@dataclass
class _Icp:
    document: Document
    id: str
    rank: tuple[int, str, int]
    box: pred.Box
    constrained: frozenset[str]
    disqualifiers: list[tuple[str, pred.Predicate]]

    @classmethod
    def build(cls, document: Document, ctx: LintContext, groups: dict[str, list[str]]) -> _Icp:
        spec = document.spec
        box = _box(document, ctx)
        revenue = as_dict(as_dict(spec.get("firmographics")).get("annual_revenue"))
        currency = revenue.get("currency") or _default_currency(ctx)
        rate = rough_rate(currency, "USD") if isinstance(currency, str) else None
        numeric = dict(box.numeric)
        if "annual_revenue" in numeric:
            if rate is None:
                del numeric["annual_revenue"]  # not comparable: counts as unconstrained
            else:
                interval = numeric["annual_revenue"]
                numeric["annual_revenue"] = pred.Interval(
                    None if interval.lo is None else interval.lo * rate,
                    None if interval.hi is None else interval.hi * rate,
                )
        box = pred.Box(
            numeric=numeric,
            naics_include=box.naics_include,
            naics_exclude=box.naics_exclude,
            location_include=box.location_include,
            location_exclude=box.location_exclude,
            sets=box.sets,
            categories=box.categories,
        )
        constrained = set(numeric)
        if box.naics_include or box.naics_exclude:
            constrained.add("naics")
        if box.location_include or box.location_exclude:
            constrained.add("location")
        constrained.update(name for name, rule in box.sets.items() if rule.atoms)
        constrained.update(name for name, values in box.categories.items() if values)
        disqualifiers = []
        for index, item in enumerate(as_list(spec.get("disqualifiers"))):
            parsed = _parsed(as_dict(item).get("when"), groups)
            if parsed is not None:
                disqualifiers.append((str(as_dict(item).get("id", index)), parsed))
        priority = spec.get("priority")
        return cls(
            document=document,
            id=document.id or "",
            rank=(
                priority if isinstance(priority, int) else 10**6,
                document.path,
                document.start.line,
            ),
            box=box,
            constrained=frozenset(constrained),
            disqualifiers=disqualifiers,
        )


def _log_overlap(first: pred.Interval, second: pred.Interval, domain: tuple[float, float]) -> float:
    def bounds(interval: pred.Interval) -> tuple[float, float]:
        low = min(max(interval.lo if interval.lo is not None else domain[0], domain[0]), domain[1])
        high = min(max(interval.hi if interval.hi is not None else domain[1], domain[0]), domain[1])
        return math.log10(low), math.log10(high)

    (a_low, a_high), (b_low, b_high) = bounds(first), bounds(second)
    shared = min(a_high, b_high) - max(a_low, b_low)
    if shared < 0:
        return 0.0
    narrower = min(a_high - a_low, b_high - b_low)
    return 1.0 if narrower <= 0 else min(shared / narrower, 1.0)


def _candidate_pairs(icps: list[_Icp], threshold: float) -> list[tuple[_Icp, _Icp]]:
    """The pairs whose headcount ranges touch, in ``combinations`` order.

    Pairs with disjoint headcount ranges overlap 0 on that dimension, which is below any
    positive threshold, so a sort-and-sweep skips them without comparing: large portfolios
    are split by size band and this keeps the check from going quadratic.
    """
    if threshold <= 0:
        return list(itertools.combinations(icps, 2))
    domain = _DOMAIN["employees"]

    def bounds(icp: _Icp) -> tuple[float, float]:
        interval = icp.box.interval("employees")
        low = interval.lo if interval.lo is not None else domain[0]
        high = interval.hi if interval.hi is not None else domain[1]
        return min(max(low, domain[0]), domain[1]), min(max(high, domain[0]), domain[1])

    spans = [bounds(icp) for icp in icps]
    by_low = sorted(range(len(icps)), key=lambda index: spans[index][0])
    pairs: list[tuple[int, int]] = []
    for position, index in enumerate(by_low):
        high = spans[index][1]
        for other in by_low[position + 1 :]:
            if spans[other][0] > high:
                break
            pairs.append((min(index, other), max(index, other)))
    pairs.sort()
    return [(icps[first], icps[second]) for first, second in pairs]


def _apart_by_range(first: _Icp, second: _Icp, threshold: float) -> bool:
    """Whether one headcount or revenue range alone keeps the pair below ``threshold``.

    The same test ``_overlaps`` makes first, without the predicate work after it: most pairs
    of a large portfolio are told apart here, which keeps the pairwise check cheap.
    """
    either = first.constrained | second.constrained
    return any(
        name in either
        and _log_overlap(first.box.interval(name), second.box.interval(name), _DOMAIN[name])
        < threshold
        for name in _ICP_FIRMOGRAPHIC_RANGES
    )


def _overlaps(first: _Icp, second: _Icp) -> list[tuple[str, float]] | None:
    """(dimension, overlap) for every dimension either ICP constrains; None if undecidable."""
    result: list[tuple[str, float]] = []
    either = first.constrained | second.constrained
    for name in _ICP_FIRMOGRAPHIC_RANGES:
        if name in either:
            value = _log_overlap(first.box.interval(name), second.box.interval(name), _DOMAIN[name])
            result.append((_RANGE_LABELS[name], value))
    for dimension, label in _SET_DIMENSIONS:
        if dimension in either:
            shared = pred.intersects(dimension, first.box, second.box)
            if shared is None:
                return None
            result.append((label, 1.0 if shared else 0.0))
    for this, other in ((first, second), (second, first)):
        for ident, predicate in this.disqualifiers:
            if pred.judge(predicate, other.box) is pred.Verdict.ALWAYS:
                result.append((f"disqualifier `{ident}` of `{this.id}`", 0.0))
    return result


def _covers(outer: _Icp, inner: _Icp) -> bool:
    """Whether every range and list of ``inner`` lies inside ``outer``'s."""
    for name in _ICP_FIRMOGRAPHIC_RANGES:
        if name not in outer.constrained:
            continue
        big, small = outer.box.interval(name), inner.box.interval(name)
        if small.lo is None or (big.lo is not None and small.lo < big.lo):
            return False
        if big.hi is not None and (small.hi is None or small.hi > big.hi):
            return False
    for dimension, _ in _SET_DIMENSIONS:
        if (
            dimension in outer.constrained
            and pred.covers(dimension, outer.box, inner.box) is not True
        ):
            return False
    return not any(
        pred.judge(predicate, inner.box) is not pred.Verdict.NEVER
        for _, predicate in outer.disqualifiers
    )


class InvalidCode(Rule):
    """A NAICS, ISO 3166 region, ISO 4217 currency or technology code that does not exist.

    ## What it checks
    Industry codes against NAICS 2022 (unless `taxonomies.industries` is `none`), region
    codes against ISO 3166-1 countries, ISO 3166-2 subdivisions and region groups (built-in
    ones such as `DACH`, `EU`, `NORTH_AMERICA`, and the handbook's own
    `taxonomies.regions.groups`), currencies against ISO 4217, and, when the handbook lists
    `taxonomies.technologies`, technology slugs against that list (a warning), competitors'
    `technology` included. A locality's `within` must be an ISO 3166-2 subdivision or a
    country. Codes inside disqualifier conditions and checkable criteria (`criteria[].when`)
    are checked too. Each finding suggests the nearest valid code.
    The tables ship with profilespec; nothing is looked up online.

    ## Why it matters
    A code that does not exist matches no account: `NAICS 6219` or region `UK` (the ISO code
    is `GB`) silently turns a criterion into "nobody", and enrichment data, CRM filters and
    qualification all key on these codes.

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
      summary: UK dental groups with 5-40 practices running Dentrix
      firmographics:
        regions: {include: [UK]}
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
      summary: UK dental groups with 5-40 practices running Dentrix
      firmographics:
        regions: {include: [GB]}
    ```

    ## Options
    None. Technology slugs are checked only when `taxonomies.technologies` is set.
    """

    code = "PS304"
    name = "invalid-code"
    kinds = frozenset({"ICP", "Handbook"})
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.kind == "Handbook":
            yield from self._handbook(document, ctx)
            return
        known = _Known.of(ctx)
        spec = document.spec
        firmographics = as_dict(spec.get("firmographics"))
        industries = as_dict(firmographics.get("industries"))
        regions = as_dict(firmographics.get("regions"))
        for key in ("include", "exclude"):
            for index, item in enumerate(as_list(industries.get(key))):
                code = as_dict(item).get("naics")
                if known.naics and isinstance(code, str):
                    where: DataPath = ("spec", "firmographics", "industries", key, index, "naics")
                    yield from self._naics(document, where, code)
            for index, code in enumerate(as_list(regions.get(key))):
                if isinstance(code, str):
                    where = ("spec", "firmographics", "regions", key, index)
                    yield from self._region(document, where, code, known.groups)
        for index, item in enumerate(as_list(regions.get("localities"))):
            within = as_dict(item).get("within")
            if isinstance(within, str):
                where = ("spec", "firmographics", "regions", "localities", index, "within")
                # A group is not a place a city lies in: only real ISO codes here.
                if not is_region_code(within):
                    suggestions = suggest_codes(within, "region")
                    hint = " or ".join(f"`{s}`{_place(s)}" for s in suggestions)
                    yield self.at(
                        document,
                        where,
                        f"`{within}` is not an ISO 3166-2 subdivision or country code"
                        + (f"; did you mean {hint}?" if hint else "")
                        + f" (the region {as_dict(item).get('name', 'the locality')} lies in)",
                    )
        revenue = as_dict(firmographics.get("annual_revenue"))
        contract = as_dict(as_dict(spec.get("constraints")).get("min_contract_value"))
        for currency_path, value in (
            (("spec", "firmographics", "annual_revenue", "currency"), revenue.get("currency")),
            (("spec", "constraints", "min_contract_value", "currency"), contract.get("currency")),
        ):
            if isinstance(value, str):
                yield from self._currency(document, currency_path, value)
        if known.tech is not None:
            lists = as_dict(spec.get("technographics"))
            for key in ("required_all", "required_any", "preferred", "excluded"):
                for index, slug in enumerate(as_list(lists.get(key))):
                    if isinstance(slug, str):
                        where = ("spec", "technographics", key, index)
                        yield from self._tech(document, where, slug, known.tech)
            for index, item in enumerate(as_list(spec.get("competitors"))):
                slug = as_dict(item).get("technology")
                if isinstance(slug, str):
                    where = ("spec", "competitors", index, "technology")
                    yield from self._tech(document, where, slug, known.tech)
        for _, path, data in (*_disqualifier_predicates(spec), *_criterion_predicates(spec)):
            parsed = _parsed(data, known.groups)
            for comparison, relative in pred.comparisons(parsed) if parsed else ():
                yield from self._predicate_values(document, (*path, *relative), comparison, known)

    def _predicate_values(
        self, document: Document, path: DataPath, comparison: pred.Comparison, known: _Known
    ) -> Iterator[Finding]:
        raw = comparison.raw
        written = list(enumerate(raw)) if isinstance(raw, list) else [(None, raw)]
        for index, value in written:
            if not isinstance(value, str):
                continue
            where = (*path, "value") if index is None else (*path, "value", index)
            if comparison.kind == "naics" and known.naics:
                yield from self._naics(document, where, value)
            elif comparison.kind == "location":
                yield from self._region(document, where, value, known.groups)
            elif comparison.field == "tech" and known.tech is not None:
                yield from self._tech(document, where, value, known.tech)

    def _naics(self, document: Document, path: DataPath, code: str) -> Iterator[Finding]:
        if is_naics(code):
            return
        suggestions = suggest_codes(code, "naics")
        hint = (
            "; did you mean " + " or ".join(f'"{s}" ({naics_title(s)})' for s in suggestions) + "?"
            if suggestions
            else "; look the industry up in the NAICS 2022 list (census.gov/naics)"
        )
        yield self.at(document, path, f'"{code}" is not a NAICS 2022 code{hint}')

    def _region(
        self, document: Document, path: DataPath, code: str, groups: Mapping[str, Any]
    ) -> Iterator[Finding]:
        if is_region_code(code) or code in region_groups() or code in groups:
            return
        suggestions = suggest_codes(code, "region")
        hint = (
            "; did you mean " + " or ".join(f"`{s}`{_place(s)}" for s in suggestions) + "?"
            if suggestions
            else ""
        )
        yield self.at(
            document,
            path,
            f"`{code}` is not an ISO 3166 country or subdivision code, nor a region group{hint} "
            "(define your own groups under `taxonomies.regions.groups` in profilespec.yaml)",
        )

    def _currency(self, document: Document, path: DataPath, code: str) -> Iterator[Finding]:
        if is_currency(code):
            return
        suggestions = suggest_codes(code, "currency")
        hint = (
            "; did you mean "
            + " or ".join(f"`{s}` ({currency_name(s)})" for s in suggestions)
            + "?"
            if suggestions
            else ""
        )
        yield self.at(document, path, f"`{code}` is not an ISO 4217 currency code{hint}")

    def _tech(
        self, document: Document, path: DataPath, slug: str, known: frozenset[str]
    ) -> Iterator[Finding]:
        if slug in known:
            return
        close = difflib.get_close_matches(slug, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        yield self.at(
            document,
            path,
            f"technology `{slug}` is not in the handbook's `taxonomies.technologies` list{hint} "
            "(add it there if it is new)",
            severity=Severity.WARNING,
        )

    def _handbook(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        spec = document.spec
        currency = as_dict(spec.get("defaults")).get("currency")
        if isinstance(currency, str):
            yield from self._currency(document, ("spec", "defaults", "currency"), currency)
        groups = _groups(ctx)
        raw = as_dict(as_dict(as_dict(spec.get("taxonomies")).get("regions")).get("groups"))
        for name, members in raw.items():
            for index, code in enumerate(as_list(members)):
                if isinstance(code, str):
                    yield from self._region(
                        document,
                        ("spec", "taxonomies", "regions", "groups", name, index),
                        code,
                        groups,
                    )


@dataclass(frozen=True)
class _Known:
    """What the handbook says is a valid code: NAICS on or off, its tech list and groups."""

    naics: bool
    tech: frozenset[str] | None
    groups: dict[str, list[str]]

    @classmethod
    def of(cls, ctx: LintContext) -> _Known:
        taxonomies = as_dict(ctx.settings.get("taxonomies"))
        technologies = taxonomies.get("technologies")
        return cls(
            naics=taxonomies.get("industries", "naics-2022") != "none",
            tech=None
            if technologies is None
            else frozenset(t for t in as_list(technologies) if isinstance(t, str)),
            groups=_groups(ctx),
        )


def _place(code: str) -> str:
    name = country_name(code) or subdivision_name(code)
    return f" ({name})" if name else ""


class UnsatisfiableIcp(Rule):
    """A disqualifier rules out every account the ICP includes, so the ICP qualifies nobody.

    ## What it checks
    Each disqualifier (and each constraint's `disqualify_if`) against the ICP's own ranges,
    industries, regions, technology and ownership, by interval arithmetic: `employees lt
    2000` on an ICP of 80-1,200 employees, or `tech any_of [epic]` when `epic` is in
    `required_all`, is true for every account the ICP admits. All disqualifiers together are
    checked the same way, so two that split the range between them are caught too.
    Conditions on `custom:` columns are unknown until an account is scored, so they never
    trigger this rule. Retired ICPs are skipped.

    ## Why it matters
    A disqualifier is meant to trim the edges. One that covers the whole ICP means every
    account scores as disqualified, usually because of a flipped operator (`lt` for `gt`)
    or a typo in a number; the ICP reads well and qualifies no one.

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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 50, max: 800}
      disqualifiers:
        - id: dq-enterprise
          when: {field: employees, op: lt, value: 5000}
          reason: Enterprise dental groups buy through 12-month RFPs
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
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: 50, max: 800}
      disqualifiers:
        - id: dq-enterprise
          when: {field: employees, op: gt, value: 5000}
          reason: Enterprise dental groups buy through 12-month RFPs
    ```

    ## Options
    None.
    """

    code = "PS305"
    name = "unsatisfiable-icp"
    kinds = _ICP
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        groups = _groups(ctx)
        box = _box(document, ctx)
        parsed: list[pred.Predicate] = []
        fired = False
        for label, path, data in _disqualifier_predicates(document.spec):
            predicate = _parsed(data, groups)
            if predicate is None:
                continue
            parsed.append(predicate)
            if pred.judge(predicate, box) is pred.Verdict.ALWAYS:
                fired = True
                yield self.at(
                    document,
                    path,
                    f"{label} is true for every account this ICP includes"
                    f"{_scope(predicate, box)}, so the ICP qualifies nobody; check the operator "
                    "(`lt` for `gt`?) and the value, or the ICP's own criteria",
                )
        together = pred.AnyOf(tuple(parsed))
        if not fired and len(parsed) > 1 and pred.judge(together, box) is pred.Verdict.ALWAYS:
            yield self.at(
                document,
                ("spec", "disqualifiers"),
                "together, the disqualifiers rule out every account this ICP includes (each "
                "covers part of it, and between them nothing is left), so the ICP qualifies "
                "nobody; narrow one of them or widen the ICP",
                key=True,
            )


def _scope(predicate: pred.Predicate, box: pred.Box) -> str:
    """`` (employees 80-1,200)`` when a single numeric range explains the verdict."""
    fields = {comparison.field for comparison, _ in pred.comparisons(predicate)}
    if len(fields) == 1:
        (name,) = fields
        interval = box.numeric.get(name)
        if interval is not None:
            return (
                f" ({_RANGE_LABELS[name]} {format_range({'min': interval.lo, 'max': interval.hi})})"
            )
    return ""


RULES = (ContradictoryRange, IncludeExcludeConflict, OverlappingIcps, InvalidCode, UnsatisfiableIcp)
