"""PS5xx: profiles are living documents, owned by someone and reviewed on a cadence.

The review rules read the same computation as ``profilespec review`` (``profilespec.reviews``),
so the linter and the review report never disagree about what is overdue.
"""

from __future__ import annotations

from collections.abc import Iterator

from profilespec.diagnostics import Severity
from profilespec.loader import Document
from profilespec.reviews import DateProblem, ReviewPolicy, ReviewState, ReviewStatus, review_status
from profilespec.rules.base import Finding, LintContext, Rule, shared
from profilespec.rules.examples import with_example_blocks


def _status(document: Document, ctx: LintContext) -> ReviewStatus:
    """The review status both rules read, computed once per document."""
    policy = ctx.once("review-policy", lambda: ReviewPolicy.from_settings(ctx.settings))
    return shared(
        document,
        ("review-status", repr(policy), ctx.today),
        lambda: review_status(document, policy, ctx.today),
    )


class ReviewDateMissingOrInvalid(Rule):
    """A profile has no review date, or its review dates cannot be right.

    ## What it checks
    That every active ICP and persona says when it was last reviewed
    (`metadata.last_reviewed`; drafts may leave it out), that this date is not in the future, that
    `metadata.next_review` is not earlier than `last_reviewed`, and (as a warning) that
    `next_review` is not more than 1.5 review cycles after `last_reviewed`, which would
    quietly stretch the review window. Retired profiles are not checked.

    ## Why it matters
    Markets, products and buyers change; a profile nobody has looked at in a year describes
    last year's customer. Without a review date there is no way to tell a fresh profile from
    a forgotten one, and an impossible date hides the profile from every reminder.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
      last_reviewed: 2027-10-01
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
      last_reviewed: 2026-10-01
      next_review: 2027-03-01
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ```

    ## Options
    None. The review cadence per kind lives in the handbook's `spec.review.cadence_days`
    (ICP 182 days, Persona 91 by default); a profile may override it with
    `metadata.review_cadence_days`.
    """

    code = "PS501"
    name = "review-date-missing-or-invalid"
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        status = _status(document, ctx)
        for problem in status.problems:
            if problem is DateProblem.MISSING:
                # Drafts may be incomplete; the date is required once a profile is active.
                if document.status == "active":
                    yield self.at(
                        document,
                        ("metadata",),
                        f"active profile `{status.id}` has no `metadata.last_reviewed`; add the "
                        "date (YYYY-MM-DD) someone last checked it against recent deals, so "
                        "its reviews can be scheduled",
                        key=True,
                    )
            elif problem is DateProblem.FUTURE:
                yield self.at(
                    document,
                    ("metadata", "last_reviewed"),
                    f"`last_reviewed` is {status.last_reviewed}, which is after today "
                    f"({status.today}); a review cannot have happened yet, so use the date "
                    "it actually took place",
                )
            elif problem is DateProblem.NEXT_BEFORE_LAST:
                yield self.at(
                    document,
                    ("metadata", "next_review"),
                    f"`next_review` ({status.next_review}) is before `last_reviewed` "
                    f"({status.last_reviewed}); set it after the last review, or remove it to "
                    f"use the {status.cadence_days}-day cadence",
                )
            elif problem is DateProblem.STRETCHED:
                yield self.at(
                    document,
                    ("metadata", "next_review"),
                    f"`next_review` ({status.next_review}) is "
                    f"{_days_between(status)} days after `last_reviewed`, more than 1.5 times "
                    f"the {status.cadence_days}-day cadence; review sooner, or set "
                    "`metadata.review_cadence_days` if this profile really needs a longer cycle",
                    severity=Severity.WARNING,
                )


def _days_between(status: ReviewStatus) -> int:
    assert status.next_review is not None and status.last_reviewed is not None
    return (status.next_review - status.last_reviewed).days


class ReviewOverdue(Rule):
    """A profile's review is overdue (or, as a note, due soon).

    ## What it checks
    Whether today is past the profile's review due date: `metadata.next_review` when it is
    written, otherwise `last_reviewed` plus the cadence for its kind (ICPs every 182 days,
    personas every 91 by default). Overdue is a warning that becomes an error once it is
    overdue by more than `spec.review.grace_days` (14). A review due within
    `spec.review.due_soon_days` (21) is reported as info. Retired profiles are skipped; pass
    `--today` for a reproducible date.

    ## Why it matters
    The usual advice is to revisit personas every quarter and ICPs twice a year. A profile
    past its review date is where outdated targeting hides: the market moved, the product
    changed, and the team keeps qualifying accounts against last year's picture.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-groups
      title: Dental groups
      owner: team:revops
      status: draft
      last_reviewed: 2025-09-01
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
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices running Dentrix
    ```

    ## Options
    None. Tune `spec.review.cadence_days`, `grace_days` and `due_soon_days` in
    `profilespec.yaml`, or `metadata.review_cadence_days` on one profile.
    """

    code = "PS502"
    name = "review-overdue"
    default_severity = Severity.WARNING
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        status = _status(document, ctx)
        if status.state is ReviewState.OVERDUE:
            escalated = status.beyond_grace
            yield self.at(
                document,
                status.due_field,
                f"`{status.id}` was due for review on {status.next_review}, "
                f"{status.days_overdue} days ago"
                + (f" (more than the {status.grace_days}-day grace period)" if escalated else "")
                + f"; check it against recent deals with its owner ({status.owner or 'no owner'}), "
                f"then run `profilespec review --mark-reviewed {status.id}`",
                severity=Severity.ERROR if escalated else None,
            )
        elif status.state is ReviewState.DUE_SOON:
            yield self.at(
                document,
                status.due_field,
                f"`{status.id}` is due for review on {status.next_review} "
                f"({status.due_phrase()}); plan the review with {status.owner or 'its owner'}",
                severity=Severity.INFO,
            )


@with_example_blocks
class MissingOwnerOrStatus(Rule):
    """A profile does not say who owns it, or whether it is a draft or active.

    ## What it checks
    That every active ICP and persona names its `metadata.owner` (`team:<name>`,
    `person:<name>` or an email), an error when it does not. A draft without an owner is told,
    as info, to name one before it can be active. A profile that does not write
    `metadata.status` counts as a draft; that is reported as info too, so the default is a
    choice someone made. Retired profiles are not checked.

    ## Why it matters
    Someone has to keep a profile true: review reminders, `profilespec review --owner` and
    the handbook's review dashboard all go to the owner. And a profile whose status nobody set
    is judged as a draft, which lets it skip every check an active profile must pass.

    ## Example
    ```yaml
    apiVersion: profilespec/v1
    kind: ICP
    metadata:
      id: icp-dental-us
      title: Dental groups US
      status: active
      last_reviewed: 2026-10-01
    spec:
      summary: US dental groups with 5-40 practices and 50-400 employees running Dentrix
      firmographics:
        employees: {min: 50, max: 400}
        industries: {include: [{naics: "621210"}]}
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

    code = "PS503"
    name = "missing-owner-or-status"
    default_severity = Severity.ERROR
    per_document = True

    def check(self, document: Document, ctx: LintContext) -> Iterator[Finding]:
        if document.status == "retired":
            return
        kind = "ICP" if document.kind == "ICP" else "persona"
        owned = isinstance(document.metadata.get("owner"), str)
        if owned and document.status_written:
            return
        how = "`team:<name>`, `person:<name>` or an email, who keeps it true and gets its reviews"
        if document.status == "active":
            message = f"active {kind} `{document.id}` has no owner; add `metadata.owner` ({how})"
        elif owned:
            message = (
                f"{kind} `{document.id}` has no `metadata.status`, so it counts as a draft; "
                "write `status: draft` to say so, or `status: active` once it is complete"
            )
        elif not document.status_written:
            message = (
                f"{kind} `{document.id}` has no owner and no `metadata.status`, so it counts as a "
                f"draft; before it can be active, add `metadata.owner` ({how}) and "
                "`status: active` (or write `status: draft` to say it is one)"
            )
        else:
            message = (
                f"draft {kind} `{document.id}` has no owner yet; before it can be active, add "
                f"`metadata.owner` ({how})"
            )
        yield self.at(
            document,
            ("metadata",),
            message,
            key=True,
            severity=None if document.status == "active" else Severity.INFO,
            owner=owned,
            status=document.status_written,
        )


RULES = (ReviewDateMissingOrInvalid, ReviewOverdue, MissingOwnerOrStatus)
