"""Score how vague a sentence is, and say why: the PS201/PS202 detector as a pure function.

A sentence is vague when its weight rests on words that fit any company or any person
("mid-size companies with growth challenges") and nothing pins it down: no number, range or
named entity. The score follows the design in domain.md 3.3::

    vagueness = (V + H + P_G) / (1 + 1.5 * S + 0.25 * max(0, C - 2))

with V the weighted vague-term mass, H the hedge count, P_G = 4 * max(0, G - 0.5) the penalty
for a generic-word ratio G above one half, S the specificity anchors (numbers, ranges,
quoted terms, named entities) and C the concrete content words (neither generic nor vague):
a sentence full of domain words ("three-way match", "payer audit") is specific even without
a number. Very short phrases ("SMBs", "Tech companies") are vague whenever they carry a
generic word and no anchor, whatever their score.

Everything is compiled once, lazily, and cached per lexicon: it runs on every commit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = [
    "ADDED_TERM_WEIGHT",
    "DEFAULT_THRESHOLD",
    "Assessment",
    "Lexicon",
    "assess",
    "default_lexicon",
    "hedges_without_number",
    "lexicon",
]

DEFAULT_THRESHOLD = 1.0
ADDED_TERM_WEIGHT = 1.5
SHORT_PHRASE_TOKENS = 2
_CONCRETE_ALLOWANCE = 2
_CONCRETE_WEIGHT = 0.25
_ANCHOR_WEIGHT = 1.5
_GENERIC_FLOOR = 0.5
_GENERIC_WEIGHT = 4.0


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: never content, never entities when capitalized mid-sentence.
_FUNCTION_WORDS = _wordset(
    """a an the and or nor but if then than so as at by for from in into of off on onto out
    over per to up upon via with within without who whom whose which what when where why how
    that this these those there here their them they theirs its it's it i we our ours us you
    your yours he she his her him be is are was were been being am do does did done doing
    have has had having will would shall should can cannot can't won't don't doesn't isn't
    aren't not no yes all any each every both either neither other another such same own
    very just also still even only too much many few lot lots one ones while because though
    although since until unless whether across among between around before after during
    against along beyond toward towards under below above like unlike including include about
    includes s re etc e.g i.e eg ie"""
)
_NUMBER_WORDS = _wordset(
    """two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion dozen twice thrice single dual half quarterly monthly
    weekly daily nightly annually yearly biweekly hourly"""
)
# Acronyms that name a role or a category, not a particular thing: they do not anchor.
_GENERIC_ACRONYMS = _wordset(
    """B2B B2C B2B2C D2C DTC SMB SMBS SME SMES CEO CEOS CFO CFOS CTO CTOS CIO CIOS CMO CMOS COO
    COOS CRO CROS CISO CISOS CPO VP VPS SVP EVP IT HR ROI KPI KPIS AI ML TCO SAAS PAAS IAAS
    USP FYI ETC OK"""
)

_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
# Quoted or backticked text is a citation or a literal name: removed before scoring, counted
# as one anchor each. A straight single quote only opens a quote after a non-word character,
# so apostrophes ("don't", "customers'") are left alone.
_QUOTED = re.compile(
    r"`[^`]*`|\"[^\"]*\"|\u201c[^\u201d]*\u201d|\u2018[^\u2019]*\u2019|(?<![\w])'[^']+'(?![\w])"
)
_AMOUNT = r"(?:[$\u20ac\u00a3\u00a5]\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:%|k|m|mm|bn|b|x)(?![a-z]))?"
_NUMBER = re.compile(
    rf"(?<![\w.]){_AMOUNT}(?:\s?(?:-|to|/)\s?{_AMOUNT})?\+?(?:st|nd|rd|th)?(?![a-z0-9])",
    re.IGNORECASE,
)
_COMPARATOR = re.compile(r"(?:>=|<=|[<>\u2264\u2265])\s?\d")
# Funding stages are a common, precise trigger ("raised a Series B").
_FUNDING_STAGE = re.compile(r"\bseries [a-h]\b", re.IGNORECASE)
_WEB_NAME = re.compile(r"\b[\w-]+\.(?:com|io|ai|co|net|org|app|dev)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9&]+(?:['\u2019.][A-Za-z]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?;:(\[\n]\s*$")
# Words that are hedges except in these phrases: "could not" states a fact, and "rather
# than" compares (as lucid-lint also treats it).
_NOT_A_HEDGE = {"could": re.compile(r"\s+not\b|n't"), "rather": re.compile(r"\s+than\b")}
_TOKEN = re.compile(r"[a-z\u00c0-\u024f0-9]+")


_INFLECTIONS = (
    ("ies", ("y",)),
    ("es", ("", "e")),
    ("s", ("",)),
    ("ing", ("", "e")),
    ("ed", ("", "e")),
)


@dataclass(frozen=True)
class Lexicon:
    """The word lists one lint run scores with (shipped lists plus the handbook's edits)."""

    vague: tuple[tuple[str, float], ...]
    hedges: tuple[str, ...]
    generic: frozenset[str]
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    """The score of one text and the evidence behind it."""

    text: str
    score: float
    vague_terms: tuple[str, ...]
    hedges: tuple[str, ...]
    generic_ratio: float
    content_tokens: int
    anchors: tuple[str, ...]
    too_short: bool

    def is_vague(self, threshold: float = DEFAULT_THRESHOLD) -> bool:
        return self.too_short or self.score >= threshold

    def explain(self) -> str:
        """The evidence as a reader wants it: which words, what is missing, how generic."""
        parts: list[str] = []
        if self.vague_terms:
            parts.append("vague terms: " + ", ".join(f"'{term}'" for term in self.vague_terms))
        if self.hedges:
            parts.append("hedges: " + ", ".join(f"'{term}'" for term in self.hedges))
        if not self.anchors:
            parts.append("no number, range or named entity")
        if self.too_short:
            parts.append(f"only {self.content_tokens} content word(s)")
        elif self.generic_ratio > _GENERIC_FLOOR:
            parts.append(f"{round(self.generic_ratio * 100)}% generic words")
        return "; ".join(parts)


# --- lexicon loading --------------------------------------------------------------------------


def _read_lines(filename: str) -> list[str]:
    from importlib.resources import files

    text = (
        files(__package__ or "profilespec")
        .joinpath("data", "lexicons", filename)
        .read_text(encoding="utf-8")
    )
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _compact(term: str) -> str:
    """One key for "mid-size", "mid size" and "midsize"."""
    return re.sub(r"[\s\-]+", "", term.lower().translate(_DASHES)).rstrip(".")


@functools.cache
def default_lexicon() -> Lexicon:
    vague: list[tuple[str, float]] = []
    for line in _read_lines("vague.tsv"):
        term, _, weight = line.partition("\t")
        vague.append((term.strip().lower(), float(weight)))
    return Lexicon(
        vague=tuple(vague),
        hedges=tuple(term.lower() for term in _read_lines("hedges.txt")),
        generic=frozenset(term.lower() for term in _read_lines("generic.txt")),
    )


@functools.cache
def lexicon(
    vague_add: tuple[str, ...] = (),
    vague_remove: tuple[str, ...] = (),
    hedge_add: tuple[str, ...] = (),
    hedge_remove: tuple[str, ...] = (),
    entities: tuple[str, ...] = (),
) -> Lexicon:
    """The shipped lexicon with a handbook's edits applied (cached per distinct edit set)."""
    base = default_lexicon()
    removed = {_compact(term) for term in vague_remove}
    vague = [(term, weight) for term, weight in base.vague if _compact(term) not in removed]
    known = {_compact(term) for term, _ in vague}
    vague += [
        (term.lower(), ADDED_TERM_WEIGHT) for term in vague_add if _compact(term) not in known
    ]
    hedges_removed = {_compact(term) for term in hedge_remove}
    hedges = [term for term in base.hedges if _compact(term) not in hedges_removed]
    hedges += [
        term.lower() for term in hedge_add if _compact(term) not in set(map(_compact, hedges))
    ]
    generic = base.generic - {term.lower() for term in vague_remove}
    return Lexicon(tuple(vague), tuple(hedges), generic, tuple(entities))


# --- compiled matchers ------------------------------------------------------------------------


_FAMILY_SUFFIXES = (
    "s|es|d|ed|ing|ly|ize|izes|ized|izing|ization|ise|ises|ised|ising|isation|ity|ness|ce|er"
    "|est|ated|ating|ation|ations"
)


def _term_pattern(term: str, family: bool) -> str:
    """Regex for a term: hyphen/space/no-space variants, and with ``family`` its plural and,
    for single words, its word family ("modern" also finds "modernize", "convenient"
    finds "convenience", "frustrations" finds "frustrated")."""
    words = [re.escape(word) for word in re.split(r"[\s\-]+", term.translate(_DASHES)) if word]
    body = r"[\s\-]*".join(words)
    if term.endswith("etc"):
        return body + r"\.?"
    if not family or not words or not words[-1][-1:].isalpha():
        return body
    if len(words) > 1 or len(term) < 4:
        return body + r"(?:e?s)?"
    stems = {term[:-1]} if term.endswith(("e", "ent", "ant")) else set()
    if term.endswith("ations"):
        stems.add(term[:-6])
    forms = [f"{re.escape(term)}(?:{_FAMILY_SUFFIXES})?"]
    forms += [f"{re.escape(stem)}(?:{_FAMILY_SUFFIXES})" for stem in sorted(stems)]
    return "(?:" + "|".join(forms) + ")"


def _alternation(terms: Iterable[str], family: bool) -> re.Pattern[str] | None:
    ordered = sorted(set(terms), key=lambda term: (-len(_compact(term)), term))
    if not ordered:
        return None
    body = "|".join(_term_pattern(term, family) for term in ordered)
    return re.compile(rf"(?<![\w\-])(?:{body})(?![\w\-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Compiled:
    vague: re.Pattern[str] | None
    weights: Mapping[str, float]
    hedges: re.Pattern[str] | None
    entities: re.Pattern[str] | None
    common: frozenset[str]


@functools.cache
def _compiled(lex: Lexicon) -> _Compiled:
    weights = {_compact(term): weight for term, weight in lex.vague}
    vague_words = {word for term, _ in lex.vague for word in re.split(r"[\s\-]+", term) if word}
    hedge_words = {word for term in lex.hedges for word in term.split()}
    common = frozenset(lex.generic | vague_words | hedge_words | _FUNCTION_WORDS | _NUMBER_WORDS)
    entity_terms = [term for term in lex.entities if term.strip()]
    entities = _alternation(
        [variant for term in entity_terms for variant in (term, term.replace("-", " "))],
        family=False,
    )
    return _Compiled(
        vague=_alternation([term for term, _ in lex.vague], family=True),
        weights=weights,
        hedges=_alternation(lex.hedges, family=False),
        entities=entities,
        common=common,
    )


def _weight(compiled: _Compiled, matched: str) -> float:
    key = _compact(matched)
    for end in range(len(key), 2, -1):
        for candidate in (key[:end], key[:end] + "e", key[:end] + "t", key[:end] + "ations"):
            if candidate in compiled.weights:
                return compiled.weights[candidate]
    return ADDED_TERM_WEIGHT


# --- scoring ---------------------------------------------------------------------------------


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _entities(text: str, compiled: _Compiled) -> list[str]:
    """Named things: ALL-CAPS codes, CamelCase names, and capitals that are not sentence starts."""
    found: list[str] = []
    previous_end = -10
    words = [match.group() for match in _WORD.finditer(text) if match.group()[:1].isalpha()]
    # In Title Case Text capitals carry no information; only codes and CamelCase count.
    title_case = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.6 * len(words)
    for match in _WORD.finditer(text):
        word = match.group()
        letters = word.replace("&", "")
        # "SMBs", "CFOs", "KPIs": a plural acronym is still the acronym.
        stem = letters[:-1] if letters.endswith("s") and letters[:-1].isupper() else letters
        is_entity = False
        if stem.upper() in _GENERIC_ACRONYMS or len(stem) < 2:
            is_entity = False
        elif stem.isupper() and any(ch.isalpha() for ch in stem):
            is_entity = len(stem) <= 7  # HIPAA, SOC, G2, EU
        elif any(ch.isupper() for ch in letters[1:]):
            is_entity = True  # CamelCase: HubSpot, NetSuite, eClinicalWorks
        elif letters[:1].isupper():
            sentence_start = match.start() == 0 or bool(
                _SENTENCE_BREAK.search(text[: match.start()])
            )
            lowered = word.lower().replace("\u2019", "'")
            is_entity = (
                not sentence_start
                and not title_case
                and lowered not in compiled.common
                and lowered.rstrip("s") not in compiled.common
            )
        if is_entity:
            # "Medical Group Management Association" is one entity, not four.
            if found and match.start() - previous_end <= 1:
                found[-1] = f"{found[-1]} {word}"
            else:
                found.append(word)
            previous_end = match.end()
    return found


def _generic(token: str, generic: frozenset[str]) -> bool:
    """Is ``token``, or the word it inflects ("increasing", "needed", "companies"), generic?"""
    if token in generic:
        return True
    for suffix, replacements in _INFLECTIONS:
        if token.endswith(suffix) and len(token) > len(suffix) + 2:
            stem = token[: -len(suffix)]
            if any(stem + ending in generic for ending in replacements):
                return True
    return False


def assess(text: str, lex: Lexicon | None = None) -> Assessment:
    """Score ``text``; see the module docstring for the formula."""
    lex = lex or default_lexicon()
    compiled = _compiled(lex)
    normalized = " ".join(text.translate(_DASHES).split())
    anchors: list[str] = [match.group() for match in _QUOTED.finditer(normalized)]
    unquoted = _QUOTED.sub(" ", normalized)
    number_spans: list[tuple[int, int]] = []
    for pattern in (_NUMBER, _COMPARATOR, _FUNDING_STAGE, _WEB_NAME):
        for match in pattern.finditer(unquoted):
            if not any(start <= match.start() < end for start, end in number_spans):
                anchors.append(match.group().strip())
                number_spans.append(match.span())
    rest = _mask(unquoted, number_spans)
    if compiled.entities is not None:
        entity_spans = [match.span() for match in compiled.entities.finditer(rest)]
        anchors += [rest[start:end] for start, end in entity_spans]
        rest = _mask(rest, entity_spans)
    anchors += _entities(rest, compiled)
    lowered = rest.lower()

    hedge_matches = _hedge_matches(compiled, lowered)
    hedge_spans = [match.span() for match in hedge_matches]
    without_hedges = _mask(lowered, hedge_spans)
    vague_matches = list(compiled.vague.finditer(without_hedges)) if compiled.vague else []
    vague_spans = [match.span() for match in vague_matches]
    vague_mass = sum(_weight(compiled, match.group()) for match in vague_matches)

    content = generic = 0
    for token in _TOKEN.finditer(without_hedges):
        word = token.group()
        if len(word) < 2 or word in _FUNCTION_WORDS or word.isdigit():
            continue
        if word in _NUMBER_WORDS:
            anchors.append(word)
            continue
        content += 1
        covered = any(start <= token.start() < end for start, end in vague_spans)
        if covered or _generic(word, lex.generic):
            generic += 1
    ratio = generic / content if content else 0.0
    concrete = content - generic
    # Generic wording only matters when nothing else is specific: "mid-market (50-200
    # employees)" defines its generic words with a number.
    penalty = 0.0 if anchors else _GENERIC_WEIGHT * max(0.0, ratio - _GENERIC_FLOOR)
    divisor = (
        1
        + _ANCHOR_WEIGHT * len(anchors)
        + _CONCRETE_WEIGHT * max(0, concrete - _CONCRETE_ALLOWANCE)
    )
    score = (vague_mass + len(hedge_matches) + penalty) / divisor
    too_short = 0 < content <= SHORT_PHRASE_TOKENS and not anchors and generic > 0
    return Assessment(
        text=text,
        score=round(score, 2),
        vague_terms=tuple(dict.fromkeys(_display(unquoted, m.span()) for m in vague_matches)),
        hedges=tuple(dict.fromkeys(_display(unquoted, m.span()) for m in hedge_matches)),
        generic_ratio=round(ratio, 2),
        content_tokens=content,
        anchors=tuple(anchors),
        too_short=too_short,
    )


def _hedge_matches(compiled: _Compiled, lowered: str) -> list[re.Match[str]]:
    if compiled.hedges is None:
        return []
    return [
        match
        for match in compiled.hedges.finditer(lowered)
        if not (
            match.group() in _NOT_A_HEDGE
            and _NOT_A_HEDGE[match.group()].match(lowered, match.end())
        )
    ]


def _display(text: str, span: tuple[int, int]) -> str:
    return text[span[0] : span[1]].strip().lower()


def hedges_without_number(text: str, lex: Lexicon | None = None) -> tuple[str, ...]:
    """Hedges not softening a number: "typically 3-5 sites" states a range, not a doubt."""
    lex = lex or default_lexicon()
    compiled = _compiled(lex)
    normalized = _QUOTED.sub(" ", " ".join(text.translate(_DASHES).split()))
    numbers = [match.span() for match in _NUMBER.finditer(normalized)]
    found: list[str] = []
    for match in _hedge_matches(compiled, normalized.lower()):
        near = any(
            start - match.end() <= 12 and match.start() - end <= 12 for start, end in numbers
        )
        if not near:
            found.append(match.group().lower())
    return tuple(dict.fromkeys(found))
