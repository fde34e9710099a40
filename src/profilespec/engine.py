"""One lint run: load the handbook, validate, run the enabled rules, filter, sort.

The engine is the only place that stamps a rule's code, slug and effective severity onto
what it found, and the only place that decides which findings are shown (config,
suppressions, which files were named). It never prints and never picks an exit code.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profilespec import config as config_module
from profilespec.config import ConfigError, LintSettings, Overrides
from profilespec.diagnostics import Diagnostic, Severity, format_data_path
from profilespec.handbook import (
    Handbook,
    HandbookError,
    display_path,
    find_root,
    load,
    locate,
)
from profilespec.loader import DEFAULT_LIMITS, Document, LoadLimits, SourceFile
from profilespec.rules import all_rules
from profilespec.rules.base import Finding, LintContext, Rule

if TYPE_CHECKING:
    from profilespec.cache import LintCache, ParsedFile
    from profilespec.parallel import FileCheck
    from profilespec.replay import Outcome, Replay

__all__ = ["ConfigError", "HandbookError", "InternalError", "LintResult", "lint"]


class InternalError(Exception):
    """A bug in profilespec itself, with the rule and file it happened in."""

    def __init__(self, where: str, original: BaseException) -> None:
        super().__init__(f"{where}: {type(original).__name__}: {original}")
        self.where = where
        self.original = original


@dataclass
class LintResult:
    """What one run found, ready for any reporter."""

    diagnostics: list[Diagnostic]
    files_checked: int
    fail_on: Severity = Severity.ERROR
    handbooks: list[Handbook] = field(default_factory=list)
    # path -> line number -> the line reporters quote there, for a replayed run (which has no
    # handbooks to read source text from).
    source_lines: dict[str, dict[int, str | None]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        counter = Counter(diagnostic.severity.label for diagnostic in self.diagnostics)
        return {label: counter.get(label, 0) for label in ("error", "warning", "info")}

    @property
    def failed(self) -> bool:
        return any(diagnostic.severity >= self.fail_on for diagnostic in self.diagnostics)


@dataclass(frozen=True)
class Target:
    """A handbook root and the files named inside it (empty: report everything)."""

    root: Path
    named: tuple[Path, ...]
    whole: bool


def resolve_targets(
    paths: Sequence[str],
    cwd: Path,
    in_memory: Iterable[Path] = (),
    *,
    handbook_dir: str | None = None,
) -> list[Target]:
    """Group command-line paths by the handbook they belong to.

    With ``handbook_dir`` (``--handbook DIR``) every path is reported as part of that handbook;
    without paths, the whole handbook ``handbook.locate`` finds is.
    """
    chosen = locate(cwd, handbook_dir) if handbook_dir is not None or not paths else None
    if not paths:
        assert chosen is not None
        return [Target(chosen, (), True)]
    grouped: dict[Path, tuple[list[Path], bool]] = {}
    for raw in paths:
        path = (cwd / raw) if not Path(raw).is_absolute() else Path(raw)
        if not path.exists() and not path.is_symlink() and path not in set(in_memory):
            raise HandbookError(f"{raw}: no such file or directory")
        root = chosen or find_root(path) or (path if path.is_dir() else path.parent).resolve()
        named, _ = grouped.setdefault(root, ([], False))
        if path.is_dir() and path.resolve() == root:
            grouped[root] = (named, True)
        else:
            named.append(path)
    return [Target(root, tuple(named), whole) for root, (named, whole) in grouped.items()]


def lint(
    paths: Sequence[str] = (),
    *,
    handbook_dir: str | None = None,
    cwd: Path | None = None,
    today: dt.date | None = None,
    overrides: Overrides | None = None,
    limits: LoadLimits = DEFAULT_LIMITS,
    sources: dict[Path, SourceFile | Diagnostic] | None = None,
    cache: bool = False,
    cache_dir: Path | None = None,
) -> LintResult:
    """Lint the handbook(s) that ``paths`` belong to (or ``handbook_dir``), reporting on ``paths``.

    With ``cache``, unchanged files reuse earlier readings and per-document rule results
    from ``cache_dir`` (default: ``.profilespec_cache`` in each handbook root), and a run
    whose inputs and settings all match the previous run's replays its result outright
    (then the result holds no handbooks, only the source lines reporters quote).
    """
    cwd = cwd or Path.cwd()
    overrides = overrides or Overrides()
    result = LintResult([], 0)
    for target in resolve_targets(paths, cwd, in_memory=sources or {}, handbook_dir=handbook_dir):
        replay = None
        lint_cache = None
        if cache:
            from profilespec.cache import LintCache

            lint_cache = LintCache.for_root(target.root, cache_dir, limits)
            if not sources:  # text from stdin or git is not on disk to fingerprint
                from profilespec.replay import Outcome, Replay, settings_key

                settings = settings_key(
                    cwd=cwd,
                    root=target.root,
                    named=target.named,
                    whole=target.whole,
                    overrides=repr(overrides),
                    today=today,
                    limits=limits,
                )
                replay = Replay(lint_cache.directory, target.root, target.named, settings)
                replayed = replay.recall()
                if replayed is not None:
                    result.diagnostics.extend(replayed.diagnostics)
                    result.files_checked += replayed.files_checked
                    result.fail_on = replayed.fail_on
                    for path, lines in replayed.source_lines.items():
                        result.source_lines.setdefault(path, {}).update(lines)
                    continue
        handbook, diagnostics, files_checked, fail_on = _lint_target(
            target,
            cwd,
            today=today,
            overrides=overrides,
            limits=limits,
            sources=sources,
            lint_cache=lint_cache,
        )
        result.handbooks.append(handbook)
        result.diagnostics.extend(diagnostics)
        result.files_checked += files_checked
        result.fail_on = fail_on
        if replay is not None:
            _record(replay, handbook, Outcome(diagnostics, files_checked, fail_on, {}), cwd)
    result.diagnostics.sort(key=Diagnostic.sort_key)
    return result


def _lint_target(
    target: Target,
    cwd: Path,
    *,
    today: dt.date | None,
    overrides: Overrides,
    limits: LoadLimits,
    sources: dict[Path, SourceFile | Diagnostic] | None,
    lint_cache: LintCache | None,
) -> tuple[Handbook, list[Diagnostic], int, Severity]:
    """One handbook's shown diagnostics, files checked and failure threshold."""
    named_files = [path for path in target.named if path.is_file() or (sources and path in sources)]
    named_dirs = [path for path in target.named if path.is_dir()]
    plan = _Plan(overrides, today)
    # Parsing allocates many small objects that all stay alive; the cyclic GC would rescan
    # them again and again for nothing.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        handbook = load(
            target.root,
            cwd,
            extra_files=named_files,
            limits=limits,
            sources=sources,
            cache=lint_cache,
            file_check=plan.file_check,
        )
    finally:
        if gc_was_enabled:
            gc.enable()
    # The handbook lives until the run ends: spare the collector from re-scanning its
    # objects on every collection while the rules allocate.
    gc.freeze()
    try:
        rules = plan.rules(handbook)
        settings = rules.settings
        results = None
        if lint_cache is not None:
            from profilespec.cache import context_key

            context = context_key(
                handbook.settings, rules.raw_settings, repr(overrides), rules.today.isoformat()
            )
            results = _CachedResults(lint_cache, context)
        diagnostics = run_rules(handbook, rules, results)
        if lint_cache is not None:
            lint_cache.save()
        diagnostics = _suppress(handbook, settings, diagnostics)
    finally:
        gc.unfreeze()
    report_all = target.whole or (not named_files and not named_dirs)
    shown = {display_path(path, cwd) for path in named_files}
    prefixes = tuple(display_path(path, cwd).rstrip("/") + "/" for path in named_dirs)
    kept = [
        diagnostic
        for diagnostic in diagnostics
        if report_all
        or diagnostic.path in shown
        or diagnostic.path.startswith(prefixes)
        or diagnostic.data.get("portfolio")
    ]
    files_checked = (
        len(handbook.files)
        if report_all
        else sum(1 for path in handbook.files if path in shown or path.startswith(prefixes))
    )
    return handbook, kept, files_checked, settings.fail_on


def _record(replay: Replay, handbook: Handbook, outcome: Outcome, cwd: Path) -> None:
    """Leave this handbook's share of the result for a run with the same inputs to replay."""
    from profilespec.reporters import SourceLines

    sources = SourceLines(
        LintResult(outcome.diagnostics, outcome.files_checked, outcome.fail_on, [handbook]), cwd
    )
    for diagnostic in outcome.diagnostics:
        outcome.source_lines.setdefault(diagnostic.path, {})[diagnostic.line] = sources.line(
            diagnostic.path, diagnostic.line
        )
    paths = handbook.settings["paths"]
    replay.store(paths["include"], paths["exclude"], outcome)


def _raw_settings(handbook: Handbook) -> dict[str, Any]:
    """The merged lint mapping: ``[tool.profilespec]`` then the handbook's ``spec.lint``."""
    from profilespec.pyproject import tool_config

    sources = []
    pyproject = tool_config(handbook.root)
    if pyproject is not None:
        sources.append(pyproject)
    sources.append(handbook.lint_config)
    return config_module.merge_sources(sources)


@dataclass
class _CachedResults:
    """Per-document rule results of one run, read from and written to the cache."""

    cache: LintCache
    context: str


_PreparedRule = tuple[Rule, config_module.RuleConfig, LintContext]


@dataclass
class _Rules:
    """The enabled rules of one run, made once from the handbook's configuration."""

    raw_settings: dict[str, Any]
    settings: LintSettings
    today: dt.date
    # Rules whose findings depend only on their document (``per_document``): run file by file,
    # so that a file's results can come from the cache or from the process that parsed it.
    per_document: list[_PreparedRule]
    # Every other rule: run once the whole handbook is loaded.
    whole: list[_PreparedRule]

    @classmethod
    def prepare(cls, handbook: Handbook, overrides: Overrides, today: dt.date | None) -> _Rules:
        """Needs only the handbook's configuration, not its profiles."""
        raw_settings = _raw_settings(handbook)
        settings = config_module.build(raw_settings, overrides)
        run_today = handbook.today(today)
        rules = cls(raw_settings, settings, run_today, [], [])
        for rule_class, rule_config in settings.enabled():
            if rule_class.scope == "document" and rule_class.check is Rule.check:
                continue  # PS001-PS004: found by the loader, the schema or suppressions
            rule = rule_class(rule_config.options)
            context = LintContext(
                handbook=handbook, today=run_today, options=rule_config.options, lint=settings
            )
            cacheable = rule.scope == "document" and rule.per_document
            (rules.per_document if cacheable else rules.whole).append((rule, rule_config, context))
        return rules

    def check_documents(self, documents: Sequence[Document]) -> list[Diagnostic]:
        """The per-document rules' stamped findings for one file's valid documents."""
        return [
            _stamp(rule, rule_config, finding, document.path)
            for rule, rule_config, context in self.per_document
            for document in documents
            if document.kind in rule.kinds
            for finding in _checked(rule, document, context)
        ]

    def check_file(self, parsed: ParsedFile) -> list[Diagnostic]:
        """``check_documents`` on a freshly parsed file (``load``'s ``file_check``)."""
        return self.check_documents(
            [
                document
                for document, valid in zip(parsed.documents, parsed.valid, strict=True)
                if valid
            ]
        )


@dataclass
class _Plan:
    """Makes the run's rules as soon as ``load`` has read the configuration.

    The per-document rules then run on each profile file as it is parsed, in whichever
    process parses it (``parallel``), instead of all afterwards in this one.
    """

    overrides: Overrides
    today: dt.date | None
    _prepared: _Rules | None = None

    def file_check(self, handbook: Handbook) -> FileCheck:
        self._prepared = _Rules.prepare(handbook, self.overrides, self.today)
        return self._prepared.check_file

    def rules(self, handbook: Handbook) -> _Rules:
        """The rules made during ``load``; made now if ``load`` never asked for them."""
        if self._prepared is None:
            self._prepared = _Rules.prepare(handbook, self.overrides, self.today)
        return self._prepared


def run_rules(
    handbook: Handbook, rules: _Rules, cached: _CachedResults | None = None
) -> list[Diagnostic]:
    """Loader and schema diagnostics plus every enabled rule's findings, stamped.

    Per-document findings come, file by file, from the check run while parsing
    (``Handbook.checked``), else from the cache, else from running the rules now.
    """
    registry = all_rules()
    settings = rules.settings
    diagnostics: list[Diagnostic] = []
    for diagnostic in handbook.diagnostics:
        rule_config = settings.rules[diagnostic.code]
        if rule_config.enabled:
            diagnostics.append(
                diagnostic.with_changes(
                    rule=registry[diagnostic.code].name, severity=rule_config.severity
                )
            )
    checked = handbook.checked
    for source, documents in _valid_by_source(handbook):
        found = checked.get(source.display_path)
        if found is None and cached is not None:
            found = cached.cache.findings(source.path, source.display_path, cached.context)
            if found is not None:
                diagnostics.extend(found)
                continue
        if found is None:
            found = rules.check_documents(documents)
        if cached is not None:
            cached.cache.store_findings(source.path, source.display_path, cached.context, found)
        diagnostics.extend(found)
    for rule, rule_config, context in rules.whole:
        for finding, where in _findings(rule, handbook, context):
            diagnostics.append(_stamp(rule, rule_config, finding, where))
    return diagnostics


def _valid_by_source(handbook: Handbook) -> list[tuple[SourceFile, list[Document]]]:
    grouped: dict[int, tuple[SourceFile, list[Document]]] = {}
    for document in handbook.valid:
        grouped.setdefault(id(document.source), (document.source, []))[1].append(document)
    return list(grouped.values())


def _checked(rule: Rule, document: Document, context: LintContext) -> list[Finding]:
    try:
        return list(rule.check(document, context))
    except Exception as error:  # a rule bug must not masquerade as a lint result
        raise InternalError(f"rule {rule.code} on {document.path}", error) from error


def _findings(
    rule: Rule, handbook: Handbook, context: LintContext
) -> Iterator[tuple[Finding, str]]:
    if rule.scope == "handbook":
        where = handbook.config_display
        try:
            for finding in rule.check_handbook(context):
                yield finding, where
        except Exception as error:  # a rule bug must not masquerade as a lint result
            raise InternalError(f"rule {rule.code} on handbook {handbook.root}", error) from error
        return
    for document in handbook.valid:
        if document.kind in rule.kinds:
            for finding in _checked(rule, document, context):
                yield finding, document.path


def _stamp(
    rule: Rule, rule_config: config_module.RuleConfig, finding: Finding, where: str
) -> Diagnostic:
    severity = rule_config.severity
    if finding.severity is not None and not rule_config.severity_fixed:
        severity = finding.severity
    data = dict(finding.data)
    if finding.portfolio:
        data["portfolio"] = True
    path = finding.document.path if finding.document is not None else where
    return Diagnostic(
        path=path,
        span=finding.span,
        code=rule.code,
        rule=rule.name,
        message=finding.message,
        severity=severity,
        data_path=format_data_path(finding.data_path) or None,
        data=data,
    )


def _suppress(
    handbook: Handbook, settings: LintSettings, diagnostics: list[Diagnostic]
) -> list[Diagnostic]:
    # Not imported with the engine: a replayed run never gets here.
    from profilespec.suppressions import SuppressionIndex

    index = SuppressionIndex()
    documents_by_source: dict[int, list[Document]] = {}
    for document in handbook.documents:
        documents_by_source.setdefault(id(document.source), []).append(document)
    for documents in documents_by_source.values():
        index.add_source(documents[0].source)
        starts = sorted(document.start.line for document in documents)
        for document in documents:
            later = [line for line in starts if line > document.start.line]
            index.add_annotation(document, later[0] if later else None)
    registry = all_rules()
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if settings.ignored_in_file(diagnostic.path, diagnostic.code):
            continue
        if index.suppresses(diagnostic, registry[diagnostic.code].name):
            continue
        kept.append(diagnostic)
    unused_config = settings.rules.get("PS004")
    if unused_config is not None and unused_config.enabled:
        enabled = {code for code, rule_config in settings.rules.items() if rule_config.enabled}
        known = {code: rule.name for code, rule in registry.items()}
        for diagnostic in index.unused(enabled, known):
            if not settings.ignored_in_file(diagnostic.path, diagnostic.code):
                kept.append(
                    diagnostic.with_changes(
                        rule=registry["PS004"].name, severity=unused_config.severity
                    )
                )
    return kept
