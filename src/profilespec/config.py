"""Lint configuration: which rules run, at what severity, with which options, where ignored.

Sources, weakest first: the preset, ``[tool.profilespec]`` in a ``pyproject.toml`` at or above
the handbook root, the handbook's ``spec.lint`` in ``profilespec.yaml``, then command-line
flags. A key set in a stronger source replaces the weaker one; ``rules`` and
``per_file_ignores`` are merged entry by entry.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args, get_origin, get_type_hints

from profilespec.diagnostics import Severity
from profilespec.globs import glob_to_regex
from profilespec.rules import all_rules, rules_by_name
from profilespec.rules.base import Rule

PRESETS = ("recommended", "strict")
LINT_KEYS = (
    "preset",
    "select",
    "ignore",
    "rules",
    "per_file_ignores",
    "fail_on",
    "vague_terms",
    "hedge_terms",
)
_CODE_PREFIX = re.compile(r"^PS[0-9]{0,3}$")


class ConfigError(Exception):
    """A configuration mistake the user must fix; reported with exit code 2."""


@dataclass(frozen=True)
class RuleConfig:
    enabled: bool
    severity: Severity
    options: Any
    # When the user sets a severity, it applies to every finding of the rule, including the
    # sub-cases a rule reports at another level by default.
    severity_fixed: bool = False


@dataclass(frozen=True)
class TermEdits:
    add: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()


@dataclass
class LintSettings:
    """The effective configuration of one lint run."""

    rules: dict[str, RuleConfig]
    fail_on: Severity = Severity.ERROR
    per_file_ignores: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list)
    vague_terms: TermEdits = TermEdits()
    hedge_terms: TermEdits = TermEdits()
    preset: str = "recommended"

    def enabled(self) -> list[tuple[type[Rule], RuleConfig]]:
        registry = all_rules()
        return [(registry[code], config) for code, config in self.rules.items() if config.enabled]

    def ignored_in_file(self, path: str, code: str) -> bool:
        rule = all_rules().get(code)
        slug = rule.name if rule else ""
        return any(
            pattern.match(path)
            and any(_matches(selector, code, slug) >= 0 for selector in selectors)
            for pattern, selectors in self.per_file_ignores
        )


@dataclass(frozen=True)
class Overrides:
    """Command-line flags that override the file configuration."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_ignore: tuple[str, ...] = ()
    fail_on: str | None = None
    preset: str | None = None


def merge_sources(sources: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Combine lint config mappings, later ones winning."""
    merged: dict[str, Any] = {}
    for source in sources:
        for key, value in source.items():
            if key in ("rules", "per_file_ignores") and isinstance(value, Mapping):
                merged[key] = {**merged.get(key, {}), **value}
            else:
                merged[key] = value
    return merged


def build(
    raw: Mapping[str, Any], overrides: Overrides = Overrides(), *, origin: str = "spec.lint"
) -> LintSettings:
    """Validate ``raw`` (the merged lint mapping) and resolve every rule's settings."""
    unknown = [key for key in raw if key not in LINT_KEYS]
    for key in unknown:
        raise ConfigError(f"unknown setting `{origin}.{key}`{_did_you_mean(key, LINT_KEYS)}")
    preset = overrides.preset or raw.get("preset", "recommended")
    if preset not in PRESETS:
        raise ConfigError(f"unknown preset `{preset}`; use one of {', '.join(PRESETS)}")
    select = (
        tuple(overrides.select)
        if overrides.select is not None
        else tuple(raw.get("select") or ("PS",))
    )
    ignore = (
        tuple(overrides.ignore) if overrides.ignore is not None else tuple(raw.get("ignore") or ())
    )
    ignore += overrides.extend_ignore
    for where, selectors in (("select", select), ("ignore", ignore)):
        for selector in selectors:
            _check_selector(selector, f"{origin}.{where}")
    registry = all_rules()
    rule_settings = _rule_settings(raw.get("rules") or {}, origin)
    resolved: dict[str, RuleConfig] = {}
    for code, rule in registry.items():
        enabled = _is_selected(code, rule.name, select, ignore)
        severity = rule.default_severity
        if preset == "strict" and severity is Severity.WARNING:
            severity = Severity.ERROR
        options_raw: dict[str, Any] = {}
        severity_fixed = False
        setting = rule_settings.get(code)
        if setting is not None:
            level, options_raw = setting
            if level == "off":
                enabled = False
            elif level is not None:
                severity, severity_fixed = Severity.parse(level), True
        options = build_options(rule, options_raw, f"{origin}.rules.{code}")
        resolved[code] = RuleConfig(enabled, severity, options, severity_fixed)
    fail_on_name = overrides.fail_on or raw.get("fail_on", "error")
    if fail_on_name not in ("error", "warning", "info"):
        raise ConfigError(f"`fail_on` must be error, warning or info, got `{fail_on_name}`")
    per_file: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
    for glob, selectors in (raw.get("per_file_ignores") or {}).items():
        if not isinstance(selectors, list):
            raise ConfigError(
                f"`{origin}.per_file_ignores.{glob}` must be a list of rule codes or slugs"
            )
        for selector in selectors:
            _check_selector(selector, f"{origin}.per_file_ignores.{glob}")
        per_file.append((glob_to_regex(glob), tuple(selectors)))
    return LintSettings(
        rules=resolved,
        fail_on=Severity.parse(fail_on_name),
        per_file_ignores=per_file,
        vague_terms=_term_edits(raw.get("vague_terms"), f"{origin}.vague_terms"),
        hedge_terms=_term_edits(raw.get("hedge_terms"), f"{origin}.hedge_terms"),
        preset=preset,
    )


def _rule_settings(
    raw: Mapping[str, Any], origin: str
) -> dict[str, tuple[str | None, dict[str, Any]]]:
    settings: dict[str, tuple[str | None, dict[str, Any]]] = {}
    registry = all_rules()
    for name, value in raw.items():
        rule = registry.get(str(name).upper()) or rules_by_name().get(str(name).lower())
        if rule is None:
            choices = list(registry) + list(rules_by_name())
            raise ConfigError(
                f"unknown rule `{name}` in `{origin}.rules`{_did_you_mean(str(name), choices)}"
            )
        if isinstance(value, str):
            if value not in ("off", "error", "warning", "info"):
                raise ConfigError(
                    f"`{origin}.rules.{name}` must be off, error, warning, info or a mapping, got `{value}`"
                )
            settings[rule.code] = (value, {})
        elif isinstance(value, Mapping):
            options = dict(value)
            level = options.pop("severity", None)
            if level is not None and level not in ("off", "error", "warning", "info"):
                raise ConfigError(
                    f"`{origin}.rules.{name}.severity` must be off, error, warning or info, got `{level}`"
                )
            settings[rule.code] = (level, options)
        else:
            raise ConfigError(
                f"`{origin}.rules.{name}` must be off, a severity, or a mapping of options"
            )
    return settings


def build_options(rule: type[Rule], raw: Mapping[str, Any], origin: str) -> Any:
    """The rule's ``Options`` dataclass from a mapping, with typed, named errors."""
    fields = {item.name: item for item in rule.option_fields()}
    hints = get_type_hints(rule.Options) if fields else {}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if name not in fields:
            known = ", ".join(f"`{field}`" for field in fields) or "none"
            raise ConfigError(
                f"rule {rule.code} ({rule.name}) has no option `{name}`"
                f"{_did_you_mean(name, list(fields))} (its options: {known})"
            )
        values[name] = _coerce_option(value, hints[name], f"{origin}.{name}")
    return rule.Options(**values)


def _coerce_option(value: Any, hint: Any, where: str) -> Any:
    origin = get_origin(hint)
    args = get_args(hint)
    if hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    elif hint is str:
        if isinstance(value, str):
            return value
    elif origin in (tuple, list, frozenset) and isinstance(value, list):
        item_hint = args[0] if args else Any
        items = [_coerce_option(item, item_hint, where) for item in value]
        return (
            tuple(items) if origin is tuple else frozenset(items) if origin is frozenset else items
        )
    elif origin is dict and isinstance(value, Mapping):
        return {str(key): _coerce_option(item, args[1], where) for key, item in value.items()}
    elif hint is Any:
        return value
    raise ConfigError(f"`{where}` must be {_hint_words(hint)}, got `{value!r}`")


def _hint_words(hint: Any) -> str:
    words = {bool: "true or false", int: "a whole number", float: "a number", str: "text"}
    if hint in words:
        return words[hint]
    if get_origin(hint) in (tuple, list, frozenset):
        return "a list"
    if get_origin(hint) is dict:
        return "a mapping"
    return str(hint)


def _term_edits(raw: Any, where: str) -> TermEdits:
    if raw is None:
        return TermEdits()
    if not isinstance(raw, Mapping) or set(raw) - {"add", "remove"}:
        raise ConfigError(f"`{where}` must be a mapping with `add` and/or `remove` lists")
    return TermEdits(tuple(raw.get("add") or ()), tuple(raw.get("remove") or ()))


def _check_selector(selector: Any, where: str) -> None:
    if not isinstance(selector, str):
        raise ConfigError(f"`{where}` must list rule codes or slugs, got `{selector!r}`")
    if _CODE_PREFIX.match(selector.upper()):
        if not any(code.startswith(selector.upper()) for code in all_rules()):
            raise ConfigError(f"`{where}`: no rule code starts with `{selector}`")
        return
    if selector.lower() not in rules_by_name():
        choices = list(all_rules()) + list(rules_by_name())
        raise ConfigError(f"`{where}`: unknown rule `{selector}`{_did_you_mean(selector, choices)}")


def _matches(selector: str, code: str, slug: str) -> int:
    """How specifically ``selector`` names the rule (-1 when it does not)."""
    if selector.lower() == slug:
        return len(code)
    upper = selector.upper()
    if _CODE_PREFIX.match(upper) and code.startswith(upper):
        return len(upper)
    return -1


def _is_selected(code: str, slug: str, select: Iterable[str], ignore: Iterable[str]) -> bool:
    best_select = max((_matches(selector, code, slug) for selector in select), default=-1)
    best_ignore = max((_matches(selector, code, slug) for selector in ignore), default=-1)
    if best_select < 0:
        return False
    return best_select > best_ignore


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{matches[0]}`?" if matches else ""


def options_documentation(rule: type[Rule]) -> list[tuple[str, str, str]]:
    """(name, default, description) for each option, from the Options dataclass metadata."""
    rows: list[tuple[str, str, str]] = []
    for item in rule.option_fields():
        if item.default is not dataclasses.MISSING:
            default = item.default
        elif item.default_factory is not dataclasses.MISSING:
            default = item.default_factory()
        else:
            default = None
        rows.append((item.name, repr(default), str(item.metadata.get("doc", ""))))
    return rows
