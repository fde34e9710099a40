"""The rule registry: every rule class, by code, in code order.

Rules are listed explicitly (as yamllint does) so that adding one is a visible, greppable
change; each family module exports ``RULES``.
"""

from __future__ import annotations

import importlib
from functools import cache

from profilespec.rules.base import Rule

# One module per rule family (the hundreds digit of the code); a large family is split.
RULE_MODULES = (
    "profilespec.rules.schema",  # PS0xx parse, schema, suppressions
    "profilespec.rules.references",  # PS1xx identity and references
    "profilespec.rules.content",  # PS2xx content quality and specificity
    "profilespec.rules.completeness",  # PS2xx what an active profile must contain
    "profilespec.rules.consistency",  # PS3xx consistency and contradiction
    "profilespec.rules.portfolio",  # PS4xx portfolio limits
    "profilespec.rules.freshness",  # PS5xx review dates
    "profilespec.rules.evidence",  # PS6xx evidence
)


@cache
def all_rules() -> dict[str, type[Rule]]:
    """Code -> rule class for every registered rule, sorted by code."""
    found: dict[str, type[Rule]] = {}
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        for rule in module.RULES:
            if rule.code in found:
                raise RuntimeError(f"rule code {rule.code} registered twice")
            found[rule.code] = rule
    return dict(sorted(found.items()))


@cache
def rules_by_name() -> dict[str, type[Rule]]:
    """Slug -> rule class."""
    return {rule.name: rule for rule in all_rules().values()}


def lookup(code_or_slug: str) -> type[Rule] | None:
    """The rule for a code (``PS201``, any case) or a slug (``vague-criterion``)."""
    return all_rules().get(code_or_slug.upper()) or rules_by_name().get(code_or_slug.lower())


__all__ = ["RULE_MODULES", "Rule", "all_rules", "lookup", "rules_by_name"]
