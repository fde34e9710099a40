"""Which column of an account export holds which account attribute.

A mapping names, for each attribute qualification understands (``employees``, ``country``,
``tech``, ...), one or more candidate column names; the first candidate present in the file
wins. Presets for common CRM and enrichment exports ship as YAML files next to this module,
and ``--map FILE`` (same format) adds to or overrides them.

Guardrail: persona demographics (age, gender, income, ...) are never scoring inputs, so a
mapping or an ICP that would read such a column is refused before anything runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

# Attributes an account can carry; `custom:<column>` is allowed on top (for disqualifiers).
FIELDS = (
    "id",
    "name",
    "domain",
    "employees",
    "annual_revenue",
    "naics",
    "industry",
    "country",
    "subdivision",
    "tech",
    "offices",
    "ownership",
    "business_model",
    "company_age_years",
    "founded_year",
    "partners",
)
PRESETS = ("hubspot", "salesforce", "clearbit", "apollo")
DEFAULT_SEPARATORS = ";,|"

_DEMOGRAPHIC_WORDS = frozenset(
    {
        "age",
        "gender",
        "sex",
        "income",
        "salary",
        "ethnicity",
        "race",
        "religion",
        "dob",
        "birthday",
        "birthdate",
        "marital",
    }
)
# "Company age" and "founded" are firmographics, not a person's age.
_COMPANY_WORDS = frozenset({"company", "founded", "business", "firm", "organization"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


class MappingError(Exception):
    """A mapping file that cannot be used, in words for the person who wrote it."""


@dataclass
class ColumnMap:
    """Attribute -> candidate source columns, plus how to read some of them."""

    columns: dict[str, list[str]] = field(default_factory=dict)
    separators: str = DEFAULT_SEPARATORS
    revenue_currency: str = "USD"
    sources: list[str] = field(default_factory=list)

    def candidates(self, attribute: str) -> list[str]:
        """Columns that may hold ``attribute``; a custom column defaults to its own name."""
        if attribute in self.columns:
            return self.columns[attribute]
        if attribute.startswith("custom:"):
            return [attribute.removeprefix("custom:")]
        return [attribute]

    def resolve(self, attribute: str, available: Iterable[str] | None) -> str | None:
        """The column to read for ``attribute``: the first candidate in ``available``.

        Column names match case-insensitively, as people retype headers by hand. Without a
        list of available columns (SQL for a warehouse table) the first candidate is used.
        """
        wanted = self.candidates(attribute)
        if available is None:
            return wanted[0] if wanted else None
        by_folded = {name.casefold(): name for name in available}
        for candidate in wanted:
            if candidate.casefold() in by_folded:
                return by_folded[candidate.casefold()]
        return None

    def merged(self, other: ColumnMap) -> ColumnMap:
        return ColumnMap(
            columns={**self.columns, **other.columns},
            separators=other.separators
            if other.separators != DEFAULT_SEPARATORS
            else self.separators,
            revenue_currency=other.revenue_currency
            if other.revenue_currency != "USD"
            else self.revenue_currency,
            sources=[*self.sources, *other.sources],
        )


def from_data(data: Any, origin: str) -> ColumnMap:
    """A mapping from parsed YAML; ``origin`` names it in error messages."""
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise MappingError(
            f"{origin}: expected a mapping with `columns:` (attribute: column name or list of names)"
        )
    columns: dict[str, list[str]] = {}
    for attribute, value in data.get("columns", {}).items():
        if attribute not in FIELDS and not str(attribute).startswith("custom:"):
            raise MappingError(
                f"{origin}: `{attribute}` is not an account attribute; use one of "
                f"{', '.join(FIELDS)} or `custom:<name>`"
            )
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise MappingError(f"{origin}: `{attribute}` must be a column name or a list of them")
        columns[str(attribute)] = names
    separators = data.get("tech_separators", DEFAULT_SEPARATORS)
    currency = data.get("revenue_currency", "USD")
    if not isinstance(separators, str) or not separators or "'" in separators:
        raise MappingError(
            f"{origin}: `tech_separators` must be a string of characters, e.g. ';,|'"
        )
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise MappingError(f"{origin}: `revenue_currency` must be an ISO 4217 code such as USD")
    mapping = ColumnMap(
        columns=columns, separators=separators, revenue_currency=currency, sources=[origin]
    )
    check_not_demographic(mapping)
    return mapping


def _load_yaml(text: str, origin: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise MappingError(f"{origin}: not valid YAML: {error}") from error


def preset(name: str) -> ColumnMap:
    """A shipped preset (hubspot, salesforce, clearbit, apollo)."""
    if name not in PRESETS:
        raise MappingError(f"unknown preset `{name}`; choose one of {', '.join(PRESETS)}")
    text = (
        resources.files("profilespec.qualify").joinpath(f"presets/{name}.yaml").read_text("utf-8")
    )
    return from_data(_load_yaml(text, f"preset {name}"), f"preset {name}")


def from_file(path: Path) -> ColumnMap:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise MappingError(f"cannot read the mapping file {path}: {error.strerror}") from error
    return from_data(_load_yaml(text, str(path)), str(path))


def is_demographic(column: str) -> bool:
    """True for a column that describes a person (age, gender, income, ...)."""
    words = {word.casefold() for word in _WORD.findall(column)}
    return bool(words & _DEMOGRAPHIC_WORDS) and not words & _COMPANY_WORDS


def check_not_demographic(mapping: ColumnMap) -> None:
    for attribute, names in mapping.columns.items():
        if attribute in ("id", "name", "domain"):
            continue
        for column in (attribute.removeprefix("custom:"), *names):
            if is_demographic(column):
                raise MappingError(
                    f"`{attribute}` would read the column `{column}`, which describes a person "
                    "(age, gender, income, ...); persona demographics are never used to score "
                    "accounts, so map firmographic columns only"
                )


def check_predicate_fields(fields: Mapping[str, str]) -> None:
    """Refuse ICP disqualifiers that read demographic columns (``fields``: id -> field)."""
    for owner, name in fields.items():
        if name.startswith("custom:") and is_demographic(name.removeprefix("custom:")):
            raise MappingError(
                f"{owner} reads `{name}`, which describes a person (age, gender, income, ...); "
                "persona demographics are never used to qualify accounts"
            )
