"""The disqualifier predicate grammar as plain data, evaluated on accounts and on whole ICPs.

A predicate is ``{field, op, value}`` or a composition ``{all: [...]}``, ``{any: [...]}``,
``{not: ...}`` (domain.md 2.3). This module parses that shape into small frozen dataclasses
and answers two questions about it:

- ``evaluate(predicate, account)``: is it true for one account? Three-valued, because
  enrichment data has holes: ``None`` means "cannot tell", never a silent false.
- ``judge(predicate, box)``: over every account an ICP admits (its ``Box``), is it true for
  all of them, none of them, or some? Used by the linter to find disqualifiers that rule out
  a whole ICP, and by the overlap check.

Field semantics, shared by both:

- numeric (employees, annual_revenue, offices, company_age_years): ordered comparisons;
  money written as "5M" is understood.
- naics (``industry`` is an alias): hierarchical; ``in``/``eq``/``prefix_in`` of `6211`
  matches an account coded `621111`, as ``industries.include`` does.
- location (country, subdivision, region): containment after region-group expansion;
  ``country in [CA]`` holds for an account in `CA-QC`. ``country`` reads the account's
  country, ``subdivision`` its ISO 3166-2 code, ``region`` whichever is known.
- set (tech, partners): the account runs or works with a set of slugs; ``any_of``/``in``
  intersect, ``all_of`` is containment, ``none_of``/``not_in`` disjointness.
- category (ownership, business_model, funding_stage): one value per account, matched like a
  set of one.
- ``custom:<column>``: compared as written (numbers numerically), unknown to ``judge``.

No SQL lives here: ``profilespec qualify`` compiles the same dataclasses to its own queries.
"""

from __future__ import annotations

import enum
import functools
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, get_args

from profilespec.codes import NAICS_SECTOR_RANGES, expand_regions, naics_is_prefix, region_contains
from profilespec.values import money_value, per_year

__all__ = [
    "OPS",
    "AllOf",
    "AnyOf",
    "Box",
    "Comparison",
    "FieldKind",
    "Interval",
    "Not",
    "Predicate",
    "PredicateError",
    "SetRule",
    "Verdict",
    "box_from_icp",
    "canonical_field",
    "comparisons",
    "covers",
    "evaluate",
    "field_kind",
    "intersects",
    "judge",
    "parse",
    "representatives",
]

FieldKind = Literal["numeric", "naics", "location", "set", "category", "custom"]
Op = Literal[
    "lt",
    "lte",
    "gt",
    "gte",
    "eq",
    "ne",
    "in",
    "not_in",
    "any_of",
    "all_of",
    "none_of",
    "prefix_in",
    "missing",
]
OPS: tuple[Op, ...] = get_args(Op)
Scalar: TypeAlias = str | int | float | bool

_KINDS: Mapping[str, FieldKind] = {
    "employees": "numeric",
    "annual_revenue": "numeric",
    "offices": "numeric",
    "company_age_years": "numeric",
    "naics": "naics",
    "country": "location",
    "subdivision": "location",
    "region": "location",
    "tech": "set",
    "partners": "set",
    "ownership": "category",
    "business_model": "category",
    "funding_stage": "category",
}
_ALIASES: Mapping[str, str] = {"industry": "naics"}
_ORDERED = frozenset({"lt", "lte", "gt", "gte"})
_NEGATIVE = frozenset({"ne", "not_in", "none_of"})
# Anything that is not a real code or slug: stands for "an account outside every named one".
_ELSEWHERE = "\x00elsewhere"
# Judging enumerates combinations of representative accounts; beyond this it gives up.
_MAX_COMBINATIONS = 50_000
_MAX_SET_ATOMS = 12


class PredicateError(ValueError):
    """The data is not a predicate (the schema normally reports this first)."""


def canonical_field(name: str) -> str:
    """``industry`` -> ``naics``; every other field name is its own canonical form."""
    return _ALIASES.get(name, name)


def field_kind(name: str) -> FieldKind:
    """How a field is compared; ``custom:<column>`` and unknown names are ``custom``."""
    return _KINDS.get(canonical_field(name), "custom")


# --- the grammar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """``field op value``. ``values`` is the value as a tuple, normalized for the field.

    Money strings are amounts, region groups are expanded to their ISO codes; ``raw`` keeps
    what was written, for messages.
    """

    field: str
    op: Op
    values: tuple[Scalar, ...]
    raw: Any = None

    @property
    def kind(self) -> FieldKind:
        return field_kind(self.field)


@dataclass(frozen=True)
class AllOf:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Predicate, ...]


@dataclass(frozen=True)
class Not:
    item: Predicate


Predicate: TypeAlias = Comparison | AllOf | AnyOf | Not


def parse(data: Any, groups: Mapping[str, Iterable[str]] | None = None) -> Predicate:
    """A predicate from its YAML form; ``groups`` are the handbook's own region groups."""
    if not isinstance(data, Mapping):
        raise PredicateError("a predicate is a mapping")
    if "field" in data:
        name, op = data.get("field"), data.get("op")
        if not isinstance(name, str) or op not in OPS:
            raise PredicateError("a comparison needs a `field` name and a known `op`")
        raw = data.get("value")
        items = raw if isinstance(raw, list) else [] if raw is None else [raw]
        if not all(isinstance(item, str | int | float) for item in items):
            raise PredicateError("a comparison value is a scalar or a list of scalars")
        name = canonical_field(name)
        return Comparison(name, op, _normalize(name, items, groups or {}), raw)
    for key, make in (("all", AllOf), ("any", AnyOf)):
        if key in data:
            nested = data[key]
            if not isinstance(nested, list) or not nested:
                raise PredicateError(f"`{key}` needs a non-empty list of predicates")
            return make(tuple(parse(item, groups) for item in nested))
    if "not" in data:
        return Not(parse(data["not"], groups))
    raise PredicateError("a predicate has `field`/`op`/`value`, `all`, `any` or `not`")


def _normalize(
    name: str, items: Sequence[Scalar], groups: Mapping[str, Iterable[str]]
) -> tuple[Scalar, ...]:
    kind = field_kind(name)
    if kind == "numeric":
        amounts = (
            money_value(item) if name == "annual_revenue" else _number(item) for item in items
        )
        return tuple(amount for amount in amounts if amount is not None)
    if kind == "location":
        strings = [item for item in items if isinstance(item, str)]
        return tuple(sorted(expand_regions(strings, groups)))
    if kind in ("naics", "set", "category"):
        return tuple(str(item) for item in items)
    return tuple(items)


OPERATOR_WORDS: Mapping[str, str] = {
    "lt": "is below",
    "lte": "is at most",
    "gt": "is above",
    "gte": "is at least",
    "eq": "is",
    "ne": "is not",
    "in": "is one of",
    "not_in": "is none of",
    "any_of": "includes any of",
    "all_of": "includes all of",
    "none_of": "includes none of",
    "prefix_in": "starts with one of",
    "missing": "is unknown",
}


def describe_predicate(
    data: Any, *, show: Callable[[Any], str] = str, word: Callable[[Any], str] = str
) -> str:
    """A predicate as written, in words: ``tech includes any of sap-s4hana, oracle-fusion``.

    Works on the raw data, valid or not. ``show`` renders a field name or value and ``word``
    an unknown operator (the site passes its Markdown escapers, the diff plain ``str``).
    """
    node = data if isinstance(data, dict) else {}
    parts = node.get("all", node.get("any"))
    if isinstance(parts, list):
        joiner = " and " if "all" in node else " or "
        return joiner.join(f"({describe_predicate(p, show=show, word=word)})" for p in parts)
    if "not" in node:
        return f"not ({describe_predicate(node['not'], show=show, word=word)})"
    op = str(node.get("op", ""))
    field_name = show(node.get("field", ""))
    if op == "missing":
        return f"{field_name} {OPERATOR_WORDS[op]}"
    value = node.get("value")
    shown = ", ".join(show(v) for v in value) if isinstance(value, list) else show(value)
    return f"{field_name} {OPERATOR_WORDS.get(op, word(op))} {shown}"


def _number(value: object) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value.replace("_", "").replace(",", ""))
        except ValueError:
            return None
    return None


def comparisons(
    predicate: Predicate, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Comparison, tuple[str | int, ...]]]:
    """Every comparison with its data path relative to the predicate's own mapping."""
    if isinstance(predicate, Comparison):
        yield predicate, path
    elif isinstance(predicate, AllOf | AnyOf):
        key = "all" if isinstance(predicate, AllOf) else "any"
        for index, item in enumerate(predicate.items):
            yield from comparisons(item, (*path, key, index))
    else:
        yield from comparisons(predicate.item, (*path, "not"))


# --- evaluating on one account -------------------------------------------------------------


def _and(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = True
    for value in values:
        if value is False:
            return False
        if value is None:
            result = None
    return result


def _or(values: Iterable[bool | None]) -> bool | None:
    result: bool | None = False
    for value in values:
        if value is True:
            return True
        if value is None:
            result = None
    return result


def evaluate(
    predicate: Predicate, account: Mapping[str, Any], *, known: frozenset[str] | None = None
) -> bool | None:
    """Whether ``predicate`` holds for ``account`` (field name -> value); None if unknown.

    Account values: numbers for numeric fields, a NAICS code, an ISO 3166 code for
    ``country``/``subdivision``/``region``, an iterable of slugs for ``tech``/``partners``,
    one value (or an iterable) for ``ownership``/``business_model``. A missing key or
    ``None`` is unknown data, which only ``op: missing`` can turn into a yes or no.

    With ``known``, comparisons on any other field are unknown whatever the account holds
    (``op: missing`` included): the answer for every account that has these values.
    """
    if isinstance(predicate, Comparison):
        if known is not None and predicate.field not in known:
            return None
        return _compare(predicate, _account_value(predicate.field, account))
    if isinstance(predicate, AllOf):
        return _and(evaluate(item, account, known=known) for item in predicate.items)
    if isinstance(predicate, AnyOf):
        return _or(evaluate(item, account, known=known) for item in predicate.items)
    inner = evaluate(predicate.item, account, known=known)
    return None if inner is None else not inner


def _account_value(name: str, account: Mapping[str, Any]) -> Any:
    value = account.get(name)
    if value is None and name == "naics":
        value = account.get("industry")
    return value


def _compare(comparison: Comparison, value: Any) -> bool | None:
    op = comparison.op
    if op == "missing":
        return value is None or (isinstance(value, list | tuple | set | frozenset) and not value)
    if value is None:
        return None
    kind = comparison.kind
    if kind == "numeric":
        number = money_value(value) if comparison.field == "annual_revenue" else _number(value)
        return None if number is None else _compare_numbers(op, number, comparison.values)
    if kind == "custom":
        return _compare_custom(op, value, comparison.values)
    if op in _ORDERED:
        return None  # codes and slugs have no order
    if kind == "naics":
        return _match(op, {str(value)}, comparison.values, _naics_within)
    if kind == "location":
        return _match(op, {str(value)}, comparison.values, _within)
    held = (
        {value}
        if isinstance(value, str)
        else {str(item) for item in value}
        if isinstance(value, Iterable)
        else {str(value)}
    )
    return _match(op, held, comparison.values, _equal)


def _compare_numbers(op: str, number: float, values: tuple[Scalar, ...]) -> bool | None:
    targets = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if not targets:
        return None
    first = targets[0]
    result = {
        "lt": number < first,
        "lte": number <= first,
        "gt": number > first,
        "gte": number >= first,
        "eq": number == first,
        "ne": number != first,
        "in": number in targets,
        "any_of": number in targets,
        "not_in": number not in targets,
        "none_of": number not in targets,
        "all_of": all(number == target for target in targets),
    }
    return result.get(op)


def _compare_custom(op: str, value: Any, values: tuple[Scalar, ...]) -> bool | None:
    if not values:
        return None
    if op in _ORDERED:
        number, first = _number(value), _number(values[0])
        if number is None or first is None:
            return None
        return _compare_numbers(op, number, (first,))
    number = _number(value)
    numbers = [_number(v) for v in values]

    def same(target: Scalar, target_number: float | int | None) -> bool:
        if number is not None and target_number is not None:
            return number == target_number
        return str(value) == str(target)

    hit = any(same(t, n) for t, n in zip(values, numbers, strict=True))
    if op in ("eq", "in", "any_of", "prefix_in"):
        return same(values[0], numbers[0]) if op == "eq" else hit
    if op in _NEGATIVE:
        return not (same(values[0], numbers[0]) if op == "ne" else hit)
    if op == "all_of":
        return all(same(t, n) for t, n in zip(values, numbers, strict=True))
    return None


def _match(op: str, held: set[str], values: tuple[Scalar, ...], within: Any) -> bool | None:
    targets = [str(v) for v in values]
    if not targets:
        return None
    if op in ("eq", "ne"):
        targets = targets[:1]
    hit = any(within(item, target) for item in held for target in targets)
    if op in ("eq", "in", "any_of", "prefix_in"):
        return hit
    if op in _NEGATIVE:
        return not hit
    if op == "all_of":
        return all(any(within(item, target) for item in held) for target in targets)
    return None


def _equal(item: str, target: str) -> bool:
    return item == target


def _naics_within(code: str, ancestor: str) -> bool:
    return naics_is_prefix(ancestor, code)


@functools.cache
def _within(place: str, area: str) -> bool:
    """``place`` (a country or subdivision code) lies in ``area`` (already expanded)."""
    if place == area:
        return True
    if _ELSEWHERE in (place, area):
        return False
    if len(area) == 2:
        return place.startswith(area + "-")
    return "-" in place and place[:2] == area[:2] and region_contains(area, place)


# --- whole ICPs: boxes and verdicts --------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """Inclusive bounds; None is open. Numeric fields never go below 0."""

    lo: float | None = None
    hi: float | None = None

    def admits(self, value: float) -> bool:
        return value >= max(self.lo or 0, 0) and (self.hi is None or value <= self.hi)

    @property
    def empty(self) -> bool:
        return self.hi is not None and (self.hi < max(self.lo or 0, 0))


@dataclass(frozen=True)
class SetRule:
    """What a set field requires: all of, at least one of, none of."""

    required_all: frozenset[str] = frozenset()
    required_any: frozenset[str] = frozenset()
    excluded: frozenset[str] = frozenset()

    def admits(self, held: frozenset[str]) -> bool:
        return (
            self.required_all <= held
            and (not self.required_any or bool(self.required_any & held))
            and not (self.excluded & held)
        )

    @property
    def atoms(self) -> frozenset[str]:
        return self.required_all | self.required_any | self.excluded


# What an absent field admits: everything. Shared, as building a frozen dataclass is not free
# and boxes are asked for fields they do not bound many times per judgement.
_ANY_NUMBER = Interval()
_ANY_SET = SetRule()


@dataclass(frozen=True)
class Box:
    """The accounts an ICP admits, field by field; an absent field admits everything."""

    numeric: Mapping[str, Interval] = field(default_factory=dict)
    naics_include: tuple[str, ...] = ()
    naics_exclude: tuple[str, ...] = ()
    location_include: tuple[str, ...] = ()
    location_exclude: tuple[str, ...] = ()
    sets: Mapping[str, SetRule] = field(default_factory=dict)
    categories: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def interval(self, name: str) -> Interval:
        return self.numeric.get(name, _ANY_NUMBER)

    def admits_naics(self, code: str) -> bool:
        if self.naics_include and not any(_naics_within(code, p) for p in self.naics_include):
            return False
        return not any(_naics_within(code, p) for p in self.naics_exclude)

    def admits_location(self, place: str) -> bool:
        if self.location_include and not any(_within(place, a) for a in self.location_include):
            return False
        return not any(_within(place, a) for a in self.location_exclude)

    def admits_set(self, name: str, held: frozenset[str]) -> bool:
        return self.sets.get(name, _ANY_SET).admits(held)

    def admits_category(self, name: str, value: str) -> bool:
        allowed = self.categories.get(name)
        return not allowed or value in allowed


def box_from_icp(spec: Mapping[str, Any], groups: Mapping[str, Iterable[str]] | None = None) -> Box:
    """The box of an ICP ``spec`` (plain data as loaded); malformed parts admit everything."""
    firmographics = _mapping(spec.get("firmographics"))
    numeric: dict[str, Interval] = {}
    for name in ("employees", "annual_revenue", "offices", "company_age_years"):
        bounds = firmographics.get(name)
        if isinstance(bounds, Mapping):
            read = money_value if name == "annual_revenue" else _number
            low, high = read(bounds.get("min")), read(bounds.get("max"))
            if name == "annual_revenue":  # "$100k+/month" is $1.2M+ a year
                factor = per_year(dict(bounds))
                low, high = (
                    None if low is None else low * factor,
                    None if high is None else high * factor,
                )
            numeric[name] = Interval(low, high)
    industries = _mapping(firmographics.get("industries"))
    regions = _mapping(firmographics.get("regions"))
    # A competitor the ICP will not displace rules its technology out, like `excluded`.
    competitors = spec.get("competitors")
    undisplaced = [
        item["technology"]
        for item in (competitors if isinstance(competitors, list) else [])
        if isinstance(item, Mapping)
        and item.get("displace") is False
        and isinstance(item.get("technology"), str)
    ]
    sets = {
        name: SetRule(
            frozenset(_strings(source.get("required_all"))),
            frozenset(_strings(source.get("required_any"))),
            frozenset(_strings(source.get("excluded")) + (undisplaced if name == "tech" else [])),
        )
        for name, source in (
            ("tech", _mapping(spec.get("technographics"))),
            ("partners", _mapping(spec.get("partners"))),
        )
    }
    categories = {
        "ownership": frozenset(_strings(firmographics.get("ownership"))),
        "business_model": frozenset(_strings(spec.get("business_model"))),
        "funding_stage": frozenset(_strings(firmographics.get("funding_stage"))),
    }
    # A locality (a city inside IN-KA) puts its region in reach; the box is coarser than the city.
    written = regions.get("localities")
    localities = [
        str(item["within"])
        for item in (written if isinstance(written, list) else [])
        if isinstance(item, Mapping) and isinstance(item.get("within"), str)
    ]
    return Box(
        numeric=numeric,
        naics_include=_naics_codes(industries.get("include")),
        naics_exclude=_naics_codes(industries.get("exclude")),
        location_include=tuple(
            sorted(expand_regions([*_strings(regions.get("include")), *localities], groups or {}))
        ),
        location_exclude=tuple(
            sorted(expand_regions(_strings(regions.get("exclude")), groups or {}))
        ),
        sets=sets,
        categories=categories,
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _naics_codes(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else []
    return tuple(
        item["naics"]
        for item in items
        if isinstance(item, Mapping) and isinstance(item.get("naics"), str)
    )


class Verdict(enum.Enum):
    """How a predicate fares over every account a box admits."""

    ALWAYS = "always"
    NEVER = "never"
    SOMETIMES = "sometimes"
    # The box admits nothing on a field the predicate reads, or there are too many cases.
    UNDECIDED = "undecided"


# The representative accounts of one dimension: (field-name -> account value) fragments.
_Fragment = dict[str, Any]


def judge(predicate: Predicate, box: Box) -> Verdict:
    """Whether ``predicate`` holds for all, none or some of the accounts ``box`` admits.

    Exact for the typed fields: each dimension the predicate reads is cut into the few
    classes of accounts that no comparison can tell apart (numbers between two bounds,
    codes under the same named prefixes, subsets of the named slugs), and one account per
    class is evaluated. Custom fields are unknown, so they never make a verdict ALWAYS.
    """
    dimensions = sorted({_dimension(c.field) for c, _ in comparisons(predicate)})
    choices: list[list[_Fragment]] = []
    total = 1
    for dimension in dimensions:
        fragments = representatives(dimension, predicate, box)
        if fragments is None or not fragments:
            return Verdict.UNDECIDED
        total *= len(fragments)
        if total > _MAX_COMBINATIONS:
            return Verdict.UNDECIDED
        choices.append(fragments)
    seen: set[bool | None] = set()
    for combination in itertools.product(*choices):
        account: dict[str, Any] = {}
        for fragment in combination:
            account.update(fragment)
        seen.add(evaluate(predicate, account))
        if len(seen) > 1:
            return Verdict.SOMETIMES
    if seen == {True}:
        return Verdict.ALWAYS
    if seen == {False}:
        return Verdict.NEVER
    return Verdict.SOMETIMES


def _dimension(name: str) -> str:
    kind = field_kind(name)
    return "location" if kind == "location" else "custom" if kind == "custom" else name


def representatives(
    dimension: str, predicate: Predicate | None, *boxes: Box
) -> list[_Fragment] | None:
    """One account fragment per class of ``dimension`` admitted by every box in ``boxes``.

    The classes are those the predicate's comparisons and the boxes' own bounds can tell
    apart. None when the dimension has too many classes to enumerate.
    """
    candidates = _candidates(dimension, predicate, boxes)
    if candidates is None:
        return None
    admits = _admitter(dimension)
    return [f for f in candidates if all(admits(box, f) for box in boxes)]


def intersects(dimension: str, first: Box, second: Box) -> bool | None:
    """Whether some account fits both boxes on ``dimension``; None if too many cases."""
    found = representatives(dimension, None, first, second)
    return None if found is None else bool(found)


def covers(dimension: str, outer: Box, inner: Box) -> bool | None:
    """Whether every account ``inner`` admits on ``dimension`` is admitted by ``outer``."""
    candidates = _candidates(dimension, None, (outer, inner))
    if candidates is None:
        return None
    admits = _admitter(dimension)
    return all(admits(outer, f) for f in candidates if admits(inner, f))


def _admitter(dimension: str) -> Callable[[Box, _Fragment], bool]:
    """Whether a box admits an account fragment on ``dimension``.

    Chosen once per dimension: judging a predicate asks it for every box and fragment.
    """
    kind = field_kind(dimension)
    if dimension == "custom":
        return lambda box, fragment: True
    if kind == "numeric":
        return lambda box, fragment: box.interval(dimension).admits(fragment[dimension])
    if kind == "naics":
        return lambda box, fragment: box.admits_naics(fragment["naics"])
    if dimension == "location":
        return lambda box, fragment: box.admits_location(fragment["region"])
    if kind == "set":
        return lambda box, fragment: box.admits_set(dimension, fragment[dimension])
    return lambda box, fragment: box.admits_category(dimension, fragment[dimension])


def _candidates(
    dimension: str, predicate: Predicate | None, boxes: Sequence[Box]
) -> list[_Fragment] | None:
    found = (
        [c for c, _ in comparisons(predicate) if _dimension(c.field) == dimension]
        if predicate is not None
        else []
    )
    named = {str(v) for c in found for v in c.values}
    kind = field_kind(dimension)
    if dimension == "custom":
        return [{}]
    if kind == "numeric":
        return [{dimension: p} for p in _numeric_points(dimension, found, boxes)]
    if kind == "naics":
        for box in boxes:
            named.update(box.naics_include + box.naics_exclude)
        return [{"naics": c} for c in _naics_points(named)]
    if dimension == "location":
        for box in boxes:
            named.update(box.location_include + box.location_exclude)
        places = sorted(named | {p[:2] for p in named if "-" in p} | {_ELSEWHERE})
        return [_location_fragment(p) for p in places]
    if kind == "set":
        for box in boxes:
            named |= box.sets.get(dimension, _ANY_SET).atoms
        if len(named) > _MAX_SET_ATOMS:
            return None
        ordered = sorted(named)
        return [
            {dimension: frozenset(chosen)}
            for size in range(len(ordered) + 1)
            for chosen in itertools.combinations(ordered, size)
        ]
    for box in boxes:
        named |= box.categories.get(dimension, frozenset())
    return [{dimension: v} for v in sorted(named | {_ELSEWHERE})]


def _numeric_points(name: str, found: list[Comparison], boxes: Sequence[Box]) -> list[float]:
    marks: set[float] = {0.0}
    for comparison in found:
        marks.update(float(v) for v in comparison.values if isinstance(v, int | float))
    for box in boxes:
        interval = box.interval(name)
        marks.update(float(b) for b in (interval.lo, interval.hi) if b is not None)
    ordered = sorted(m for m in marks if m >= 0)
    points = set(ordered)
    points.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
    points.add(ordered[-1] + 1)
    return sorted(points)


def _naics_points(named: set[str]) -> list[str]:
    points: set[str] = set()
    for code in named:
        # A sector range such as 31-33 is not itself an account's code; its members are.
        points.update(NAICS_SECTOR_RANGES.get(code, (code,)))
    return sorted(points | {_ELSEWHERE})


def _location_fragment(place: str) -> _Fragment:
    if place == _ELSEWHERE:
        return {"country": place, "subdivision": place, "region": place}
    country = place[:2]
    return {"country": country, "subdivision": place if "-" in place else None, "region": place}
