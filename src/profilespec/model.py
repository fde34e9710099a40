"""Spec v1 types: the ICP, Persona and Handbook documents as pydantic models.

The models are purely structural on purpose: every constraint they enforce can be expressed
in JSON Schema, so the exported schema (used by editors and by the lint hot path) and these
models accept exactly the same documents. Semantic checks (min <= max, known NAICS codes,
weights summing to 100, ...) are lint rules with their own codes, not validators here.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from profilespec.predicates import Op as PredicateOp

API_VERSION = "profilespec/v1"
KINDS = ("ICP", "Persona", "Handbook")

SLUG_PATTERN = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
OWNER_PATTERN = r"^((team|person):[a-z0-9][a-z0-9._-]*|[^@\s]+@[^@\s]+\.[^@\s]+)$"
# Plain integers are written as YAML numbers; these strings cover how people write money.
# Plain, thousands-grouped (5,000,000) or Indian-grouped (50,00,000) digits, then an optional
# unit: K, M, B, or the Indian lakh (L, lakh, lac; 100,000) and crore (Cr, crore; 10,000,000).
_MONEY_UNIT = r"([kKmMbB]|[lL](akhs?|acs?)?|[cC]r(ores?)?)?"
_MONEY_DIGITS = r"([0-9]{1,3}(,[0-9]{3})*|[0-9]{1,2}(,[0-9]{2})*,[0-9]{3}|[0-9]+)(\.[0-9]+)?"
MONEY_PATTERN = rf"^[$€£₹]?\s?{_MONEY_DIGITS}\s?{_MONEY_UNIT}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"
REGION_CODE_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
NAICS_PATTERN = r"^([0-9]{2,6}|31-33|44-45|48-49)$"
PREDICATE_FIELD_PATTERN = (
    r"^(employees|annual_revenue|naics|industry|country|subdivision|region|tech|ownership"
    r"|business_model|offices|company_age_years|partners|funding_stage|locality)$"
    r"|^custom:[A-Za-z0-9_.-]+$"
)

# Human hints for pattern failures, read by the validator to word messages for non-engineers.
HINT = "x-profilespec-hint"


def _hint(text: str) -> dict[str, Any]:
    return {HINT: text}


def _integral_float_to_int(value: object) -> object:
    # JSON Schema counts 25.0 as an integer; accept it here too so both validators agree.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Whole = Annotated[int, BeforeValidator(_integral_float_to_int)]
# Constraints sit inside the before-validator so they export as `minimum`/`maximum`.
PositiveWhole = Annotated[int, Field(ge=1), BeforeValidator(_integral_float_to_int)]
NonNegativeWhole = Annotated[int, Field(ge=0), BeforeValidator(_integral_float_to_int)]
Percent = Annotated[int, Field(ge=0, le=100), BeforeValidator(_integral_float_to_int)]


def _calendar_date_text(value: Any) -> Any:
    # pydantic also reads "0" or "1700000000" as Unix timestamps; the spec (and its JSON
    # Schema "format: date") only knows YYYY-MM-DD, so anything else must fail here too.
    if isinstance(value, str):
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError("a date must be written YYYY-MM-DD")
        return dt.date.fromisoformat(value)
    return value


CalendarDate = Annotated[dt.date, BeforeValidator(_calendar_date_text)]


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=63),
    Field(
        json_schema_extra=_hint(
            "an id: lowercase letters, digits and single hyphens, starting with a letter "
            "(for example `icp-multisite-clinics`), at most 63 characters"
        )
    ),
]
NonEmptyStr = Annotated[str, StringConstraints(min_length=1)]
Money = Annotated[
    Whole | Annotated[str, StringConstraints(pattern=MONEY_PATTERN)],
    Field(
        json_schema_extra=_hint(
            'an amount such as 5000000, 5_000_000, "5M", "250k", "$1.5B", "50 lakh" or "₹500 Cr"'
        )
    ),
]
CurrencyCode = Annotated[
    str,
    StringConstraints(pattern=CURRENCY_PATTERN),
    Field(json_schema_extra=_hint("a three-letter ISO 4217 currency code such as USD or EUR")),
]
Status = Literal["draft", "active", "retired"]
Severity3 = Literal["high", "medium", "low"]

BusinessModel = Literal[
    "b2b",
    "b2c",
    "b2b2c",
    "saas",
    "marketplace",
    "ecommerce",
    "services",
    "agency",
    "manufacturing",
    "healthcare_provider",
    "public_sector",
    "nonprofit",
    "other",
]
Ownership = Literal[
    "private",
    "public",
    "pe_backed",
    "vc_backed",
    "family_owned",
    "nonprofit",
    "government",
]
EvidenceType = Literal[
    "crm_analysis",
    "customer_interview",
    "win_loss",
    "survey",
    "sales_call",
    "product_analytics",
    "market_research",
    "industry_report",
    "hypothesis",
]
Department = Literal[
    "executive",
    "finance",
    "operations",
    "it",
    "security",
    "engineering",
    "product",
    "marketing",
    "sales",
    "customer_success",
    "hr",
    "legal",
    "procurement",
    "clinical",
    "compliance",
    "ehs",
    "revenue_operations",
    "data",
    "supply_chain",
    "other",
]
Seniority = Literal["individual_contributor", "manager", "director", "vp", "c_level", "owner"]
BuyingRole = Literal[
    "economic_buyer",
    "technical_buyer",
    "champion",
    "user",
    "blocker",
    "influencer",
    "decision_maker",
    "executive_sponsor",
    "procurement",
    "legal",
    "initiator",
    "gatekeeper",
]
InformationSourceType = Literal[
    "podcast",
    "newsletter",
    "community",
    "event",
    "analyst",
    "peer",
    "review_site",
    "search",
    "social",
    "association",
    "vendor_content",
]
ContentPreference = Literal[
    "case_study",
    "roi_calculator",
    "technical_docs",
    "demo",
    "webinar",
    "checklist",
    "peer_reference",
    "analyst_report",
]
ScoringDimension = Literal[
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
    "funding_stage",
]
FundingStage = Literal[
    "pre_seed",
    "seed",
    "series_a",
    "series_b",
    "series_c_plus",
    "growth",
    "public",
    "bootstrapped",
]
Period = Literal["year", "month"]


class SpecModel(BaseModel):
    """Base for every spec type: unknown keys are errors, and nothing is coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


def _require_a_bound(model: BaseModel, names: tuple[str, ...]) -> None:
    if all(getattr(model, name) is None for name in names):
        raise ValueError(f"give at least one of {' or '.join(names)}")


_EITHER_NAICS_OR_NAME: dict[str, Any] = {"anyOf": [{"required": ["naics"]}, {"required": ["name"]}]}
_AT_LEAST_MIN_OR_MAX: dict[str, Any] = {"anyOf": [{"required": ["min"]}, {"required": ["max"]}]}


class IntRange(SpecModel):
    """An inclusive whole-number range; either bound may be left open."""

    model_config = ConfigDict(json_schema_extra=_AT_LEAST_MIN_OR_MAX)

    min: Whole | None = Field(None, description="Smallest accepted value (inclusive).")
    max: Whole | None = Field(None, description="Largest accepted value (inclusive).")

    @model_validator(mode="after")
    def _one_bound(self) -> IntRange:
        _require_a_bound(self, ("min", "max"))
        return self


class MoneyRange(SpecModel):
    """An inclusive money range; amounts may be written as 5000000, 5_000_000 or "5M"."""

    model_config = ConfigDict(json_schema_extra=_AT_LEAST_MIN_OR_MAX)

    min: Money | None = Field(None, description="Smallest accepted amount (inclusive).")
    max: Money | None = Field(None, description="Largest accepted amount (inclusive).")
    currency: CurrencyCode | None = Field(
        None,
        description="ISO 4217 currency of both bounds; defaults to the handbook's "
        "`spec.defaults.currency`.",
    )
    period: Period = Field(
        "year",
        description="What the amounts are per: `year` (the default) or `month`, as in a "
        '"$100k+/month" revenue; qualification converts to a year.',
    )

    @model_validator(mode="after")
    def _one_bound(self) -> MoneyRange:
        _require_a_bound(self, ("min", "max"))
        return self


class Link(SpecModel):
    """A titled link to material outside the handbook."""

    title: NonEmptyStr = Field(description="What the link points to, in a few words.")
    url: NonEmptyStr = Field(description="An http(s) URL or a path relative to the handbook.")


Owner = Annotated[
    str,
    StringConstraints(pattern=OWNER_PATTERN),
    Field(
        json_schema_extra=_hint(
            "`team:<name>`, `person:<name>` or an email address (for example `team:revops`)"
        )
    ),
]
# Envelope fields that ICP, persona and handbook metadata share, declared once.
Version = Annotated[
    PositiveWhole | None, Field(description="Optional revision number, bumped by humans.")
]
Created = Annotated[CalendarDate | None, Field(description="Date it was first written.")]
Tags = Annotated[list[NonEmptyStr], Field(default_factory=list, description="Free-form labels.")]
Annotations = Annotated[
    dict[str, Any],
    Field(
        default_factory=dict,
        description="Namespaced free-form data for tools, e.g. `profilespec/lint-ignore`.",
    ),
]


class Metadata(SpecModel):
    """Identity, ownership and review state shared by ICPs and personas."""

    id: Slug = Field(description="Stable slug, unique across the whole handbook.")
    title: NonEmptyStr = Field(description="Human-readable name shown in the handbook.")
    owner: Owner | None = Field(
        None,
        description="Who keeps this profile true: `team:<slug>`, `person:<slug>` or an email; "
        "required once active (PS503).",
    )
    status: Status = Field(
        "draft",
        description="`draft` (the default when absent) may be incomplete and rest on "
        "hypotheses, `active` must meet the bar, `retired` only resolves as a reference target.",
    )
    version: Version = None
    created: Created = None
    last_reviewed: CalendarDate | None = Field(
        None, description="Date of the last review (YYYY-MM-DD); required once active."
    )
    next_review: CalendarDate | None = Field(
        None,
        description="Date the next review is due; defaults to last_reviewed plus the cadence.",
    )
    review_cadence_days: PositiveWhole | None = Field(
        None, description="Days between reviews for this profile, overriding the handbook."
    )
    replaced_by: Slug | None = Field(
        None, description="Id of the profile that replaces this one (expected when retired)."
    )
    tags: Tags
    annotations: Annotations
    links: list[Link] = Field(default_factory=list, description="Related decks, reports, pages.")


class Evidence(SpecModel):
    """A piece of real data a profile rests on."""

    id: Slug = Field(description="Slug, so pains, objections and quotes can cite it.")
    type: EvidenceType | None = Field(
        None,
        description="Kind of evidence; `hypothesis` means no data yet. Expected on every item "
        "(PS603).",
    )
    summary: NonEmptyStr | None = Field(
        None, description="What was found, with numbers. Expected on every item (PS603)."
    )
    date: CalendarDate | None = Field(
        None,
        description="When the evidence was gathered (YYYY-MM-DD); without it the evidence "
        "cannot be judged stale (PS603).",
    )
    sample_size: PositiveWhole | None = Field(
        None, description="Number of deals, interviews, responses."
    )
    ref: NonEmptyStr | None = Field(None, description="URL, file path or report id of the source.")
    supports: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Spec paths this evidence backs, e.g. `firmographics.employees`.",
    )


# --- prose items: a plain string, or an object with `statement` plus optional fields -----------


class Criterion(SpecModel):
    """A qualification criterion: a statement, how much it matters, and optionally a check."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The criterion, specific and checkable.")
    importance: Literal["must_have", "nice_to_have"] = Field(
        "must_have",
        description="`must_have` (the default) or `nice_to_have`: a nice-to-have adds to an "
        "account's score when met and never counts against it.",
    )
    when: Predicate | None = Field(
        None,
        description="When an account meets it, in the disqualifier condition grammar; makes "
        "the criterion checkable by `profilespec qualify`.",
    )
    weight: PositiveWhole | None = Field(
        None,
        description="Its weight in the fit score when checkable, on the scale of "
        "`scoring.weights`; by default the average weight of the ICP's scored dimensions.",
    )
    evidence_refs: list[Slug] = Field(default_factory=list, description="Evidence ids backing it.")


class Pain(SpecModel):
    """An organizational problem the product solves."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The pain, with a measurable symptom.")
    severity: Severity3 | None = Field(None, description="How much it hurts: high, medium, low.")
    evidence_refs: list[Slug] = Field(default_factory=list, description="Evidence ids backing it.")


class Trigger(SpecModel):
    """An event that opens a buying window."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The event, observable from outside if possible.")
    observed: bool | None = Field(
        None, description="true if seen in real deals, false if still a hypothesis."
    )


class Statement(SpecModel):
    """A prose item of a persona (a job to be done, a responsibility, a motivation)."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The statement, in concrete terms.")
    evidence_refs: list[Slug] = Field(default_factory=list, description="Evidence ids backing it.")


class Goal(SpecModel):
    """A professional goal of a persona."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The goal, ideally with a target.")
    metric: NonEmptyStr | None = Field(None, description="How progress is measured.")


class PainPoint(SpecModel):
    """A day-to-day problem of a persona."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The problem, with a measurable symptom.")
    severity: Severity3 | None = Field(None, description="How much it hurts: high, medium, low.")
    evidence_refs: list[Slug] = Field(default_factory=list, description="Evidence ids backing it.")


class DecisionCriterion(SpecModel):
    """Something a persona weighs when choosing a vendor."""

    id: Slug | None = Field(None, description="Optional slug for cross-referencing.")
    statement: NonEmptyStr = Field(description="The criterion as the buyer would state it.")
    weight: Severity3 | None = Field(None, description="How much it weighs: high, medium, low.")


# --- ICP ----------------------------------------------------------------------------------------


class Industry(SpecModel):
    """An industry, by NAICS 2022 code (matched by prefix) and an optional label."""

    model_config = ConfigDict(json_schema_extra=_EITHER_NAICS_OR_NAME)

    naics: (
        Annotated[
            str,
            StringConstraints(pattern=NAICS_PATTERN),
            Field(
                json_schema_extra=_hint(
                    'a 2-6 digit NAICS 2022 code written as a quoted string, e.g. "621111"'
                )
            ),
        ]
        | None
    ) = Field(None, description="NAICS 2022 code, 2-6 digits; `6211` matches `621111`.")
    name: NonEmptyStr | None = Field(None, description="Human label for the industry.")
    aliases: list[NonEmptyStr] = Field(
        default_factory=list, description="Vendor labels (LinkedIn, Apollo, ...) for matching."
    )

    @model_validator(mode="after")
    def _code_or_name(self) -> Industry:
        _require_a_bound(self, ("naics", "name"))
        return self


class IndustrySelection(SpecModel):
    """Industries to target and to avoid."""

    include: list[Industry] = Field(default_factory=list, description="Industries to target.")
    exclude: list[Industry] = Field(
        default_factory=list, description="Industries never to target (carve-outs allowed)."
    )


class Locality(SpecModel):
    """A city or metro area to target, named inside the ISO 3166 region that holds it."""

    name: NonEmptyStr = Field(description="The city or metro as people write it, e.g. `Bengaluru`.")
    within: Annotated[
        str,
        StringConstraints(pattern=REGION_CODE_PATTERN),
        Field(
            json_schema_extra=_hint(
                "an ISO 3166-2 subdivision code such as IN-KA (or an ISO 3166-1 country code "
                "such as SG)"
            )
        ),
    ] = Field(description="ISO 3166-2 code of the subdivision it lies in (or the country's).")
    aliases: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Other names account data uses for it, e.g. `Bangalore`.",
    )


class RegionSelection(SpecModel):
    """Regions as ISO 3166-1 (`US`), ISO 3166-2 (`CA-QC`) codes or named groups (`DACH`)."""

    include: list[NonEmptyStr] = Field(default_factory=list, description="Regions to target.")
    exclude: list[NonEmptyStr] = Field(default_factory=list, description="Regions never to target.")
    localities: list[Locality] = Field(
        default_factory=list,
        description="Cities or metros to target, each inside an ISO 3166-2 code; an account "
        "there matches like one in an included region.",
    )


class CustomerBase(SpecModel):
    """Size of the account's own customer base."""

    model_config = ConfigDict(json_schema_extra=_AT_LEAST_MIN_OR_MAX)

    min: Whole | None = Field(None, description="Smallest accepted size (inclusive).")
    max: Whole | None = Field(None, description="Largest accepted size (inclusive).")
    unit: NonEmptyStr = Field(description="What is counted, e.g. `patients`, `stores`.")

    @model_validator(mode="after")
    def _one_bound(self) -> CustomerBase:
        _require_a_bound(self, ("min", "max"))
        return self


class Firmographics(SpecModel):
    """What the company looks like from outside."""

    employees: IntRange | None = Field(None, description="Headcount range.")
    annual_revenue: MoneyRange | None = Field(None, description="Yearly revenue range.")
    industries: IndustrySelection | None = Field(None, description="Industries by NAICS code.")
    regions: RegionSelection | None = Field(None, description="Where the company operates.")
    offices: IntRange | None = Field(None, description="Number of offices, sites or branches.")
    ownership: list[Ownership] = Field(
        default_factory=list, description="Accepted ownership types."
    )
    company_age_years: IntRange | None = Field(None, description="Years since founding.")
    funding_stage: list[FundingStage] = Field(
        default_factory=list,
        description="Accepted funding stages; `qualify` reads export values such as "
        '"Series B" or "Seed" onto them.',
    )
    customer_base: CustomerBase | None = Field(None, description="Size of their customer base.")


class Technographics(SpecModel):
    """The technology the company runs, by slug."""

    required_all: list[NonEmptyStr] = Field(
        default_factory=list, description="Must run all of these."
    )
    required_any: list[NonEmptyStr] = Field(
        default_factory=list, description="Must run at least one of these."
    )
    preferred: list[NonEmptyStr] = Field(default_factory=list, description="A plus, not a must.")
    excluded: list[NonEmptyStr] = Field(
        default_factory=list, description="Running any rules them out."
    )


class Partners(SpecModel):
    """Channel partners, resellers and integrators."""

    required_any: list[NonEmptyStr] = Field(default_factory=list, description="Must work with one.")
    preferred: list[NonEmptyStr] = Field(default_factory=list, description="A plus, not a must.")
    excluded: list[NonEmptyStr] = Field(
        default_factory=list, description="Working with any rules them out."
    )


class Competitor(SpecModel):
    """A vendor the ICP's companies may already use instead of you."""

    name: NonEmptyStr = Field(description="The competitor, as sales calls it.")
    technology: NonEmptyStr | None = Field(
        None,
        description="Its technology slug, as in `technographics`, so accounts running it can "
        "be recognised.",
    )
    displace: bool | None = Field(
        None,
        description="`false`: you do not sell against it, so an account running its "
        "`technology` is ruled out as if it were in `technographics.excluded`; `true`: you "
        "replace it (no effect on qualification).",
    )


class Comparison(SpecModel):
    """`field op value`, e.g. `{field: employees, op: gt, value: 5000}`."""

    field: Annotated[
        str,
        StringConstraints(pattern=PREDICATE_FIELD_PATTERN),
        Field(
            json_schema_extra=_hint(
                "one of employees, annual_revenue, naics, industry, country, subdivision, "
                "region, tech, ownership, business_model, offices, company_age_years, "
                "partners, or `custom:<column>`"
            )
        ),
    ] = Field(description="Account attribute, or `custom:<column>` for a mapped column.")
    op: PredicateOp = Field(description="Comparison operator.")
    value: str | int | float | bool | list[str | int | float | bool] | None = Field(
        None,
        description="Value to compare with; a list for in, not_in, any_of, all_of, none_of, prefix_in.",
    )


class AllOf(SpecModel):
    """True when every nested predicate is true."""

    all: list[Predicate] = Field(min_length=1, description="Predicates that must all hold.")


class AnyOf(SpecModel):
    """True when at least one nested predicate is true."""

    any: list[Predicate] = Field(min_length=1, description="Predicates of which one must hold.")


class Not(SpecModel):
    """True when the nested predicate is false."""

    not_: Predicate = Field(alias="not", description="The predicate to negate.")


Predicate = Comparison | AllOf | AnyOf | Not


class Disqualifier(SpecModel):
    """A hard rule that takes an account out of the ICP, with the reason why."""

    id: Slug = Field(description="Slug, e.g. `dq-single-site`.")
    when: Predicate = Field(description="Condition under which an account is disqualified.")
    reason: NonEmptyStr | None = Field(
        None, description="Why, ideally with the data behind it; expected once active (PS218)."
    )


class LegalConstraint(SpecModel):
    """A legal or regulatory requirement on the customer."""

    id: Slug = Field(description="Slug for the constraint.")
    requirement: NonEmptyStr = Field(description="What the customer must accept or be.")
    disqualify_if: Predicate | None = Field(None, description="When an account fails it.")


class ServiceLimit(SpecModel):
    """A service level the product can or cannot meet."""

    metric: NonEmptyStr = Field(description="What is measured, e.g. `first_response_time`.")
    we_support: NonEmptyStr = Field(description="What we guarantee, e.g. `PT4H`.")
    disqualify_if: Predicate | None = Field(None, description="When a buyer's demand exceeds it.")


class MinContractValue(SpecModel):
    """The smallest deal worth doing."""

    amount: Money = Field(description="Lowest acceptable contract value.")
    currency: CurrencyCode | None = Field(None, description="ISO 4217 currency of the amount.")
    period: Literal["year", "month"] = Field("year", description="Billing period of the amount.")


class Constraints(SpecModel):
    """Legal, service and commercial limits on whom we can serve."""

    legal: list[LegalConstraint] = Field(default_factory=list, description="Legal requirements.")
    service_limits: list[ServiceLimit] = Field(default_factory=list, description="SLA limits.")
    min_contract_value: MinContractValue | None = Field(None, description="Smallest viable deal.")


class Tiers(SpecModel):
    """Score thresholds (0-100) for tiers A, B and C."""

    A: Percent = Field(80, description="Lowest score of tier A.")
    B: Percent = Field(60, description="Lowest score of tier B.")
    C: Percent = Field(40, description="Lowest score of tier C.")


class Scoring(SpecModel):
    """How account fit is scored against this ICP."""

    weights: dict[ScoringDimension, Percent] = Field(
        default_factory=dict, description="Weight per dimension; the weights should sum to 100."
    )
    tiers: Tiers | None = Field(None, description="Tier thresholds; default from the handbook.")


class ReferenceAccount(SpecModel):
    """A real customer that exemplifies the ICP."""

    name: NonEmptyStr = Field(description="Company name.")
    domain: NonEmptyStr | None = Field(None, description="Web domain.")
    note: NonEmptyStr | None = Field(None, description="Why it is a good example.")


class ICPSpec(SpecModel):
    """What an Ideal Customer Profile says about the companies to sell to."""

    priority: PositiveWhole | None = Field(None, description="1 is the most important ICP.")
    summary: NonEmptyStr | None = Field(
        None,
        description="One specific sentence: who, how big, where, running what; required once "
        "active (PS212).",
    )
    criteria: list[NonEmptyStr | Criterion] = Field(
        default_factory=list, description="Free-text qualification criteria."
    )
    business_model: list[BusinessModel] = Field(default_factory=list, description="How they sell.")
    firmographics: Firmographics | None = Field(None, description="Company size, industry, region.")
    technographics: Technographics | None = Field(None, description="Technology they run.")
    partners: Partners | None = Field(None, description="Channel partners.")
    competitors: list[Competitor] = Field(
        default_factory=list, description="Vendors these companies may already run instead."
    )
    constraints: Constraints | None = Field(None, description="Legal, SLA, commercial limits.")
    pains: list[NonEmptyStr | Pain] = Field(default_factory=list, description="Problems we solve.")
    triggers: list[NonEmptyStr | Trigger] = Field(
        default_factory=list, description="Buying triggers."
    )
    disqualifiers: list[Disqualifier] = Field(default_factory=list, description="Hard no-go rules.")
    scoring: Scoring | None = Field(None, description="Fit-scoring weights and tiers.")
    reference_accounts: list[ReferenceAccount] = Field(
        default_factory=list, description="Customers that exemplify this ICP."
    )
    notes: str | None = Field(None, description="Anything else, in Markdown.")
    evidence: list[Evidence] = Field(default_factory=list, description="Data the ICP rests on.")


# --- Persona ------------------------------------------------------------------------------------


class Role(SpecModel):
    """The job, as data rather than as the persona's name."""

    titles: list[NonEmptyStr] = Field(
        default_factory=list,
        description="Typical job titles; a `role` without any is incomplete (PS207).",
    )
    department: Department | list[Department] | None = Field(
        None,
        description="Function they work in, or a list of them (`ehs` is environment, health "
        "and safety).",
    )
    seniority: Seniority | None = Field(None, description="Job level.")
    reports_to: NonEmptyStr | None = Field(None, description="Whom they report to.")
    team_size: IntRange | None = Field(None, description="People they manage.")


class BuyingRoleSpec(SpecModel):
    """The part this persona plays in the buying committee."""

    primary: BuyingRole | None = Field(
        None,
        description="Main role in the buying committee; a `buying_role` without one is "
        "incomplete (PS207). `decision_maker` fills the economic buyer's seat; every other "
        "role is its own (see `profilespec.buying_roles`).",
    )
    secondary: list[BuyingRole] = Field(
        default_factory=list, description="Other roles they play, counted like the primary one."
    )
    influence: Severity3 | None = Field(None, description="Weight in the decision.")


class Objection(SpecModel):
    """A concern the persona raises, with the answer that works."""

    id: Slug | None = Field(None, description="Optional slug.")
    objection: NonEmptyStr = Field(description="The concern, as the buyer says it.")
    response: NonEmptyStr | None = Field(
        None,
        description="The answer that has worked; leave it out while none is known yet "
        "(reported by PS217 as no answer recorded).",
    )
    evidence_refs: list[Slug] = Field(default_factory=list, description="Evidence ids backing it.")


class InformationSource(SpecModel):
    """Where the persona learns and looks for vendors."""

    type: InformationSourceType = Field(description="Kind of source.")
    name: NonEmptyStr = Field(description="The named source.")


class Messaging(SpecModel):
    """What to say to this persona, and what not to."""

    value_proposition: NonEmptyStr | None = Field(None, description="The one-sentence promise.")
    key_messages: list[NonEmptyStr] = Field(default_factory=list, description="Main messages.")
    proof_points: list[NonEmptyStr] = Field(
        default_factory=list, description="Facts that back them."
    )
    avoid_terms: list[NonEmptyStr] = Field(
        default_factory=list, description="Words that put them off."
    )


class Quote(SpecModel):
    """A verbatim quote from a real buyer (never linted for vagueness)."""

    text: NonEmptyStr = Field(description="The words as spoken.")
    evidence_ref: Slug | None = Field(None, description="Evidence id of the interview or call.")


class Demographics(SpecModel):
    """Optional personal background; never used for scoring."""

    age_range: IntRange | None = Field(None, description="Typical age range.")
    gender: NonEmptyStr | None = Field(None, description="Only with evidence; never scored.")
    education: NonEmptyStr | None = Field(None, description="Typical education.")
    income_range: MoneyRange | None = Field(None, description="Typical income; never scored.")
    background: NonEmptyStr | None = Field(None, description="Career path and experience.")


class PersonaSpec(SpecModel):
    """Who a buyer persona is inside the companies an ICP describes."""

    icp_refs: list[Slug] = Field(
        default_factory=list, description="Ids of the ICPs whose companies this person works at."
    )
    archetype: NonEmptyStr | None = Field(
        None,
        description="Challenge-based handle, e.g. `Spreadsheet Firefighter Fran`, not a job "
        "title; the persona's display name (PS207 asks for it, `metadata.title` stands in).",
    )
    role: Role | None = Field(None, description="Titles, department and seniority.")
    buying_role: BuyingRoleSpec | None = Field(None, description="Part played in the purchase.")
    responsibilities: list[NonEmptyStr | Statement] = Field(
        default_factory=list, description="What they own and answer for at work."
    )
    day_in_the_life: NonEmptyStr | None = Field(
        None, description="A typical working day, in a few sentences."
    )
    jobs_to_be_done: list[NonEmptyStr | Statement] = Field(
        default_factory=list,
        description="The jobs they hire a product for: the situation and the outcome they want.",
    )
    goals: list[NonEmptyStr | Goal] = Field(default_factory=list, description="What they want.")
    motivations: list[NonEmptyStr | Statement] = Field(
        default_factory=list, description="What drives them, beyond their goals."
    )
    pain_points: list[NonEmptyStr | PainPoint] = Field(
        default_factory=list, description="What gets in their way."
    )
    triggers: list[NonEmptyStr | Trigger] = Field(
        default_factory=list, description="What makes this person start looking for a solution."
    )
    objections: list[Objection] = Field(default_factory=list, description="Concerns and answers.")
    decision_criteria: list[NonEmptyStr | DecisionCriterion] = Field(
        default_factory=list, description="What they weigh when choosing."
    )
    discovery_questions: list[NonEmptyStr] = Field(
        default_factory=list, description="Questions a rep asks this persona on a first call."
    )
    information_sources: list[InformationSource] = Field(
        default_factory=list, description="Where they learn."
    )
    content_preferences: list[ContentPreference] = Field(
        default_factory=list, description="Content they act on."
    )
    messaging: Messaging | None = Field(None, description="What to say and avoid.")
    quotes: list[Quote] = Field(default_factory=list, description="Verbatim buyer quotes.")
    demographics: Demographics | None = Field(None, description="Optional, never scored.")
    interests: list[NonEmptyStr] = Field(default_factory=list, description="Topics they follow.")
    notes: str | None = Field(None, description="Anything else, in Markdown.")
    evidence: list[Evidence] = Field(default_factory=list, description="Data the persona rests on.")


# --- Handbook -----------------------------------------------------------------------------------


class HandbookMetadata(SpecModel):
    """Identity of the handbook, in the same envelope as ICPs and personas."""

    id: Slug = Field(description="Slug of the handbook.")
    title: NonEmptyStr = Field(description="Title shown on the handbook site.")
    owner: Owner | None = Field(None, description="Who maintains the handbook.")
    status: Status = Field(
        "draft",
        description="State of the handbook as a whole (`draft` when absent); informational, "
        "profiles are judged by their own status.",
    )
    version: Version = None
    created: Created = None
    last_reviewed: CalendarDate | None = Field(
        None, description="Date the handbook as a whole was last reviewed (YYYY-MM-DD)."
    )
    tags: Tags
    annotations: Annotations
    links: list[Link] = Field(default_factory=list, description="Related pages.")


class Company(SpecModel):
    """The company the handbook belongs to."""

    name: NonEmptyStr = Field(description="Company name.")
    website: NonEmptyStr | None = Field(None, description="Company website.")


class Paths(SpecModel):
    """Which files under the handbook root are profiles."""

    include: list[NonEmptyStr] = Field(
        ["**/*.yaml", "**/*.yml"],
        description="Glob patterns relative to the handbook root.",
    )
    exclude: list[NonEmptyStr] = Field(default_factory=list, description="Globs to leave out.")


class Defaults(SpecModel):
    """Handbook-wide defaults."""

    currency: CurrencyCode = Field("USD", description="Currency of money ranges without one.")
    today: CalendarDate | None = Field(
        None, description="Pin 'today' for reproducible runs; `--today` on the command line wins."
    )


class CountLimit(SpecModel):
    """An inclusive count range."""

    min: NonNegativeWhole | None = Field(None, description="Fewest allowed.")
    max: NonNegativeWhole | None = Field(None, description="Most allowed.")


def _count(lo: int, hi: int) -> CountLimit:
    return CountLimit(min=lo, max=hi)


class Limits(SpecModel):
    """Portfolio size limits (counting active profiles only)."""

    icps: CountLimit = Field(_count(1, 3), description="Active ICPs.")
    personas_total: CountLimit = Field(_count(2, 5), description="Active personas in total.")
    personas_per_icp: CountLimit = Field(
        _count(1, 5), description="Active personas per active ICP."
    )


class Cadence(SpecModel):
    """Days between reviews, per kind."""

    ICP: PositiveWhole = Field(182, description="ICPs: twice a year by default.")
    Persona: PositiveWhole = Field(91, description="Personas: quarterly by default.")


class Review(SpecModel):
    """Review cadence and tolerances."""

    cadence_days: Cadence = Field(Cadence(), description="Days between reviews.")
    due_soon_days: NonNegativeWhole = Field(
        21, description="Report reviews due within this many days."
    )
    grace_days: NonNegativeWhole = Field(14, description="Overdue by more than this is an error.")
    evidence_max_age_days: PositiveWhole = Field(365, description="Newest evidence older is stale.")


class RuleSettings(SpecModel):
    """Domain settings used by several rules."""

    require_icp_for_personas: bool = Field(
        True, description="Set to false for B2C handbooks whose personas stand alone."
    )
    required_buying_roles: list[BuyingRole] = Field(
        ["economic_buyer", "champion"],
        description="Roles each active ICP's personas must cover.",
    )
    max_range_ratio: dict[str, Annotated[float, Field(gt=1)]] = Field(
        {"employees": 25.0, "annual_revenue": 30.0},
        description="Largest max/min ratio per range before it counts as too wide.",
    )


class RegionTaxonomy(SpecModel):
    """Named region groups usable wherever a region code is."""

    groups: dict[str, list[NonEmptyStr]] = Field(
        default_factory=dict, description="Group name to ISO codes, e.g. `DACH: [DE, AT, CH]`."
    )


class Taxonomies(SpecModel):
    """Code lists the handbook uses."""

    industries: Literal["naics-2022", "none"] = Field(
        "naics-2022", description="Industry code system; `none` turns off code checks."
    )
    regions: RegionTaxonomy = Field(RegionTaxonomy(), description="Region groups.")
    technologies: list[NonEmptyStr] | None = Field(
        None, description="Known technology slugs; when set, unknown slugs are reported."
    )


class HandbookScoring(SpecModel):
    """Scoring defaults for every ICP."""

    tiers: Tiers = Field(Tiers(), description="Default tier thresholds.")
    band_match: Literal["overlap", "within"] = Field(
        "overlap", description="How an enrichment band such as `51-200` matches a range."
    )
    unknown_policy: Literal["neutral", "penalize", "exclude_from_denominator"] = Field(
        "neutral", description="How a criterion with no data counts toward the score."
    )


SeverityName = Literal["error", "warning", "info"]
RuleSetting = Literal["off", "error", "warning", "info"] | dict[str, Any]


class TermEdits(SpecModel):
    """Words to add to or remove from a shipped lexicon."""

    add: list[NonEmptyStr] = Field(default_factory=list, description="Terms to add.")
    remove: list[NonEmptyStr] = Field(default_factory=list, description="Terms to remove.")


class LintConfig(SpecModel):
    """Which rules run, how severe they are, and where they are ignored."""

    preset: Literal["recommended", "strict"] = Field(
        "recommended", description="Starting rule set; `strict` turns more findings into errors."
    )
    select: list[NonEmptyStr] = Field(
        default_factory=list, description="Codes, code prefixes or slugs to enable."
    )
    ignore: list[NonEmptyStr] = Field(
        default_factory=list, description="Codes, code prefixes or slugs to disable."
    )
    rules: dict[str, RuleSetting] = Field(
        default_factory=dict,
        description="Per rule (code or slug): `off`, a severity, or a mapping of `severity` and options.",
    )
    per_file_ignores: dict[str, list[NonEmptyStr]] = Field(
        default_factory=dict, description="Glob to codes, prefixes or slugs ignored in those files."
    )
    fail_on: SeverityName = Field("error", description="Lowest severity that fails the run.")
    vague_terms: TermEdits = Field(TermEdits(), description="Edits to the vague lexicon.")
    hedge_terms: TermEdits = Field(TermEdits(), description="Edits to the hedge lexicon.")


class Site(SpecModel):
    """How the handbook site is published."""

    nav_title: NonEmptyStr | None = Field(None, description="Title of the handbook section.")
    show_review_badges: bool = Field(True, description="Show review badges on pages.")


class HandbookSpec(SpecModel):
    """Handbook-wide configuration, in `profilespec.yaml` at the handbook root."""

    company: Company | None = Field(None, description="Whose handbook this is.")
    paths: Paths = Field(Paths(), description="Which files are profiles.")
    defaults: Defaults = Field(Defaults(), description="Handbook-wide defaults.")
    limits: Limits = Field(Limits(), description="Portfolio size limits.")
    review: Review = Field(Review(), description="Review cadence.")
    rules: RuleSettings = Field(RuleSettings(), description="Domain rule settings.")
    taxonomies: Taxonomies = Field(Taxonomies(), description="Code lists.")
    scoring: HandbookScoring = Field(HandbookScoring(), description="Scoring defaults.")
    lint: LintConfig = Field(LintConfig(), description="Lint configuration.")
    site: Site = Field(Site(), description="Handbook site settings.")
    evidence: list[Evidence] = Field(
        default_factory=list, description="Evidence shared by several profiles."
    )


# --- documents ----------------------------------------------------------------------------------


class _Envelope(SpecModel):
    api_version: Literal["profilespec/v1"] = Field(
        alias="apiVersion", description="Spec version; always `profilespec/v1`."
    )


class ICPDocument(_Envelope):
    """An Ideal Customer Profile: the kind of company to sell to."""

    kind: Literal["ICP"] = Field(description="Document kind.")
    metadata: Metadata = Field(description="Identity, owner, status, review dates.")
    spec: ICPSpec = Field(
        default_factory=ICPSpec,
        description="The profile itself; what an active ICP needs is judged by lint rules.",
    )


class PersonaDocument(_Envelope):
    """A buyer persona: a person inside the companies an ICP describes."""

    kind: Literal["Persona"] = Field(description="Document kind.")
    metadata: Metadata = Field(description="Identity, owner, status, review dates.")
    spec: PersonaSpec = Field(
        default_factory=PersonaSpec,
        description="The persona itself; what an active persona needs is judged by lint rules.",
    )


class HandbookDocument(_Envelope):
    """Handbook-wide configuration (`profilespec.yaml`)."""

    kind: Literal["Handbook"] = Field(description="Document kind.")
    metadata: HandbookMetadata = Field(description="Identity of the handbook.")
    spec: HandbookSpec = Field(HandbookSpec(), description="Configuration.")


Document = ICPDocument | PersonaDocument | HandbookDocument
DOCUMENT_MODELS: dict[str, type[ICPDocument] | type[PersonaDocument] | type[HandbookDocument]] = {
    "ICP": ICPDocument,
    "Persona": PersonaDocument,
    "Handbook": HandbookDocument,
}


def prose_text(
    item: str | Criterion | Pain | Trigger | Goal | PainPoint | DecisionCriterion | Statement,
) -> str:
    """The statement of a prose list item, whichever form it was written in."""
    return item if isinstance(item, str) else item.statement
