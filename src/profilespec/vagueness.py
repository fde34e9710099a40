"""Score how vague a sentence is, and say why: the PS201/PS202 detector as a pure function.

A sentence is vague when its weight rests on words that fit any company or any person
("mid-size companies with growth challenges") and nothing pins it down: no number, range,
named entity or concrete observable. The score follows the design in domain.md 3.3::

    vagueness = (V + H + P_G + P_K) / (1 + 1.5 * S + 0.25 * max(0, K - 2))

with V the weighted vague-term mass, H the hedge count, S the specificity anchors (numbers,
ranges, quoted terms, named entities) and K the concrete content words: those that are
neither function words nor generic ("companies", "need"), abstract or evaluative ("loyal",
"something", "works", adverbs such as "truly") nor vague terms. A sentence full of domain
words ("three-way match", "payer audit") is specific even without a number. Without an
anchor two penalties apply: P_G = 4 * max(0, G - 0.5) for a generic-or-abstract share G of
the content words above one half, and P_K = 0.5 per concrete word short of two, so
"Well-known brands with a loyal following" is vague although none of its words is a vague
term, while "Dental laboratories" is not. Very short phrases ("SMBs", "Tech companies") are
vague whenever they carry a generic word and no anchor, whatever their score.

Matching is set look-ups over the phrase's word chunks (no large regex), built once per
lexicon from plain text files: it runs on every commit, so its cost is kept to a few
milliseconds for the first phrase and tens of microseconds for each one after.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

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
_CONCRETE_NEEDED = 2
_DEFICIT_WEIGHT = 0.5


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
# "One" is usually a pronoun; after a comparator it is a count ("at least one payroll
# administrator").
_COUNTED_ONE = re.compile(r"\b(?:at least|more than|exactly|only|just|over) one\b", re.IGNORECASE)
_WEB_NAME = re.compile(r"\b[\w-]+\.(?:com|io|ai|co|net|org|app|dev)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f0-9&]+(?:['\u2019.][A-Za-z]+)*")
# Words that are hedges except in these phrases: "could not" states a fact, and "rather
# than" compares (as lucid-lint also treats it).
_NOT_A_HEDGE = {"could": re.compile(r"\s+not\b|n't"), "rather": re.compile(r"\s+than\b")}


# Suffixes a generic word keeps its meaning under, by the ending its stem dropped.
_INFLECTIONS_OF = {"": ("es", "s", "ing", "ed"), "e": ("es", "ing", "ed"), "y": ("ies", "ied")}


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
    # Generic or abstract words that are not vague terms: named when they carry the verdict.
    generic_words: tuple[str, ...] = ()

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
        if (self.too_short or self.generic_ratio > _GENERIC_FLOOR) and self.generic_words:
            parts[-1] += " (" + ", ".join(f"'{word}'" for word in self.generic_words) + ")"
        return "; ".join(parts)


# --- lexicon loading --------------------------------------------------------------------------

_LEXICON_DIR = Path(__file__).parent / "data" / "lexicons"


def _read_lines(filename: str) -> list[str]:
    # A plain read next to this module: importlib.resources would add ~45 ms of imports to
    # every lint run for three small text files.
    with (_LEXICON_DIR / filename).open(encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and line[0] != "#"]


def _compact(term: str) -> str:
    """One key for "mid-size", "mid size" and "midsize"."""
    return "".join(term.lower().translate(_DASHES).replace("-", " ").split()).rstrip(".")


@functools.cache
def default_lexicon() -> Lexicon:
    vague: list[tuple[str, float]] = []
    for line in _read_lines("vague.tsv"):
        term, _, weight = line.partition("\t")
        vague.append((term.strip().lower(), float(weight)))
    return Lexicon(
        vague=tuple(vague),
        hedges=tuple(term.lower() for term in _read_lines("hedges.txt")),
        # Abstract words ("loyal", "something") count exactly like generic ones; they live in
        # their own file because they fit no company rather than any company.
        generic=frozenset(
            term.lower() for name in ("generic.txt", "abstract.txt") for term in _read_lines(name)
        ),
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


# --- term matching ----------------------------------------------------------------------------

# A single-word term also finds its word family: "modern" finds "modernize", "convenient"
# finds "convenience", "frustrations" finds "frustrated".
_FAMILY_SUFFIXES = _wordset(
    """s es d ed ing ly ize izes ized izing ization ise ises ised ising isation ity ness ce er
    est ated ating ation ations"""
)
_SUFFIX_LENGTHS = tuple(sorted({len(suffix) for suffix in _FAMILY_SUFFIXES}))
# Words joined by hyphens are one chunk: a term never matches part of "self-optimizing".
_GAPPED_CHUNK = re.compile(
    r"([^a-z\u00c0-\u024f0-9]*)([a-z\u00c0-\u024f0-9]+(?:-[a-z\u00c0-\u024f0-9]+)*)"
)


class _Chunks:
    """A lower-cased phrase cut into word chunks ("fast-growing" is one), each keyed without
    its hyphens; a term may span neighbouring chunks only when spaces alone separate them."""

    __slots__ = ("_gaps", "_starts", "joined", "keys", "words")

    def __init__(self, lowered: str) -> None:
        pairs = _GAPPED_CHUNK.findall(lowered)
        self._gaps: list[str] = [gap for gap, _ in pairs]
        self.words: list[str] = [word for _, word in pairs]
        self.keys = [word.replace("-", "") for word in self.words]
        # joined[i]: chunk i continues into chunk i + 1
        self.joined = [gap.isspace() for gap in self._gaps[1:]]
        self.joined.append(False)
        self._starts: list[int] = []

    def span(self, match: range) -> tuple[int, int]:
        """Where the chunks of ``match`` sit in the text (offsets are only counted on demand:
        most phrases need none)."""
        if not self._starts:
            position = 0
            for gap, word in zip(self._gaps, self.words, strict=True):
                position += len(gap)
                self._starts.append(position)
                position += len(word)
        last = match.stop - 1
        return self._starts[match.start], self._starts[last] + len(self.words[last])


class _Terms:
    """A term list as sets of compacted word sequences: a phrase is matched by set look-ups
    over its chunks, longest first, instead of one large regex alternation."""

    __slots__ = ("forms", "prefixes")

    def __init__(self, terms: Iterable[str], family: bool) -> None:
        self.forms: set[str] = set()
        # Compacted first words of multi-word terms ("a", "alot" for "a lot of"): a match
        # only grows into the next chunk while it is still such a prefix.
        self.prefixes: set[str] = set()
        for term in terms:
            words = term.lower().translate(_DASHES).replace("-", " ").split()
            if not words:
                continue
            key = "".join(words)
            self.prefixes.update("".join(words[:size]) for size in range(1, len(words)))
            self.forms.add(key.rstrip("."))
            if not family or key.endswith("etc") or not key[-1].isalpha():
                continue
            if len(words) > 1 or len(term) < 4:
                self.forms.update((key + "s", key + "es"))
                continue
            stems = [key]
            if key.endswith(("e", "ent", "ant")):
                stems.append(key[:-1])
            if key.endswith("ations"):
                stems.append(key[:-6])
            self.forms.update(stem + suffix for stem in stems for suffix in _FAMILY_SUFFIXES)

    def find(self, chunks: _Chunks, blocked: frozenset[int] = frozenset()) -> list[range]:
        """Non-overlapping matches, leftmost first, each the range of chunks it covers."""
        found: list[range] = []
        keys, joined, forms, prefixes = chunks.keys, chunks.joined, self.forms, self.prefixes
        index, count = 0, len(keys)
        while index < count:
            if index in blocked:
                index += 1
                continue
            key = keys[index]
            size = 1 if key in forms else 0
            last = index
            while key in prefixes and joined[last] and last + 1 not in blocked:
                last += 1
                key += keys[last]
                if key in forms:
                    size = last - index + 1
            if size:
                found.append(range(index, index + size))
            index += size or 1
        return found


@dataclass(frozen=True)
class _Compiled:
    vague: _Terms
    weights: Mapping[str, float]
    hedges: _Terms
    entities: _Terms | None
    common: frozenset[str]
    generic: frozenset[str]
    # Results by text: handbooks grown from templates repeat their sentences file after file.
    assessed: dict[str, Assessment] = field(default_factory=dict)
    unhedged: dict[str, tuple[str, ...]] = field(default_factory=dict)
    word_kinds: dict[str, _WordKind] = field(default_factory=dict)

    def remember(self, memo: dict[str, _T], text: str, result: _T) -> _T:
        if len(memo) >= _MEMO_SIZE:
            memo.clear()
        memo[text] = result
        return result


_T = TypeVar("_T")
_MEMO_SIZE = 100_000


# Keyed by identity: hashing a Lexicon walks every term, which cost more than scoring a
# phrase. lexicon() and default_lexicon() hand out one object per edit set, and holding the
# object here keeps its id from being reused.
_COMPILED: dict[int, tuple[Lexicon, _Compiled]] = {}


def _compiled(lex: Lexicon) -> _Compiled:
    cached = _COMPILED.get(id(lex))
    if cached is None:
        cached = _COMPILED[id(lex)] = (lex, _compile(lex))
    return cached[1]


def _compile(lex: Lexicon) -> _Compiled:
    weights = {_compact(term): weight for term, weight in lex.vague}
    vague_words = {word for term, _ in lex.vague for word in term.replace("-", " ").split()}
    hedge_words = {word for term in lex.hedges for word in term.split()}
    common = frozenset(lex.generic | vague_words | hedge_words | _FUNCTION_WORDS | _NUMBER_WORDS)
    entity_terms = [term for term in lex.entities if term.strip()]
    return _Compiled(
        vague=_Terms((term for term, _ in lex.vague), family=True),
        weights=weights,
        hedges=_Terms(lex.hedges, family=False),
        entities=_Terms(entity_terms, family=False) if entity_terms else None,
        common=common,
        generic=_inflected(lex.generic),
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
    pieces: list[str] = []
    position = 0
    for span_start, end in sorted(spans):
        start = max(span_start, position)
        pieces += [text[position:start], " " * (end - start)]
        position = max(position, end)
    pieces.append(text[position:])
    return "".join(pieces)


def _span(chunks: _Chunks, match: range, text: str = "") -> tuple[int, int]:
    """Where ``match`` sits in the text; "etc." keeps its full stop when ``text`` is given."""
    start, end = chunks.span(match)
    if text[end : end + 1] == "." and chunks.keys[match.stop - 1] == "etc":
        end += 1
    return start, end


_SENTENCE_BREAKS = frozenset(".!?;:([\n")


def _entities(text: str, compiled: _Compiled) -> list[str]:
    """Named things: ALL-CAPS codes, CamelCase names, and capitals that are not sentence starts."""
    if text[1:].lower() == text[1:] and (text[:1].lower() == text[:1] or text[1:2].isalpha()):
        # No capital, or only the first letter of the first word: a sentence start.
        return []
    matches = list(_WORD.finditer(text))
    title_case: bool | None = None  # counted only when a plain capitalized word needs it
    found: list[str] = []
    previous_end = -10
    for match in matches:
        word = match.group()
        if word.lower() == word:
            continue
        letters = word.replace("&", "")
        # "SMBs", "CFOs", "KPIs": a plural acronym is still the acronym.
        stem = letters[:-1] if letters.endswith("s") and letters[:-1].isupper() else letters
        is_entity = False
        if stem.upper() in _GENERIC_ACRONYMS or len(stem) < 2:
            is_entity = False
        elif stem.isupper():
            is_entity = len(stem) <= 7  # HIPAA, SOC, G2, EU
        elif letters[1:].lower() != letters[1:]:
            is_entity = True  # CamelCase: HubSpot, NetSuite, eClinicalWorks
        elif letters[:1].isupper():
            before = text[: match.start()].rstrip()
            sentence_start = match.start() == 0 or (bool(before) and before[-1] in _SENTENCE_BREAKS)
            lowered = word.lower().replace("\u2019", "'")
            is_entity = (
                not sentence_start
                and lowered not in compiled.common
                and lowered.rstrip("s") not in compiled.common
            )
            if is_entity and title_case is None:
                # In Title Case Text capitals carry no information; only codes and CamelCase.
                initials = [m.group()[0] for m in matches if m.group()[0].isalpha()]
                title_case = len(initials) >= 3 and (
                    sum(initial.isupper() for initial in initials) >= 0.6 * len(initials)
                )
            is_entity = is_entity and not title_case
        if is_entity:
            # "Medical Group Management Association" is one entity, not four.
            if found and match.start() - previous_end <= 1:
                found[-1] = f"{found[-1]} {word}"
            else:
                found.append(word)
            previous_end = match.end()
    return found


# A department followed by a role names a job someone holds ("finance manager", "IT
# director", "payroll team"): an observable fact about an account, though each word alone is
# generic.
_DEPARTMENTS = _wordset(
    """finance financial accounting accounts payroll marketing sales operations ops it hr
    procurement purchasing security compliance legal engineering product data revenue
    support service facilities logistics supply fleet clinical nursing"""
)
_ROLES = _wordset(
    """manager managers director directors head heads lead leads leader leaders team teams
    department departments officer officers administrator administrators analyst analysts
    staff clerk clerks coordinator coordinators supervisor supervisors vp vps"""
)


def _named_roles(keys: list[str]) -> frozenset[int]:
    """Chunk indexes of department-and-role pairs."""
    return frozenset(
        index
        for first in range(len(keys) - 1)
        if keys[first] in _DEPARTMENTS and keys[first + 1] in _ROLES
        for index in (first, first + 1)
    )


# Gerunds that name a trade or a function in their own right: "accounting" is not a way of
# saying "account", nor "staffing" of "staff".
_TRADE_GERUNDS = _wordset(
    """accounting staffing processing budgeting costing servicing financing branding
    engineering manufacturing banking billing pricing planning reporting training consulting
    shipping building packaging marketing lending funding housing"""
)


def _inflected(words: Iterable[str]) -> frozenset[str]:
    """``words`` with the inflections that still mean the same generic thing ("companies",
    "needed", "tried", "putting"), for words of three letters or more."""
    forms = set(words)
    for word in list(forms):
        stems = [(word, "")] + ([(word[:-1], "e")] if word.endswith("e") else [])
        if word.endswith("y"):
            stems.append((word[:-1], "y"))
        for stem, ending in stems:
            if len(word) < 3:
                continue
            suffixes = _INFLECTIONS_OF[ending]
            forms.update(stem + suffix for suffix in suffixes)
        if _DOUBLES_FINAL_CONSONANT.fullmatch(word):
            forms.update((word + word[-1] + "ing", word + word[-1] + "ed"))
    return frozenset(forms - (_TRADE_GERUNDS - set(words)))


# Short words ending consonant-vowel-consonant double the consonant: "putting", "stopped".
_DOUBLES_FINAL_CONSONANT = re.compile(r"[^aeiou]{0,2}[aeiou][^aeiouwxy]")


# Adverbs of manner and degree ("truly", "constantly", "increasingly") qualify a claim without
# naming anything; the endings leave out nouns and adjectives such as "family", "supply" or
# "assembly", and frequency words ("monthly") are number words, read before this.
_DEGREE_ADVERB_ENDINGS = (
    "ally",
    "ously",
    "ively",
    "ently",
    "antly",
    "fully",
    "lessly",
    "edly",
    "ingly",
    "ately",
    "arly",
    "ibly",
    "ably",
    "sily",
    "vily",
    "dily",
    "rily",
    "tly",
)


def _is_degree_adverb(word: str) -> bool:
    return len(word) > 5 and word.endswith(_DEGREE_ADVERB_ENDINGS)


_DIGIT = re.compile(r"\d")
_QUOTE_MARKS = frozenset("`\"'\u201c\u2018")


def _anchor_spans(text: str) -> list[tuple[int, int]]:
    """Numbers, comparators, funding stages and web names; each pattern is only run when the
    text holds the character it needs, since most phrases hold none."""
    patterns: list[re.Pattern[str]] = []
    if _DIGIT.search(text):
        patterns += [_NUMBER, _COMPARATOR]
    if "eries " in text:
        patterns.append(_FUNDING_STAGE)
    if " one" in text:
        patterns.append(_COUNTED_ONE)
    if "." in text:
        patterns.append(_WEB_NAME)
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in spans):
                spans.append(match.span())
    return spans


def _unquote(text: str) -> tuple[str, list[str]]:
    normalized = " ".join(text.translate(_DASHES).split())
    if _QUOTE_MARKS.isdisjoint(normalized):
        return normalized, []
    quoted = [match.group() for match in _QUOTED.finditer(normalized)]
    return (_QUOTED.sub(" ", normalized) if quoted else normalized), quoted


def assess(text: str, lex: Lexicon | None = None) -> Assessment:
    """Score ``text``; see the module docstring for the formula."""
    lex = lex or default_lexicon()
    compiled = _compiled(lex)
    known = compiled.assessed.get(text)
    if known is not None:
        return known
    return compiled.remember(compiled.assessed, text, _assess(text, compiled))


def _assess(text: str, compiled: _Compiled) -> Assessment:
    unquoted, anchors = _unquote(text)
    number_spans = _anchor_spans(unquoted)
    anchors += [unquoted[start:end].strip() for start, end in number_spans]
    rest = _mask(unquoted, number_spans) if number_spans else unquoted
    if compiled.entities is not None:
        cased = _Chunks(rest.lower())
        entity_spans = [_span(cased, match) for match in compiled.entities.find(cased)]
        anchors += [rest[start:end] for start, end in entity_spans]
        rest = _mask(rest, entity_spans)
    anchors += _entities(rest, compiled)

    low = rest.lower()
    chunks = _Chunks(low)
    hedge_matches = _hedge_matches(compiled, chunks, low)
    blocked = frozenset(index for match in hedge_matches for index in match)
    vague_matches = compiled.vague.find(chunks, blocked)
    covered = {index for match in vague_matches for index in match}
    vague_terms = [unquoted[slice(*_span(chunks, match, unquoted))] for match in vague_matches]
    vague_mass = sum(_weight(compiled, term) for term in vague_terms)

    content = generic = 0
    generic_words: list[str] = []
    named_roles = _named_roles(chunks.keys)
    role_words = 0
    kinds = compiled.word_kinds
    for index, chunk in enumerate(chunks.words):
        if index in blocked:
            continue
        # "didn't", "won't": the part before the apostrophe is an auxiliary, not content.
        contracted = chunks.words[index + 1 : index + 2] == ["t"]
        # Hyphenated entries ("well-known", "decision-maker") hold for all their parts.
        whole = "-" in chunk and chunk in compiled.generic
        for word in chunk.split("-") if "-" in chunk else (chunk,):
            kind = kinds.get(word)
            if kind is None:
                kind = compiled.remember(kinds, word, _word_kind(word, compiled.generic))
            if kind is _WordKind.NONE:
                continue
            if contracted and word.endswith("n") and word is chunk:
                continue
            # Inside a vague term a number word pins nothing down ("no single view").
            if kind is _WordKind.NUMBER and index not in covered:
                anchors.append(word)
                continue
            # A named role is neither generic nor enough to make a phrase concrete: "sales
            # leaders who want predictable growth" stays vague.
            if index in named_roles:
                role_words += 1
                continue
            content += 1
            if index in covered:
                generic += 1
            elif whole or kind is _WordKind.GENERIC:
                generic += 1
                generic_words.append(chunk if whole else word)
    ratio = generic / content if content else 0.0
    concrete = content - generic
    # Generic wording only matters when nothing else is specific: "mid-market (50-200
    # employees)" defines its generic words with a number.
    penalty = 0.0 if anchors else _GENERIC_WEIGHT * max(0.0, ratio - _GENERIC_FLOOR)
    # Nothing observable either: a phrase needs two concrete words ("dental laboratories",
    # "board animals") to stand without a number or a name.
    if not anchors and content:
        penalty += _DEFICIT_WEIGHT * max(0, _CONCRETE_NEEDED - concrete)
    divisor = (
        1
        + _ANCHOR_WEIGHT * len(anchors)
        + _CONCRETE_WEIGHT * max(0, concrete - _CONCRETE_ALLOWANCE)
    )
    score = (vague_mass + len(hedge_matches) + penalty) / divisor
    too_short = 0 < content + role_words <= SHORT_PHRASE_TOKENS and not anchors and generic > 0
    return Assessment(
        text=text,
        score=round(score, 2),
        vague_terms=tuple(dict.fromkeys(term.lower() for term in vague_terms)),
        hedges=tuple(
            dict.fromkeys(unquoted[slice(*_span(chunks, m))].lower() for m in hedge_matches)
        ),
        generic_ratio=round(ratio, 2),
        content_tokens=content,
        anchors=tuple(anchors),
        too_short=too_short,
        generic_words=tuple(dict.fromkeys(generic_words)),
    )


class _WordKind(enum.Enum):
    """What one word contributes to a score, whatever phrase it is in."""

    NONE = "none"  # function words, digits, single letters
    NUMBER = "number"
    GENERIC = "generic"
    CONCRETE = "concrete"


def _word_kind(word: str, generic: frozenset[str]) -> _WordKind:
    if len(word) < 2 or word in _FUNCTION_WORDS or word.isdigit():
        return _WordKind.NONE
    if word in _NUMBER_WORDS:
        return _WordKind.NUMBER
    if word in generic or _is_degree_adverb(word):
        return _WordKind.GENERIC
    return _WordKind.CONCRETE


def _hedge_matches(compiled: _Compiled, chunks: _Chunks, lowered: str) -> list[range]:
    return [
        match
        for match in compiled.hedges.find(chunks)
        if not (
            len(match) == 1
            and chunks.keys[match.start] in _NOT_A_HEDGE
            and _NOT_A_HEDGE[chunks.keys[match.start]].match(lowered, chunks.span(match)[1])
        )
    ]


def hedges_without_number(text: str, lex: Lexicon | None = None) -> tuple[str, ...]:
    """Hedges not softening a number: "typically 3-5 sites" states a range, not a doubt."""
    lex = lex or default_lexicon()
    compiled = _compiled(lex)
    known = compiled.unhedged.get(text)
    if known is not None:
        return known
    # Masking numbers (all assess() hides, unless the handbook names entity terms) never hides
    # a hedge, so a text whose assessment found none has none here either.
    assessed = compiled.assessed.get(text)
    if assessed is not None and not assessed.hedges and compiled.entities is None:
        return ()
    return compiled.remember(compiled.unhedged, text, _hedges_without_number(text, compiled))


def _hedges_without_number(text: str, compiled: _Compiled) -> tuple[str, ...]:
    normalized, _ = _unquote(text)
    lowered = normalized.lower()
    chunks = _Chunks(lowered)
    hedges = _hedge_matches(compiled, chunks, lowered)
    if not hedges:
        return ()
    numbers = [match.span() for match in _NUMBER.finditer(normalized)]
    found: list[str] = []
    for match in hedges:
        start, end = _span(chunks, match)
        if not any(n_start - end <= 12 and start - n_end <= 12 for n_start, n_end in numbers):
            found.append(lowered[start:end])
    return tuple(dict.fromkeys(found))
