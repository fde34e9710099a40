"""PS0xx: the file must be readable YAML that matches the spec, and suppressions must be used.

The checks themselves live in the loader (PS001), the validator (PS002, PS003) and the
suppression filter (PS004); these classes carry their metadata and documentation.
"""

from __future__ import annotations

from profilespec.diagnostics import Severity
from profilespec.rules.base import Rule

ALL_KINDS = frozenset({"ICP", "Persona", "Handbook"})


class YamlSyntax(Rule):
    """The file is not readable YAML.

    ## What it checks
    That the file decodes as UTF-8 (or UTF-16/32 with a byte-order mark), parses as YAML,
    has no duplicate keys, no tabs used for indentation, no custom or `!!python/...` tags,
    and stays within the size, nesting and alias-expansion limits.

    ## Why it matters
    A file that does not parse is invisible to every other check, and a duplicate key is
    worse: YAML silently keeps only one of the two values, so a criterion someone wrote
    disappears without a trace.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
      owner: person:ana
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
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
    ```
    """

    code = "PS001"
    name = "yaml-syntax"
    kinds = ALL_KINDS
    default_severity = Severity.ERROR


class SchemaViolation(Rule):
    """A value does not have the type, format or form the spec requires.

    ## What it checks
    Every document against the JSON Schema exported from the spec: `apiVersion` and `kind`,
    required fields, types (a whole number where a headcount is expected), allowed values
    (`status: draft|active|retired`), id and owner formats, and real calendar dates.

    ## Why it matters
    Qualification, scoring and the handbook site read these fields as data. A headcount
    written as "lots" or a review date of 2026-02-30 cannot be checked or matched.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: actve
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
      firmographics:
        employees: {min: lots}
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
        employees: {min: 40}
    ```
    """

    code = "PS002"
    name = "schema-violation"
    kinds = ALL_KINDS
    default_severity = Severity.ERROR


class UnknownField(Rule):
    """A key is not part of the spec, usually a typo.

    ## What it checks
    Every mapping key against the fields the spec defines at that place, suggesting the
    closest known field. Only `metadata.annotations` accepts free-form keys.

    ## Why it matters
    A misspelt key is silently ignored by anything that reads the profile: an ICP with
    `anual_revenue` has no revenue criterion at all, and nobody notices.

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
        anual_revenue: {min: 2000000}
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
        annual_revenue: {min: 2000000}
    ```
    """

    code = "PS003"
    name = "unknown-field"
    kinds = ALL_KINDS
    default_severity = Severity.ERROR


class UnusedSuppression(Rule):
    """A suppression comment or annotation no longer suppresses anything.

    ## What it checks
    Every `# profilespec: ignore[...]` comment, `# profilespec: ignore-file[...]` comment and
    `profilespec/lint-ignore` annotation, after linting: each code it names must have
    silenced at least one finding.

    ## Why it matters
    Ignores outlive the problems they hid. A stale ignore hides the next, different problem
    on the same line, and a pile of them makes the real exceptions impossible to review.

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
      summary: US dental groups with 5-40 practices running Dentrix  # profilespec: ignore[PS201]
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
    ```
    """

    code = "PS004"
    name = "unused-suppression"
    kinds = ALL_KINDS
    default_severity = Severity.WARNING


RULES = (YamlSyntax, SchemaViolation, UnknownField, UnusedSuppression)
