"""Compile active ICPs into one SQL query (a sqlglot tree) that qualifies every account.

The query is written once, in DuckDB's dialect, parsed once into a sqlglot tree, and then
either run by embedded DuckDB against a CSV/Parquet/JSON Lines file or printed in another
dialect for the warehouse. Everything the result depends on happens inside the SQL (band
parsing, country names, NAICS prefixes, technology lists), so the warehouse computes exactly
what DuckDB computes. Only portable constructs are used: regexes with one capture group and
no escapes, CASE, LIKE, STRPOS, inline VALUES; no arrays, no GREATEST, no dialect casts.

Three-valued results: every criterion is ``matched``, ``failed`` or ``unknown`` (no usable
value). Unknowns are never a match; see ``UNKNOWN_POLICY_HELP`` for how they score.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from profilespec import codes
from profilespec.qualify.mapping import FIELDS, ColumnMap, check_predicate_fields
from profilespec.values import format_range, money_value, range_bounds

DIMENSIONS = (
    "industry",
    "employees",
    "annual_revenue",
    "region",
    "technographics",
    "business_model",
    "offices",
    "ownership",
    "company_age_years",
    "partners",
)
TIERS = ("A", "B", "C")
QUALIFIED_TIERS = frozenset(TIERS)
DEFAULT_TIERS = {"A": 80, "B": 60, "C": 40}
# Below this share of known scoring weight an account gets tier "unknown", not a score tier.
MIN_KNOWN_SHARE = 0.5
UNKNOWN_POLICY_HELP = {
    "neutral": "an unknown criterion earns half its weight (never the full weight)",
    "penalize": "an unknown criterion earns nothing, like a failed one",
    "exclude_from_denominator": "unknown criteria are left out; the score is the share of the "
    "known weight that matched",
}
TABLE = "accounts"
# Up to this many disqualifiers in an ICP, the list of those that could not be checked is
# one of a fixed set of labels (2**n - 1 of them) rather than text built per account.
MAX_LABELLED_DISQUALIFIERS = 6

_BAND_FIELDS = ("employees", "annual_revenue", "offices", "company_age_years")
_LIST_FIELDS = ("tech", "partners", "business_model")
_BLANKS = ("n/a", "-", "--", "unknown", "null", "none", "?", "tbd", "#n/a")
_DIGITS_RE = "^[0-9]+$"
_NUM = "[0-9]+[.]?[0-9]*"
_SUFFIX = "[kmbt]?"
_BAND_RE = f"^{_NUM}{_SUFFIX}(-{_NUM}{_SUFFIX}|[+])?$"
# Written forms of a band that reduce to digits, "-", "+" and a k/m/b/t suffix: regex
# replacements in order (one regex costs about what two REPLACE calls do).
_BAND_CLEANUP = (
    ("[,$€£ ]", ""),
    ("usd|eur|gbp|employees", ""),
    ("to|\u2013|\u2014", "-"),
)
_KEY_CLEANUP = ((".", ""), ("'", ""), ("\u2019", ""), (",", " "), ("-", " "), ("&", "and"))
_OWNERSHIP_ALIASES = {
    "private": "private",
    "privately_held": "private",
    "private_company": "private",
    "public": "public",
    "public_company": "public",
    "publicly_traded": "public",
    "publicly_held": "public",
    "pe_backed": "pe_backed",
    "private_equity": "pe_backed",
    "private_equity_backed": "pe_backed",
    "vc_backed": "vc_backed",
    "venture_backed": "vc_backed",
    "family_owned": "family_owned",
    "family": "family_owned",
    "nonprofit": "nonprofit",
    "non_profit": "nonprofit",
    "government": "government",
    "government_agency": "government",
}


class QualifyError(Exception):
    """An ICP or option that cannot be turned into a query, in plain words."""


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def ident(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _replace_chain(expression: str, pairs: Iterable[tuple[str, str]]) -> str:
    for old, new in pairs:
        expression = f"REPLACE({expression}, {lit(old)}, {lit(new)})"
    return expression


def _regex_chain(expression: str, pairs: Iterable[tuple[str, str]]) -> str:
    """Replace every match, in order; ``render`` adapts the 'g' flag to each dialect."""
    for pattern, new in pairs:
        expression = f"REGEXP_REPLACE({expression}, {lit(pattern)}, {lit(new)}, 'g')"
    return expression


def name_key(text: str) -> str:
    """The comparison key of a country or subdivision name; ``_key_sql`` computes the same."""
    key = text.strip().lower()
    for old, new in _KEY_CLEANUP:
        key = key.replace(old, new)
    return key


def _key_sql(column: str) -> str:
    # Most values (codes, plain names) have none of the characters the cleanup touches.
    touched = "[" + "".join(sorted(old for old, _ in _KEY_CLEANUP if old != "-")) + "-]"
    return (
        f"CASE WHEN REGEXP_MATCHES({column}, {lit(touched)}) "
        f"THEN {_replace_chain(f'LOWER(TRIM({column}))', _KEY_CLEANUP)} "
        f"ELSE LOWER(TRIM({column})) END"
    )


def _deaccent(text: str) -> str:
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )


def tech_slug(text: str) -> str:
    """A technology slug as it appears inside the normalized technology list."""
    return text.strip().lower().replace("_", "-").replace(" ", "-")


@dataclass(frozen=True)
class Settings:
    """Handbook-wide scoring settings and run options."""

    band_match: str = "overlap"
    unknown_policy: str = "neutral"
    tiers: Mapping[str, int] = field(default_factory=lambda: dict(DEFAULT_TIERS))
    region_groups: Mapping[str, Sequence[str]] = field(default_factory=dict)
    currency: str = "USD"
    year: int = 2026


@dataclass
class Criterion:
    dimension: str
    wants: str
    sql: str


@dataclass
class Disqualifier:
    id: str
    reason: str
    sql: str


@dataclass
class IcpPlan:
    """One ICP as the query sees it."""

    id: str
    title: str
    priority: int | None
    rank: int
    criteria: dict[str, Criterion]
    weights: dict[str, int]
    tiers: dict[str, int]
    disqualifiers: list[Disqualifier]


STATUSES = ("matched", "failed", "unknown")
TIER_VALUES = (*TIERS, "none", "unknown", "DQ")
# Verdicts are read from columns of the one-row CTE ``labels`` rather than written as
# literals, so that DuckDB can give them ENUM types (see ``Compiled.labels``).
MATCHED, FAILED, UNKNOWN = (f"status_{s}" for s in STATUSES)


def _tier_label(tier: str) -> str:
    return f"tier_{tier.lower()}"


@dataclass(frozen=True)
class ValueColumn:
    """What a ``<dimension>_value`` column of table ``wide`` can hold.

    ``members`` lists every value it can hold, read from the ``tables`` (``d_<alias>``;
    each row of each adds at most one value per row of the others). ``source`` is the one
    table and column it is read from as is, if it is one attribute's raw value: typing
    that column types the value once per distinct value instead of once per account.
    """

    members: str
    tables: tuple[str, ...]
    source: tuple[str, str] | None


@dataclass
class Compiled:
    """The query (DuckDB dialect) plus what readers of its result need to know.

    ``text`` is the whole query: one row per account and ICP. The engine runs it in parts
    so that the expensive part runs once: the ``inputs`` (the account columns read, ``src``,
    and one small table per attribute of its distinct values, ``d_<alias>``) are stored as
    tables; ``per_account()`` reads them into one row per account with every ICP's verdict
    side by side (table ``wide``); ``long_select`` turns table ``wide`` and table ``icp``
    (icp_id, icp_rank) into the result rows.

    ``labels`` are the columns of CTE ``labels``: each holds one value (statuses, tiers,
    disqualifier ids; None for a typed NULL) out of a small set of values. The query is
    written against those columns, so giving each set a type changes no logic.

    ``values`` says, per ``<dimension>_value`` column, how the engine can give it a type too.
    """

    inputs: list[tuple[str, str]]
    chain: str
    wide: dict[str, str]
    values: dict[str, ValueColumn]
    long_select: str
    icps: list[IcpPlan]
    outcome: bool
    warnings: list[str]
    columns: dict[str, str | None]
    labels: dict[str, tuple[str | None, tuple[str, ...]]]

    def labels_sql(self, types: Mapping[tuple[str, ...], str] | None = None) -> str:
        """CTE ``labels``; ``types`` names a SQL type per value set (default: text)."""
        items = []
        for name, (value, values) in self.labels.items():
            kind = types[values] if types else "VARCHAR"
            literal = "NULL" if value is None else lit(value)
            items.append(f"CAST({literal} AS {kind}) AS {name}")
        return f"labels AS (SELECT {', '.join(items)})"

    def wide_select(self, value_types: Mapping[str, str] | None = None) -> str:
        """The columns of table ``wide``; ``value_types`` names a SQL type per value column."""
        items = []
        for name, expression in self.wide.items():
            kind = (value_types or {}).get(name)
            typed = f"CAST({expression} AS {kind})" if kind else expression
            items.append(typed if typed == name else f"{typed} AS {name}")
        return ", ".join(items)

    def per_account(
        self,
        types: Mapping[tuple[str, ...], str] | None = None,
        value_types: Mapping[str, str] | None = None,
    ) -> str:
        """One row per account with every ICP's verdicts, read from the stored ``inputs``."""
        return (
            f"WITH {self.labels_sql(types)}, {self.chain} "
            f"SELECT {self.wide_select(value_types)} FROM ranked"
        )

    @property
    def text(self) -> str:
        icp_values = ", ".join(f"({lit(plan.id)}, {plan.rank})" for plan in self.icps)
        inputs = "".join(f"{name} AS ({sql}), " for name, sql in self.inputs)
        return (
            f"WITH {self.labels_sql()}, {inputs}{self.chain}, "
            f"wide AS (SELECT {self.wide_select()} FROM ranked), "
            f"icp AS (SELECT * FROM (VALUES {icp_values}) AS v(icp_id, icp_rank)) "
            f"{self.long_select}"
        )

    def sql(self, dialect: str = "duckdb", *, pretty: bool = True) -> str:
        import sqlglot

        return render(sqlglot.parse_one(self.text, read="duckdb"), dialect, pretty=pretty)


def render(tree: Any, dialect: str, *, pretty: bool = True) -> str:
    from sqlglot import exp

    if dialect == "postgres":
        # PostgreSQL has no REGEXP_EXTRACT; substring(text, pattern) returns the first group.
        tree = tree.transform(
            lambda node: (
                exp.Anonymous(this="SUBSTRING", expressions=[node.this, node.expression])
                if isinstance(node, exp.RegexpExtract)
                else node
            )
        )
    if dialect == "snowflake":
        # Snowflake replaces every match by default and reads a fourth argument as a position.
        tree = tree.copy()
        for node in tree.find_all(exp.RegexpReplace):
            node.set("modifiers", None)
    text: str = tree.sql(dialect=dialect, pretty=pretty)
    return text


# --- account columns ---------------------------------------------------------------------


class _Columns:
    """SQL for reading and normalizing the mapped account columns."""

    def __init__(self, mapping: ColumnMap, available: Sequence[str] | None) -> None:
        self.mapping = mapping
        self.available = available
        self.resolved: dict[str, str | None] = {}
        self.custom: dict[str, int] = {}

    def column(self, attribute: str) -> str | None:
        """The file's column for ``attribute`` (``custom:<name>`` too), or None."""
        column = self.mapping.resolve(attribute, self.available)
        self.resolved[attribute] = column
        return column

    def custom_index(self, name: str) -> int:
        return self.custom.setdefault(name, len(self.custom))


def _clean(value: str) -> str:
    """``value`` as trimmed text, NULL when blank or a placeholder such as "n/a"."""
    text = f"TRIM(CAST({value} AS VARCHAR))"
    blanks = ", ".join(lit(b) for b in _BLANKS)
    return f"CASE WHEN {text} = '' OR LOWER({text}) IN ({blanks}) THEN NULL ELSE {text} END"


def _band_sql(prefix: str, raw: str | None = None) -> list[list[str]]:
    """Select items, one list per query layer, turning ``raw`` into ``<prefix>_lo``/``_hi``.

    Plain numbers, the most common written form, take a short cut: digits once thousands
    separators are dropped ("12,500,000") need one regex test and a cast, instead of the
    cleanup and the four regex extractions a band needs (which would read them the same).
    """
    raw = raw or f"raw_{prefix}"
    digits = f"{prefix}_d"
    plain = f"REPLACE({raw}, ',', '')"
    flag = [f"REGEXP_MATCHES({plain}, {lit(_DIGITS_RE)}) AS {digits}"]
    cleanup = _regex_chain(f"LOWER({raw})", _BAND_CLEANUP)
    clean = [f"CASE WHEN {digits} THEN NULL ELSE {cleanup} END AS {prefix}_s"]
    s = f"{prefix}_s"
    parsed = [
        f"REGEXP_MATCHES({s}, {lit(_BAND_RE)}) AS {prefix}_ok",
        f"CAST(NULLIF(REGEXP_EXTRACT({s}, {lit(f'^({_NUM})')}, 1), '') AS DOUBLE) AS {prefix}_a",
        f"COALESCE(REGEXP_EXTRACT({s}, {lit(f'^{_NUM}({_SUFFIX})')}, 1), '') AS {prefix}_as",
        f"CAST(NULLIF(REGEXP_EXTRACT({s}, {lit(f'-({_NUM}){_SUFFIX}$')}, 1), '') AS DOUBLE) "
        f"AS {prefix}_b",
        f"COALESCE(REGEXP_EXTRACT({s}, {lit(f'-{_NUM}({_SUFFIX})$')}, 1), '') AS {prefix}_bs",
    ]

    def scale(suffix: str) -> str:
        return (
            f"CASE {suffix} WHEN 'k' THEN 1000 WHEN 'm' THEN 1000000 WHEN 'b' THEN 1000000000 "
            "WHEN 't' THEN 1000000000000 ELSE 1 END"
        )

    # "$10-50M" means 10M-50M: a bare first number borrows the second number's suffix.
    suffix = f"CASE WHEN {prefix}_as = '' THEN {prefix}_bs ELSE {prefix}_as END"
    lo = f"{prefix}_a * {scale(suffix)}"
    hi = (
        f"CASE WHEN {s} LIKE '%+' THEN 1e18 WHEN {prefix}_b IS NOT NULL "
        f"THEN {prefix}_b * {scale(f'{prefix}_bs')} ELSE {lo} END"
    )
    number = f"CAST({plain} AS DOUBLE)"
    normalized = [
        f"CASE WHEN {digits} THEN {number} WHEN {prefix}_ok THEN {lo} END AS {prefix}_lo",
        f"CASE WHEN {digits} THEN {number} WHEN {prefix}_ok THEN {hi} END AS {prefix}_hi",
    ]
    return [flag, clean, parsed, normalized]


def _list_sql(raw: str, separators: str) -> str:
    """``;a;b;`` from "A, B" so that membership is a plain substring test.

    Separators become ";" without the space before and up to two spaces after them, and
    the remaining spaces "-". Characters that are special in a regex character class are
    turned into ";" by REPLACE first, since no escape means the same in every dialect.
    """
    text = _replace_chain(f"LOWER({raw})", [("[", ""), ("]", "")])
    text = _regex_chain(text, [('["/.]', "")])
    text = _replace_chain(text, [("_", "-")])
    special = [sep for sep in separators if sep in "]\\[^-"]
    text = _replace_chain(text, [(sep, ";") for sep in special])
    plain = "".join(sep for sep in separators if sep not in special and sep != ";")
    text = _regex_chain(text, [(f" ?[;{plain}] {{0,2}}", ";")])
    text = _replace_chain(text, [(" ", "-")])
    return f"CASE WHEN {raw} IS NULL THEN NULL ELSE ';' || TRIM({text}) || ';' END"


@dataclass
class _Derivation:
    """Columns computed from one attribute's cleaned value, ``raw_<alias>``.

    ``layers`` are select items, one list per query layer; ``outputs`` maps each column the
    rest of the query reads to its expression over the last layer (``t``, joined with
    ``lookup``) and its SQL type. Every output is NULL when the value is.
    """

    layers: list[list[str]]
    outputs: dict[str, tuple[str, str]]
    lookup: str = ""


def _derivation(attribute: str, alias: str, separators: str) -> _Derivation:
    raw = f"raw_{alias}"
    if attribute == "company_age_years":
        return _Derivation([], {})  # read with the founding year, per account
    if attribute in _BAND_FIELDS or attribute.startswith("custom:"):
        bounds = (f"{alias}_lo", f"{alias}_hi")
        return _Derivation(_band_sql(alias), {b: (f"t.{b}", "DOUBLE") for b in bounds})
    if attribute == "country":
        lookup = ", ".join(f"({lit(k)}, {lit(v)})" for k, v in country_lookup())
        return _Derivation(
            [[f"{_key_sql(raw)} AS country_key"]],
            {"country_code": ("country_lookup.code", "VARCHAR")},
            f"LEFT JOIN (VALUES {lookup}) AS country_lookup(name_key, code) "
            "ON country_lookup.name_key = t.country_key",
        )
    naics = f"REGEXP_EXTRACT({raw}, '^([0-9]+)', 1)"
    business_models = _replace_chain(_list_sql(raw, separators), [("_", "-")])
    derived = {
        "naics": (
            "naics_code",
            f"CASE WHEN LENGTH(NULLIF({naics}, '')) BETWEEN 2 AND 6 THEN {naics} END",
        ),
        "industry": ("industry_key", f"LOWER({raw})"),
        "subdivision": ("subdivision_key", _key_sql(raw)),
        "tech": ("tech_list", _list_sql(raw, separators)),
        "partners": ("partners_list", _list_sql(raw, separators)),
        "business_model": ("business_model_list", business_models),
        "ownership": ("ownership_key", _ownership_key(raw)),
    }.get(attribute)
    if derived is None:
        return _Derivation([], {})
    name, expression = derived
    return _Derivation([[f"{expression} AS {name}"]], {name: (f"t.{name}", "VARCHAR")})


def _dimension(alias: str, derivation: _Derivation) -> str:
    """One row per distinct value ``k`` of column ``src.k_<alias>`` with what it derives."""
    sql = f"SELECT k, {_clean('k')} AS raw_{alias} FROM (SELECT DISTINCT k_{alias} AS k FROM src) AS v"
    for items in derivation.layers:
        sql = f"SELECT t.*, {', '.join(items)} FROM ({sql}) AS t"
    outputs = "".join(f", {expr} AS {name}" for name, (expr, _) in derivation.outputs.items())
    return f"SELECT t.k, t.raw_{alias}{outputs} FROM ({sql}) AS t {derivation.lookup}".rstrip()


def _members_sql(expression: str, aliases: Sequence[str], present: Collection[str]) -> str:
    """Every non-NULL value ``expression`` can take, from the tables ``d_<alias>``.

    Each attribute contributes its distinct raw values and NULL; with two attributes this
    is every combination, a superset of the values the accounts hold (which a type may be).
    """
    factors = [
        f"(SELECT raw_{alias} FROM d_{alias} UNION ALL SELECT NULL) AS f_{alias}"
        if alias in present
        else f"(SELECT CAST(NULL AS VARCHAR) AS raw_{alias}) AS f_{alias}"
        for alias in aliases
    ]
    return (
        f"SELECT DISTINCT {expression} AS v FROM {' CROSS JOIN '.join(factors)} "
        f"WHERE {expression} IS NOT NULL ORDER BY v"
    )


def _has(list_column: str, item: str) -> str:
    return f"(STRPOS({list_column}, {lit(';' + tech_slug(item) + ';')}) > 0)"


@functools.cache
def country_lookup() -> tuple[tuple[str, str], ...]:
    """(name key, alpha-2) for every way the code tables know to write a country."""
    keys: dict[str, set[str]] = {}
    for text, code in codes.country_spellings():
        for form in (text, "the " + text, _deaccent(text)):
            keys.setdefault(name_key(form), set()).add(code)
    return tuple(sorted((key, next(iter(found))) for key, found in keys.items() if len(found) == 1))


def _subdivision_sql(country: str, raw: str, key: str, wanted: Iterable[str]) -> str:
    """ISO 3166-2 code from a state/province column: "CA-QC", "QC" or "Quebec"."""
    upper = f"UPPER({raw})"
    branches = [
        f"WHEN {upper} LIKE '__-%' THEN {upper}",
        f"WHEN {country} IS NOT NULL AND LENGTH({raw}) <= 3 THEN {country} || '-' || {upper}",
    ]
    for code in sorted(wanted):
        name = codes.subdivision_name(code)
        if not name:
            continue
        forms = sorted({name_key(f) for f in (name, _deaccent(name), name.split(" [")[0])})
        branches.append(
            f"WHEN {country} = {lit(code[:2])} AND {key} IN ({', '.join(lit(f) for f in forms)}) "
            f"THEN {lit(code)}"
        )
    return "CASE " + " ".join(branches) + " END"


# --- criteria ----------------------------------------------------------------------------


def _status(unknown: str, failed: str, matched: str = "TRUE") -> str:
    return (
        f"CASE WHEN {unknown} THEN {UNKNOWN} WHEN {failed} THEN {FAILED} "
        f"WHEN {matched} THEN {MATCHED} ELSE {FAILED} END"
    )


def _range_status(prefix: str, rng: Mapping[str, Any], band_match: str) -> str:
    low, high = range_bounds(rng)
    lo, hi = f"{prefix}_lo", f"{prefix}_hi"
    tests = []
    if band_match == "within":
        tests += [f"{lo} >= {_num(low)}"] if low is not None else []
        tests += [f"{hi} <= {_num(high)}"] if high is not None else []
    else:
        tests += [f"{hi} >= {_num(low)}"] if low is not None else []
        tests += [f"{lo} <= {_num(high)}"] if high is not None else []
    return _status(f"{lo} IS NULL", "FALSE", " AND ".join(tests) or "TRUE")


def _naics_prefixes(items: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        code = item.get("naics") if isinstance(item, dict) else None
        if isinstance(code, str):
            out.extend(codes.NAICS_SECTOR_RANGES.get(code, (code,)))
    return out


def _aliases(items: Iterable[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            for label in [item.get("name"), *item.get("aliases", [])]:
                if isinstance(label, str):
                    out.append(label.strip().lower())
    return out


def _in(column: str, values: Iterable[str]) -> str:
    items = sorted(set(values))
    return f"{column} IN ({', '.join(lit(v) for v in items)})" if items else "FALSE"


def _any_prefix(column: str, prefixes: Iterable[str]) -> str:
    tests = [f"{column} LIKE {lit(p + '%')}" for p in sorted(set(prefixes))]
    return "(" + " OR ".join(tests) + ")" if tests else "FALSE"


def _industry_status(selection: Mapping[str, Any]) -> str:
    include = _naics_prefixes(selection.get("include", []))
    exclude = _naics_prefixes(selection.get("exclude", []))
    inc_alias = _aliases(selection.get("include", []))
    exc_alias = _aliases(selection.get("exclude", []))
    included = _any_prefix("naics_code", include) if include else "TRUE"
    # An account coded "33" cannot be placed in or out of an ICP asking for "332".
    coarse = " OR ".join(f"{lit(p)} LIKE naics_code || '%'" for p in sorted(set(include)))
    by_label = (
        f"CASE WHEN {_in('industry_key', exc_alias)} THEN {FAILED} "
        f"WHEN {_in('industry_key', inc_alias)} THEN {MATCHED} ELSE {UNKNOWN} END"
    )
    return (
        f"CASE WHEN naics_code IS NULL THEN {by_label} "
        f"WHEN {_any_prefix('naics_code', exclude)} THEN {FAILED} "
        f"WHEN {included} THEN {MATCHED} "
        f"WHEN {coarse or 'FALSE'} THEN {UNKNOWN} ELSE {FAILED} END"
    )


def _split_regions(
    items: Iterable[str], groups: Mapping[str, Sequence[str]]
) -> tuple[set[str], set[str]]:
    expanded = set(codes.expand_regions(list(items), groups))
    resolved = {
        code if codes.is_region_code(code) else codes.country_from_name(code) or code
        for code in expanded
    }
    countries = {c for c in resolved if "-" not in c}
    subdivisions = {c for c in resolved if "-" in c}
    return countries, subdivisions


def _region_status(selection: Mapping[str, Any], groups: Mapping[str, Sequence[str]]) -> str:
    inc_c, inc_s = _split_regions(selection.get("include", []), groups)
    exc_c, exc_s = _split_regions(selection.get("exclude", []), groups)
    has_include = bool(inc_c or inc_s)
    sub_countries = {s.split("-")[0] for s in inc_s | exc_s}
    inc_sub_countries = {s.split("-")[0] for s in inc_s}
    # Only where the province decides the answer does a missing province make it unknown.
    ambiguous = {c for c in sub_countries if not has_include or c in inc_c | inc_sub_countries}
    matched = (
        f"{_in('country_code', inc_c)} OR {_in('subdivision_code', inc_s)}"
        if has_include
        else "TRUE"
    )
    return (
        f"CASE WHEN country_code IS NULL THEN {UNKNOWN} "
        f"WHEN {_in('country_code', exc_c)} THEN {FAILED} "
        f"WHEN {_in('country_code', ambiguous)} AND subdivision_code IS NULL THEN {UNKNOWN} "
        f"WHEN {_in('subdivision_code', exc_s)} THEN {FAILED} "
        f"WHEN {matched} THEN {MATCHED} ELSE {FAILED} END"
    )


def _list_status(column: str, spec: Mapping[str, Any]) -> str:
    excluded = [_has(column, t) for t in spec.get("excluded", [])]
    required_all = [_has(column, t) for t in spec.get("required_all", [])]
    required_any = [_has(column, t) for t in spec.get("required_any", [])]
    failed = [*excluded]
    if required_all:
        failed.append("NOT (" + " AND ".join(required_all) + ")")
    if required_any:
        failed.append("NOT (" + " OR ".join(required_any) + ")")
    return _status(f"{column} IS NULL", " OR ".join(failed) or "FALSE")


def _ownership_key(raw: str) -> str:
    key = _replace_chain(f"LOWER({raw})", [(" ", "_"), ("-", "_")])
    branches = " ".join(f"WHEN {lit(k)} THEN {lit(v)}" for k, v in _OWNERSHIP_ALIASES.items())
    return f"CASE {key} {branches} ELSE {key} END"


def _criteria(
    spec: Mapping[str, Any],
    settings: Settings,
    mapping: ColumnMap,
    warnings: list[str],
    icp_id: str,
) -> dict[str, Criterion]:
    firmo = spec.get("firmographics") or {}
    out: dict[str, Criterion] = {}
    if firmo.get("industries"):
        sel = firmo["industries"]
        wants = ", ".join(
            str(i.get("naics") or i.get("name"))
            for i in sel.get("include", [])
            if isinstance(i, dict)
        )
        out["industry"] = Criterion("industry", f"NAICS {wants or 'any'}", _industry_status(sel))
    for dimension, unit in (
        ("employees", "employees"),
        ("offices", "sites"),
        ("company_age_years", "years"),
    ):
        if firmo.get(dimension):
            out[dimension] = Criterion(
                dimension,
                format_range(firmo[dimension], unit),
                _range_status(dimension, firmo[dimension], settings.band_match),
            )
    revenue = firmo.get("annual_revenue")
    if revenue:
        currency = revenue.get("currency") or settings.currency
        wants = format_range(revenue, currency)
        if currency != mapping.revenue_currency:
            warnings.append(
                f"{icp_id}: annual revenue is in {currency} but the account file is read as "
                f"{mapping.revenue_currency} (set `revenue_currency` in --map); revenue is "
                "reported as unknown rather than converted at a guessed rate"
            )
            out["annual_revenue"] = Criterion("annual_revenue", wants, UNKNOWN)
        else:
            out["annual_revenue"] = Criterion(
                "annual_revenue",
                wants,
                _range_status("annual_revenue", revenue, settings.band_match),
            )
    if firmo.get("regions"):
        sel = firmo["regions"]
        wants = ", ".join(sel.get("include", [])) or "anywhere"
        if sel.get("exclude"):
            wants += " except " + ", ".join(sel["exclude"])
        out["region"] = Criterion("region", wants, _region_status(sel, settings.region_groups))
    if firmo.get("ownership"):
        values = firmo["ownership"]
        out["ownership"] = Criterion(
            "ownership",
            " or ".join(values),
            _status("ownership_key IS NULL", "FALSE", _in("ownership_key", values)),
        )
    techno = spec.get("technographics") or {}
    if any(techno.get(k) for k in ("required_all", "required_any", "excluded")):
        parts = []
        if techno.get("required_all"):
            parts.append("all of " + ", ".join(techno["required_all"]))
        if techno.get("required_any"):
            parts.append("any of " + ", ".join(techno["required_any"]))
        if techno.get("excluded"):
            parts.append("none of " + ", ".join(techno["excluded"]))
        out["technographics"] = Criterion(
            "technographics", "; ".join(parts), _list_status("tech_list", techno)
        )
    partners = spec.get("partners") or {}
    if any(partners.get(k) for k in ("required_any", "excluded")):
        out["partners"] = Criterion(
            "partners",
            "partners " + ", ".join(partners.get("required_any", [])),
            _list_status("partners_list", partners),
        )
    if spec.get("business_model"):
        models = spec["business_model"]
        present = " OR ".join(_has("business_model_list", m) for m in models)
        out["business_model"] = Criterion(
            "business_model",
            " or ".join(models),
            _status("business_model_list IS NULL", "FALSE", present),
        )
    return out


# --- disqualifier predicates -----------------------------------------------------------------

_NUMERIC_FIELDS = {f: f for f in _BAND_FIELDS}
_ORDER_OPS = {"lt", "lte", "gt", "gte"}


class _Unsupported(Exception):
    pass


def _numbers(value: Any) -> list[float]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        number = money_value(item) if not isinstance(item, float) else item
        if number is None:
            raise _Unsupported(f"`{item}` is not a number")
        out.append(float(number))
    return out


def _interval_compare(prefix: str, op: str, value: Any) -> str:
    lo, hi = f"{prefix}_lo", f"{prefix}_hi"
    if op in _ORDER_OPS:
        (x,) = _numbers(value)[:1] or [0.0]
        true_if, false_if = {
            "lt": (f"{hi} < {_num(x)}", f"{lo} >= {_num(x)}"),
            "lte": (f"{hi} <= {_num(x)}", f"{lo} > {_num(x)}"),
            "gt": (f"{lo} > {_num(x)}", f"{hi} <= {_num(x)}"),
            "gte": (f"{lo} >= {_num(x)}", f"{hi} < {_num(x)}"),
        }[op]
        # A band straddling the threshold ("1000-10000" vs "> 5000") cannot be decided.
        return f"(CASE WHEN {true_if} THEN TRUE WHEN {false_if} THEN FALSE END)"
    if op in ("eq", "ne", "in", "not_in"):
        equal = " OR ".join(
            f"(CASE WHEN {lo} = {_num(x)} AND {hi} = {_num(x)} THEN TRUE "
            f"WHEN {_num(x)} < {lo} OR {_num(x)} > {hi} THEN FALSE END)"
            for x in _numbers(value)
        )
        return f"({equal})" if op in ("eq", "in") else f"(NOT ({equal}))"
    raise _Unsupported(f"`{op}` does not apply to a number")


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item) for item in items]


def _set_compare(op: str, member: str, values: list[str]) -> str:
    if op in ("eq", "in", "any_of"):
        return f"({member})"
    if op in ("ne", "not_in", "none_of"):
        return f"(NOT ({member}))"
    raise _Unsupported(f"`{op}` does not apply here")


def _predicate(pred: Any, cols: _Columns, settings: Settings) -> str:
    if not isinstance(pred, dict):
        raise _Unsupported("not a predicate")
    if "all" in pred:
        return "(" + " AND ".join(_predicate(p, cols, settings) for p in pred["all"]) + ")"
    if "any" in pred:
        return "(" + " OR ".join(_predicate(p, cols, settings) for p in pred["any"]) + ")"
    if "not" in pred:
        return f"(NOT {_predicate(pred['not'], cols, settings)})"
    name, op, value = pred.get("field", ""), pred.get("op", ""), pred.get("value")
    custom = name.startswith("custom:")
    raw = {
        "naics": "raw_naics",
        "industry": "raw_industry",
        "country": "raw_country",
        "region": "raw_country",
        "subdivision": "raw_subdivision",
        "tech": "raw_tech",
        "partners": "raw_partners",
        "ownership": "raw_ownership",
        "business_model": "raw_business_model",
    }.get(name, f"raw_{name}")
    if custom:
        index = cols.custom_index(name.removeprefix("custom:"))
        raw = f"raw_custom_{index}"
    if op == "missing":
        return f"({raw} IS NULL)"
    if name in _NUMERIC_FIELDS or (custom and op in _ORDER_OPS):
        prefix = f"custom_{cols.custom_index(name.removeprefix('custom:'))}" if custom else name
        return _interval_compare(prefix, op, value)
    values = _strings(value)
    if custom:
        member = _in(f"LOWER({raw})", [v.lower() for v in values])
        return _set_compare(op, member, values)
    if name in ("naics", "industry") and all(v.isdigit() for v in values):
        if op == "prefix_in":
            return _any_prefix("naics_code", values)
        return _set_compare(op, _in("naics_code", values), values)
    if name == "industry":
        return _set_compare(op, _in("industry_key", [v.lower() for v in values]), values)
    if name in ("country", "region", "subdivision"):
        countries, subdivisions = _split_regions(values, settings.region_groups)
        member = f"({_in('country_code', countries)} OR {_in('subdivision_code', subdivisions)})"
        if name == "subdivision":
            member = _in("subdivision_code", {v.upper() for v in values})
        guard = "country_code" if name != "subdivision" else "subdivision_code"
        return f"(CASE WHEN {guard} IS NULL THEN NULL ELSE {_set_compare(op, member, values)} END)"
    if name in ("tech", "partners", "business_model"):
        column = {"tech": "tech_list", "partners": "partners_list"}.get(name, "business_model_list")
        present = [_has(column, v) for v in values]
        if op == "all_of":
            return "(" + " AND ".join(present) + ")"
        return _set_compare(op, " OR ".join(present) or "FALSE", values)
    if name == "ownership":
        return _set_compare(
            op, _in("ownership_key", [_OWNERSHIP_ALIASES.get(v, v) for v in values]), values
        )
    raise _Unsupported(f"field `{name}` is not supported")


def _disqualifiers(
    spec: Mapping[str, Any], cols: _Columns, settings: Settings, warnings: list[str], icp_id: str
) -> list[Disqualifier]:
    rules: list[tuple[str, str, Any]] = [
        (d["id"], d.get("reason") or "no reason recorded", d["when"])
        for d in spec.get("disqualifiers", [])
        if isinstance(d, dict)
    ]
    constraints = spec.get("constraints") or {}
    for legal in constraints.get("legal", []):
        if isinstance(legal, dict) and legal.get("disqualify_if"):
            rules.append((legal["id"], legal.get("requirement", ""), legal["disqualify_if"]))
    for limit in constraints.get("service_limits", []):
        if isinstance(limit, dict) and limit.get("disqualify_if"):
            rules.append(
                (
                    f"service-{limit.get('metric')}",
                    f"needs more than we support for {limit.get('metric')} ({limit.get('we_support')})",
                    limit["disqualify_if"],
                )
            )
    check_predicate_fields(
        {f"{icp_id} disqualifier `{r[0]}`": f for r in rules for f in _fields_of(r[2])}
    )
    out = []
    for dq_id, reason, when in rules:
        try:
            sql = _predicate(when, cols, settings)
        except _Unsupported as error:
            warnings.append(
                f"{icp_id}: disqualifier `{dq_id}` cannot be evaluated ({error}); it is reported as unknown"
            )
            sql = "CAST(NULL AS BOOLEAN)"
        out.append(Disqualifier(dq_id, reason, sql))
    return out


def _fields_of(pred: Any) -> Iterable[str]:
    if isinstance(pred, dict):
        if isinstance(pred.get("field"), str):
            yield pred["field"]
        for key in ("all", "any"):
            for child in pred.get(key, []):
                yield from _fields_of(child)
        if "not" in pred:
            yield from _fields_of(pred["not"])


# --- the query -----------------------------------------------------------------------------


def plan_icps(
    icps: Sequence[Mapping[str, Any]],
    settings: Settings,
    mapping: ColumnMap,
    cols: _Columns,
    warnings: list[str],
) -> list[IcpPlan]:
    ordered = sorted(icps, key=lambda d: (d["spec"].get("priority") or 10**6, d["metadata"]["id"]))
    plans = []
    for rank, document in enumerate(ordered):
        spec, icp_id = document["spec"], document["metadata"]["id"]
        criteria = _criteria(spec, settings, mapping, warnings, icp_id)
        scoring = spec.get("scoring") or {}
        weights = dict(scoring.get("weights") or {})
        for dimension in sorted(set(weights) - set(criteria)):
            warnings.append(
                f"{icp_id}: `scoring.weights.{dimension}` has no criterion to score; it is ignored"
            )
        weights = {d: w for d, w in weights.items() if d in criteria and w > 0}
        if not weights:
            weights = dict.fromkeys(criteria, 1)
        tiers = {**settings.tiers, **(scoring.get("tiers") or {})}
        plans.append(
            IcpPlan(
                id=icp_id,
                title=document["metadata"].get("title", icp_id),
                priority=spec.get("priority"),
                rank=rank,
                criteria=criteria,
                weights=weights,
                tiers=tiers,
                disqualifiers=_disqualifiers(spec, cols, settings, warnings, icp_id),
            )
        )
    return plans


def _score_sql(plan: IcpPlan, policy: str) -> list[str]:
    p = f"i{plan.rank}"
    total = sum(plan.weights.values())
    matched = (
        " + ".join(
            f"CASE WHEN {p}_{d} = 'matched' THEN {w} ELSE 0 END" for d, w in plan.weights.items()
        )
        or "0"
    )
    unknown = (
        " + ".join(
            f"CASE WHEN {p}_{d} = 'unknown' THEN {w} ELSE 0 END" for d, w in plan.weights.items()
        )
        or "0"
    )
    # Points are doubled so that half weights stay whole; score = round(100 * points / weight).
    if policy == "neutral":
        points2, denominator = f"(2 * ({matched}) + ({unknown}))", str(total)
    elif policy == "penalize":
        points2, denominator = f"(2 * ({matched}))", str(total)
    else:
        points2, denominator = f"(2 * ({matched}))", f"({total} - ({unknown}))"
    return [
        f"CASE WHEN {denominator} = 0 THEN 0 ELSE CAST(FLOOR(CAST(100 * {points2} + {denominator} "
        f"AS DOUBLE) / (2 * {denominator})) AS INT) END AS {p}_score",
        f"({total} - ({unknown})) AS {p}_known",
    ]


def _unchecked_text(disqualifiers: Sequence[Disqualifier], mask: int) -> str:
    """The ids of the disqualifiers whose bit is set in ``mask``, space-separated."""
    return " ".join(dq.id for k, dq in enumerate(disqualifiers) if mask >> k & 1)


def _unchecked_sql(p: str, disqualifiers: Sequence[Disqualifier], label: Mapping[str, str]) -> str:
    """The disqualifiers of ICP ``p`` that could not be checked (NULL), or NULL if none.

    With few disqualifiers each combination is a label, picked by a number with one bit
    per disqualifier; with many, the text is built per account.
    """
    if not disqualifiers:
        return "none_unchecked" if label else "CAST(NULL AS VARCHAR)"
    if len(disqualifiers) > MAX_LABELLED_DISQUALIFIERS:
        listed = " || ".join(
            f"CASE WHEN {p}_dq{k} IS NULL THEN {lit(dq.id + ' ')} ELSE '' END"
            for k, dq in enumerate(disqualifiers)
        )
        return f"NULLIF(TRIM({listed}), '')"
    mask = " + ".join(
        f"CASE WHEN {p}_dq{k} IS NULL THEN {2**k} ELSE 0 END" for k in range(len(disqualifiers))
    )
    branches = " ".join(
        f"WHEN {m} THEN {label[_unchecked_text(disqualifiers, m)]}"
        for m in range(1, 2 ** len(disqualifiers))
    )
    return f"CASE {mask} {branches} END"


def compile_query(
    icps: Sequence[Mapping[str, Any]],
    mapping: ColumnMap,
    settings: Settings,
    *,
    available: Sequence[str] | None = None,
    outcome_column: str | None = None,
) -> Compiled:
    """The qualification query for ``icps`` (plain document dicts) over table ``accounts``."""
    if not icps:
        raise QualifyError("there is no active ICP to qualify accounts against")
    warnings: list[str] = []
    cols = _Columns(mapping, available)
    plans = plan_icps(icps, settings, mapping, cols, warnings)

    id_column = mapping.resolve("id", available)
    cols.resolved["id"] = id_column
    account_id = (
        f"CAST({ident(id_column)} AS VARCHAR)"
        if id_column
        else "CAST(ROW_NUMBER() OVER () AS VARCHAR)"
    )
    name_column = cols.column("name")
    src = [
        f"{account_id} AS account_id",
        f"{_clean(ident(name_column)) if name_column else 'CAST(NULL AS VARCHAR)'} AS account_name",
    ]
    if outcome_column is not None:
        src.append(f"TRIM(CAST({ident(outcome_column)} AS VARCHAR)) AS outcome")
    acct = ["src.account_id", "src.account_name", *(["src.outcome"] if outcome_column else [])]
    # Each attribute's column is cleaned and parsed once per distinct value (a band, country
    # or technology column holds few), in a small table joined back to the accounts.
    dimensions: list[tuple[str, str]] = []
    joins: dict[str, str] = {}
    attributes = [(a, a) for a in FIELDS[FIELDS.index("employees") :]]
    attributes += [(f"custom:{name}", f"custom_{i}") for name, i in cols.custom.items()]
    for attribute, alias in attributes:
        derivation = _derivation(attribute, alias, mapping.separators)
        column = cols.column(attribute)
        if column is None:
            acct.append(f"CAST(NULL AS VARCHAR) AS raw_{alias}")
            acct += [
                f"CAST(NULL AS {kind}) AS {name}" for name, (_, kind) in derivation.outputs.items()
            ]
            continue
        src.append(f"{ident(column)} AS k_{alias}")
        dimensions.append((f"d_{alias}", _dimension(alias, derivation)))
        joins[alias] = f"LEFT JOIN d_{alias} ON d_{alias}.k = src.k_{alias}"
        acct += [f"d_{alias}.{name}" for name in (f"raw_{alias}", *derivation.outputs)]

    # Company age from a founding year when only that is known: two columns, parsed per account.
    age = (
        f"COALESCE(raw_company_age_years, CASE WHEN REGEXP_MATCHES(raw_founded_year, '^[0-9][0-9][0-9][0-9]([.]0*)?$') "
        f"THEN CAST({settings.year} - CAST(SUBSTRING(raw_founded_year, 1, 4) AS INT) AS VARCHAR) END)"
    )
    layers: list[list[str]] = [["acct.*"], ["l1.*"], ["l2.*"], ["l3.*"]]
    for layer, items in zip(layers, _band_sql("company_age_years", age), strict=True):
        layer.extend(items)
    wanted_subdivisions: set[str] = set()
    for document in icps:
        regions = ((document["spec"].get("firmographics") or {}).get("regions")) or {}
        for key in ("include", "exclude"):
            wanted_subdivisions |= _split_regions(regions.get(key, []), settings.region_groups)[1]
    subdivision = _subdivision_sql(
        "country_code", "raw_subdivision", "subdivision_key", wanted_subdivisions
    )
    layers[0].append(f"{subdivision} AS subdivision_code")

    labels: dict[str, tuple[str | None, tuple[str, ...]]] = {
        **{f"status_{s}": (s, STATUSES) for s in STATUSES},
        **{_tier_label(t): (t, TIER_VALUES) for t in TIER_VALUES},
    }
    dq_ids = tuple(sorted({dq.id for plan in plans for dq in plan.disqualifiers}))
    dq_label = {dq_id: f"dq_{i}" for i, dq_id in enumerate(dq_ids)}
    labels.update({label: (dq_id, dq_ids) for dq_id, label in dq_label.items()})
    reasons = tuple(sorted({dq.reason for plan in plans for dq in plan.disqualifiers}))
    reason_label = {reason: f"reason_{i}" for i, reason in enumerate(reasons)}
    labels.update({label: (reason, reasons) for reason, label in reason_label.items()})
    if dq_ids:
        labels["no_dq"] = (None, dq_ids)
        labels["no_reason"] = (None, reasons)
    no_dq, no_reason = ("no_dq", "no_reason") if dq_ids else ("CAST(NULL AS VARCHAR)",) * 2
    unchecked = tuple(
        sorted(
            {
                _unchecked_text(plan.disqualifiers, mask)
                for plan in plans
                if len(plan.disqualifiers) <= MAX_LABELLED_DISQUALIFIERS
                for mask in range(1, 2 ** len(plan.disqualifiers))
            }
        )
    )
    unchecked_label = {text: f"unchecked_{i}" for i, text in enumerate(unchecked)}
    labels.update({label: (text, unchecked) for text, label in unchecked_label.items()})
    if unchecked:
        labels["none_unchecked"] = (None, unchecked)
    crit = ["l4.*", "labels.*"]
    scored = ["crit.*"]
    for plan in plans:
        p = f"i{plan.rank}"
        crit += [f"{c.sql} AS {p}_{d}" for d, c in plan.criteria.items()]
        crit += [f"{dq.sql} AS {p}_dq{k}" for k, dq in enumerate(plan.disqualifiers)]
        scored += _score_sql(plan, settings.unknown_policy)
        for column, hit_labels, none in (
            ("dq", [dq_label[dq.id] for dq in plan.disqualifiers], no_dq),
            ("dq_reason", [reason_label[dq.reason] for dq in plan.disqualifiers], no_reason),
        ):
            hit = " ".join(f"WHEN {p}_dq{k} THEN {label}" for k, label in enumerate(hit_labels))
            scored.append(f"CASE {hit} END AS {p}_{column}" if hit else f"{none} AS {p}_{column}")
        unchecked_sql = _unchecked_sql(p, plan.disqualifiers, unchecked_label)
        scored.append(f"{unchecked_sql} AS {p}_dq_unknown")
    total_weight = {plan.rank: sum(plan.weights.values()) for plan in plans}
    tiered = ["scored.*"]
    for plan in plans:
        p = f"i{plan.rank}"
        tier_cases = " ".join(
            f"WHEN {p}_score >= {plan.tiers[t]} THEN {_tier_label(t)}" for t in TIERS
        )
        tiered.append(
            f"CASE WHEN {p}_dq IS NOT NULL THEN {_tier_label('DQ')} "
            f"WHEN {p}_known < {_num(MIN_KNOWN_SHARE * total_weight[plan.rank])} "
            f"THEN {_tier_label('unknown')} {tier_cases} ELSE {_tier_label('none')} END AS {p}_tier"
        )
        # One number ranks ICPs for an account: not disqualified, then score, then priority.
        tiered.append(
            f"CASE WHEN {p}_dq IS NOT NULL THEN -1 ELSE {p}_score * 1000 + {999 - plan.rank} END AS {p}_key"
        )
    best_branches = []
    for plan in plans:
        others = " AND ".join(f"i{plan.rank}_key > i{o.rank}_key" for o in plans if o is not plan)
        best_branches.append(
            f"WHEN i{plan.rank}_key >= 0{' AND ' + others if others else ''} THEN {plan.rank}"
        )
    best = f"CASE {' '.join(best_branches)} END AS best_rank"

    def pick(template: str, default: str = "NULL") -> str:
        branches = " ".join(
            f"WHEN {plan.rank} THEN {template.format(p=f'i{plan.rank}', plan=plan)}"
            for plan in plans
        )
        return f"CASE icp.icp_rank {branches} ELSE {default} END"

    final = [
        "account_id",
        "account_name",
        "icp.icp_id AS icp_id",
        "COALESCE(best_rank = icp.icp_rank, FALSE) AS best",
        f"{pick('{p}_tier')} AS tier",
        f"{pick('{p}_score')} AS score",
        f"{pick('{p}_dq')} AS disqualifier",
    ]
    final.append(f"{pick('{p}_dq_reason')} AS dq_reason")
    final.append(f"{pick('{p}_dq_unknown')} AS dq_unknown")
    # The value seen for each dimension, and the attributes (raw_<alias> columns) it shows.
    values = {
        "industry": ("COALESCE(raw_naics, raw_industry)", ("naics", "industry")),
        "employees": ("raw_employees", ("employees",)),
        "annual_revenue": ("raw_annual_revenue", ("annual_revenue",)),
        "region": (
            "CASE WHEN raw_subdivision IS NULL THEN raw_country "
            "ELSE COALESCE(raw_country, '?') || ' / ' || raw_subdivision END",
            ("country", "subdivision"),
        ),
        "technographics": ("raw_tech", ("tech",)),
        "business_model": ("raw_business_model", ("business_model",)),
        "offices": ("raw_offices", ("offices",)),
        "ownership": ("raw_ownership", ("ownership",)),
        "company_age_years": (
            "COALESCE(raw_company_age_years, raw_founded_year)",
            ("company_age_years", "founded_year"),
        ),
        "partners": ("raw_partners", ("partners",)),
    }
    # Only what the result rows read is carried into ``wide``.
    wide = {name: name for name in ("account_id", "account_name", "best_rank")}
    for plan in plans:
        p = f"i{plan.rank}"
        names = [f"{p}_tier", f"{p}_score", f"{p}_dq", f"{p}_dq_reason", f"{p}_dq_unknown"]
        wide.update((name, name) for name in [*names, *(f"{p}_{d}" for d in plan.criteria)])
    value_columns: dict[str, ValueColumn] = {}
    for dimension in DIMENSIONS:
        users = [plan for plan in plans if dimension in plan.criteria]
        if not users:
            continue
        branches = " ".join(f"WHEN {plan.rank} THEN i{plan.rank}_{dimension}" for plan in users)
        final.append(f"CASE icp.icp_rank {branches} END AS {dimension}")
        final.append(f"{dimension}_value")
        expression, aliases = values[dimension]
        wide[f"{dimension}_value"] = expression
        tables = tuple(f"d_{alias}" for alias in aliases if alias in joins)
        if tables:
            raw = f"raw_{aliases[0]}"
            value_columns[f"{dimension}_value"] = ValueColumn(
                members=_members_sql(expression, aliases, joins),
                tables=tables,
                source=(tables[0], raw) if expression == raw else None,
            )
    if outcome_column is not None:
        final.append("outcome")
        wide["outcome"] = "outcome"
    chain = (
        f"acct AS (SELECT {', '.join(acct)} FROM src {' '.join(joins.values())}), "
        f"l1 AS (SELECT {', '.join(layers[0])} FROM acct), "
        f"l2 AS (SELECT {', '.join(layers[1])} FROM l1), "
        f"l3 AS (SELECT {', '.join(layers[2])} FROM l2), "
        f"l4 AS (SELECT {', '.join(layers[3])} FROM l3), "
        f"crit AS (SELECT {', '.join(crit)} FROM l4 CROSS JOIN labels), "
        f"scored AS (SELECT {', '.join(scored)} FROM crit), "
        f"tiered AS (SELECT {', '.join(tiered)} FROM scored), "
        f"ranked AS (SELECT tiered.*, {best} FROM tiered)"
    )
    long_select = f"SELECT {', '.join(final)} FROM wide CROSS JOIN icp"
    return Compiled(
        inputs=[("src", f"SELECT {', '.join(src)} FROM {TABLE}"), *dimensions],
        chain=chain,
        wide=wide,
        values=value_columns,
        long_select=long_select,
        icps=plans,
        outcome=outcome_column is not None,
        warnings=warnings,
        columns=cols.resolved,
        labels=labels,
    )
