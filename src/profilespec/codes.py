"""Offline lookups for NAICS 2022, ISO 3166-1/-2, ISO 4217 codes and named region groups."""

from __future__ import annotations

import bisect
import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Literal, NamedTuple

__all__ = [
    "country_from_name",
    "country_name",
    "country_spellings",
    "currency_name",
    "expand_regions",
    "is_currency",
    "is_naics",
    "is_region_code",
    "naics_is_prefix",
    "naics_parent",
    "naics_suggestions",
    "naics_title",
    "region_contains",
    "region_groups",
    "subdivision_name",
    "suggest_codes",
]

# Validation is exact: "us", " USD" and "6211 " are not codes. Lint rules report them
# and ask suggest_codes() for the fix, which is where all the forgiveness lives.

NAICS_SECTOR_RANGES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"31-33": ("31", "32", "33"), "44-45": ("44", "45"), "48-49": ("48", "49")}
)

# EU institutions write Greece as EL and the United Kingdom as UK; neither is an
# assigned ISO 3166-1 code, so they are accepted only as names and suggestions.
_COUNTRY_CODE_ALIASES: Mapping[str, str] = MappingProxyType({"UK": "GB", "EL": "GR"})

# Informal English names and a few endonyms that the ISO tables do not carry, keyed by
# their _fold() form. Ambiguous short forms ("Korea", "Virgin Islands") stay unresolved.
_COUNTRY_NAME_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "america": "US",
        "great britain": "GB",
        "britain": "GB",
        "holland": "NL",
        "russia": "RU",
        "czech republic": "CZ",
        "ivory coast": "CI",
        "cape verde": "CV",
        "swaziland": "SZ",
        "burma": "MM",
        "east timor": "TL",
        "macau": "MO",
        "vatican": "VA",
        "vatican city": "VA",
        "turkey": "TR",
        "macedonia": "MK",
        "uae": "AE",
        "emirates": "AE",
        "brunei": "BN",
        "drc": "CD",
        "republic of ireland": "IE",
        "deutschland": "DE",
        "espana": "ES",
        "osterreich": "AT",
        "schweiz": "CH",
        "suisse": "CH",
        "svizzera": "CH",
        "italia": "IT",
        "nederland": "NL",
        "belgie": "BE",
        "belgique": "BE",
        "sverige": "SE",
        "norge": "NO",
        "danmark": "DK",
        "suomi": "FI",
        "polska": "PL",
        "brasil": "BR",
    }
)

_CURRENCY_ALIASES: Mapping[str, str] = MappingProxyType(
    {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
)

_NO_GROUPS: Mapping[str, Iterable[str]] = MappingProxyType({})

# "other", "all" and "except" occur in hundreds of titles and would drown real matches.
_NAICS_STOPWORDS = frozenset(
    {"a", "all", "an", "and", "as", "at", "by", "except", "for", "from", "in", "including"}
    | {"into", "of", "on", "or", "other", "others", "the", "to", "with"}
)

_NAICS_WORD = re.compile(r"[a-z0-9]+")
_NAICS_EXCEPT = re.compile(r"\(except[^)]*\)")

# Query words for which NAICS 2022 titles use another word: 2022 renamed "Stores" to
# "Retailers", and titles say "Physicians" and "Lawyers", never "doctors" or "attorneys".
_NAICS_SYNONYMS: Mapping[str, str] = MappingProxyType(
    {
        "store": "retailers",
        "shop": "retailers",
        "doctor": "physicians",
        "attorney": "lawyers",
        "telecom": "telecommunications",
        "biotech": "biotechnology",
        "pharma": "pharmaceutical",
        "staffing": "employment",
    }
)

# Hyphen look-alikes that word processors substitute for "-" (U+2010-U+2014, U+2212).
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


class _Country(NamedTuple):
    alpha2: str
    alpha3: str
    numeric: str
    name: str
    official_name: str
    common_name: str


# --- table loading -------------------------------------------------------------------


_DATA_DIR = Path(__file__).parent / "data"


def _read_rows(filename: str) -> list[list[str]]:
    # A plain read next to this module, as vagueness.py and schema.py do: importlib.resources
    # costs ~8 ms of imports and set-up on every lint run that checks a code.
    text = (_DATA_DIR / filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line[:1] not in ("#", "")]


@functools.cache
def _naics() -> Mapping[str, str]:
    table = {row[0]: row[1] for row in _read_rows("naics2022.tsv")}
    # The standard names the combined sectors by range only, but profiles and data
    # vendors write "31" or "32" for manufacturing, so each member is valid too.
    for sector, members in NAICS_SECTOR_RANGES.items():
        for member in members:
            table[member] = table[sector]
    return table


@functools.cache
def _countries() -> Mapping[str, _Country]:
    return {row[0]: _Country(*row) for row in _read_rows("iso3166_1.tsv")}


@functools.cache
def _subdivisions() -> Mapping[str, tuple[str, str]]:
    """Code -> (parent code or "", name); plain tuples keep 5,000 rows cheap to build."""
    return {code: (parent, name) for code, parent, name in _read_rows("iso3166_2.tsv")}


@functools.cache
def _currencies() -> Mapping[str, str]:
    return {code: name for code, _numeric, name in _read_rows("iso4217.tsv")}


@functools.cache
def _builtin_groups() -> Mapping[str, frozenset[str]]:
    members: dict[str, set[str]] = {}
    for group, code in _read_rows("region_groups.tsv"):
        members.setdefault(group, set()).add(code)
    return MappingProxyType({group: frozenset(codes) for group, codes in members.items()})


# --- NAICS ---------------------------------------------------------------------------


def naics_title(code: str) -> str | None:
    """Title of a NAICS 2022 code (2-6 digits, or a sector range such as "31-33")."""
    return _naics().get(code)


def is_naics(code: str) -> bool:
    return code in _naics()


def naics_parent(code: str) -> str | None:
    """The enclosing code: "6211" for "62111", "31-33" for "32"; None for sectors."""
    if code not in _naics() or code in NAICS_SECTOR_RANGES:
        return None
    if len(code) == 2:
        return next((s for s, m in NAICS_SECTOR_RANGES.items() if code in m), None)
    return code[:-1] if len(code) > 3 else _sector_of(code[:2])


def _sector_of(two_digits: str) -> str:
    return next((s for s, m in NAICS_SECTOR_RANGES.items() if two_digits in m), two_digits)


def naics_is_prefix(ancestor: str, code: str) -> bool:
    """True if ``ancestor`` is ``code`` or encloses it; False unless both are valid codes."""
    table = _naics()
    if ancestor not in table or code not in table:
        return False
    if ancestor == code:
        return True
    if code in NAICS_SECTOR_RANGES:
        return False
    if ancestor in NAICS_SECTOR_RANGES:
        return code[:2] in NAICS_SECTOR_RANGES[ancestor]
    return code.startswith(ancestor)


@functools.cache
def _stem(word: str) -> str:
    # Just enough to meet "Dentists"/"dentist", "Industries"/"industry",
    # "Manufacturing"/"manufacturer" and "Dealers"/"dealership"; a real stemmer would
    # be a dependency.
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if len(word) > 7 and word.endswith("ship"):
        word = word[:-4]
    if len(word) > 6 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 5 and word.endswith("er"):
        return word[:-2]
    return word


def _naics_tokens(text: str) -> list[str]:
    # "Casinos (except Casino Hotels)" must not come up for "hotels".
    text = _NAICS_EXCEPT.sub(" ", text.lower() if text.isascii() else _fold(text))
    return [_stem(w) for w in _NAICS_WORD.findall(text) if w not in _NAICS_STOPWORDS]


class _NaicsIndex(NamedTuple):
    entries: tuple[tuple[str, str, frozenset[str]], ...]  # code, title, tokens
    postings: Mapping[str, tuple[int, ...]]
    idf: Mapping[str, float]
    vocabulary: tuple[str, ...]
    by_title: Mapping[str, int]


@functools.cache
def _naics_index() -> _NaicsIndex:
    table = _naics()
    # "Hog and Pig Farming" is 1122, 11221 and 112210 alike: offer it once, as the most
    # detailed code, which is the one data vendors and people quote.
    # The single-sector aliases "31", "32", "33" of "31-33" are not offered either.
    aliases = {m for members in NAICS_SECTOR_RANGES.values() for m in members}
    restated = {
        parent
        for code, title in table.items()
        if code not in aliases and (parent := naics_parent(code)) and table[parent] == title
    }
    entries: list[tuple[str, str, frozenset[str]]] = []
    for code, title in sorted(table.items()):
        if code in restated or code in aliases:
            continue
        entries.append((code, title, frozenset(_naics_tokens(title))))
    postings: dict[str, list[int]] = {}
    for i, (_, _, tokens) in enumerate(entries):
        for token in tokens:
            postings.setdefault(token, []).append(i)
    n = len(entries)
    return _NaicsIndex(
        entries=tuple(entries),
        postings=MappingProxyType({t: tuple(ix) for t, ix in postings.items()}),
        idf=MappingProxyType({t: math.log(1 + n / len(ix)) for t, ix in postings.items()}),
        vocabulary=tuple(sorted(postings)),
        by_title=MappingProxyType({_fold(title): i for i, (_, title, _) in enumerate(entries)}),
    )


@functools.cache
def _naics_synonyms() -> Mapping[str, str]:
    return {_stem(k): _stem(v) for k, v in _NAICS_SYNONYMS.items()}


def _vocabulary_matches(token: str, index: _NaicsIndex) -> dict[str, float]:
    """Title words that ``token`` may mean, with how much we believe it (0-1]."""
    found: dict[str, float] = {}
    if token in index.postings:
        found[token] = 1.0
    synonym = _naics_synonyms().get(token, "")
    if synonym in index.postings:
        found.setdefault(synonym, 0.9)
    vocabulary = index.vocabulary
    if len(token) >= 3:
        # Words extending the token ("broker" -> "brokerage", "law" -> "lawyer"); short
        # tokens extend to too many unrelated words to earn much belief.
        i = bisect.bisect_right(vocabulary, token)
        while i < len(vocabulary) and vocabulary[i].startswith(token):
            found.setdefault(vocabulary[i], 0.8 if len(token) >= 4 else 0.5)
            i += 1
        # Words the token extends ("dealership" -> "dealer"), if they keep most of it:
        # "software" is not about "soft" drinks.
        for end in range(len(token) - 1, max(4, (len(token) * 3 + 4) // 5 - 1), -1):
            if token[:end] in index.postings:
                found.setdefault(token[:end], 0.7)
                break
    if not found and len(token) >= 5:
        import difflib

        for word in difflib.get_close_matches(token, vocabulary, n=3, cutoff=0.8):
            found[word] = 0.7 * difflib.SequenceMatcher(None, token, word).ratio()
    return found


def naics_suggestions(text: str, limit: int = 3) -> list[tuple[str, str]]:
    """NAICS (code, title) pairs whose titles best match free text, best first."""
    if limit <= 0:
        return []
    index = _naics_index()
    table = _naics()
    compact = text.strip()
    if compact in table:
        return [(compact, table[compact])]
    exact = index.by_title.get(_fold(text))
    query = list(dict.fromkeys(_naics_tokens(text)))
    if not query:
        return []
    query_weight = 0.0
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    for token in query:
        candidates = _vocabulary_matches(token, index)
        query_weight += max((index.idf[w] for w in candidates), default=2.0)
        # One query word counts once per title, by its best reading.
        best_for_entry: dict[int, float] = {}
        for word, belief in candidates.items():
            score = belief * index.idf[word]
            for i in index.postings[word]:
                best_for_entry[i] = max(best_for_entry.get(i, 0.0), score)
        for i, score in best_for_entry.items():
            scores[i] = scores.get(i, 0.0) + score
            matched[i] = matched.get(i, 0) + 1

    def rank(i: int) -> tuple[float, int, str]:
        code, _, tokens = index.entries[i]
        # Mostly "how much of the query matched", then "how much of the title is the
        # query", so "hospitals" prefers 622 Hospitals over the longer titles; ties go
        # to the broader code.
        title_share = min(matched[i] / max(len(tokens), 1), 1.0)
        score = 0.7 * scores[i] / query_weight + 0.3 * title_share
        if i == exact:
            score += 1.0
        return (-score, 2 if code in NAICS_SECTOR_RANGES else len(code), code)

    best = sorted(scores, key=rank)[:limit]
    return [(index.entries[i][0], index.entries[i][1]) for i in best]


# --- regions -------------------------------------------------------------------------


def country_name(code: str) -> str | None:
    """ISO 3166-1 short name for an upper-case alpha-2 code ("US" -> "United States")."""
    country = _countries().get(code)
    return country.name if country else None


def country_spellings() -> Iterator[tuple[str, str]]:
    """(written form, alpha-2) for every spelling the tables know: codes, aliases, names.

    Ambiguous folded names ("korea") are left out; ISO names come unfolded as well, so a
    caller that normalizes text its own way (SQL, for instance) still finds them.
    """
    yield from _country_names().items()
    for country in _countries().values():
        for name in (country.name, country.official_name, country.common_name):
            if name:
                yield name, country.alpha2


def subdivision_name(code: str) -> str | None:
    """ISO 3166-2 subdivision name ("CA-QC" -> "Quebec")."""
    subdivision = _subdivisions().get(code)
    return subdivision[1] if subdivision else None


def is_region_code(code: str) -> bool:
    return code in _countries() or code in _subdivisions()


def region_groups() -> Mapping[str, frozenset[str]]:
    """Built-in groups of ISO 3166-1 codes; data/region_groups.tsv documents each one.

    EU and EEA are the current members; NORTH_AMERICA, LATAM, EMEA and APAC follow the
    UN M49 regions and split the world (Antarctica aside) with no overlap; MENA sits
    inside EMEA. The group is NORTH_AMERICA, not NA, because NA is Namibia.
    """
    return _builtin_groups()


def expand_regions(
    items: Iterable[str], extra_groups: Mapping[str, Iterable[str]] = _NO_GROUPS
) -> frozenset[str]:
    """Replace group names by their member codes; anything else is kept as it is.

    ``extra_groups`` override built-in groups of the same name and may refer to other
    groups. Within a user group's expansion, a name that is already being expanded
    means the built-in group of that name, so ``{"EU": ["EU", "CH"]}`` extends the EU;
    without such a built-in it is a cycle and raises ValueError. Unknown codes pass
    through unchanged so that the caller can report them with is_region_code().
    """
    builtin = _builtin_groups()
    out: set[str] = set()

    def visit(item: str, stack: tuple[str, ...]) -> None:
        if item in extra_groups and item not in stack:
            members = extra_groups[item]
            # A bare string would otherwise be iterated letter by letter.
            for member in [members] if isinstance(members, str) else members:
                visit(member, (*stack, item))
        elif item in builtin:
            out.update(builtin[item])
        elif item in stack:
            raise ValueError("region group cycle: " + " -> ".join((*stack, item)))
        else:
            out.add(item)

    for item in [items] if isinstance(items, str) else items:
        visit(item, ())
    return frozenset(out)


def _region_ancestors(code: str) -> list[str]:
    """``code`` and every region enclosing it, innermost first; [] if not a code."""
    if code in _countries():
        return [code]
    subdivisions = _subdivisions()
    chain: list[str] = []
    while code in subdivisions and code not in chain:
        chain.append(code)
        code = subdivisions[code][0]
    if not chain:
        return []
    chain.append(chain[0][:2])
    return chain


def region_contains(
    outer: str, inner: str, *, extra_groups: Mapping[str, Iterable[str]] = _NO_GROUPS
) -> bool:
    """True if every place in ``inner`` lies within ``outer``.

    Either side may be a country, a subdivision or a group name: "CA" contains "CA-QC",
    "ES-MD" contains "ES-M", "EMEA" contains "DACH", and equal codes contain each other.
    Unknown codes are contained in nothing. Subdivision codes never match a country code
    ("US" contains "US-PR" but not "PR", although ISO 3166-2 lists both).
    """
    outer_codes = expand_regions([outer], extra_groups)
    inner_codes = expand_regions([inner], extra_groups)
    # An unknown code has no ancestors, so it is contained in nothing and contains nothing.
    return bool(inner_codes) and all(
        not outer_codes.isdisjoint(_region_ancestors(c)) for c in inner_codes
    )


_APOSTROPHES = re.compile("['\u2019.]")
_NON_WORD = re.compile(r"[\W_]+")
_FOLD_LETTERS = str.maketrans(
    {"ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "\u0131": "i", "þ": "th", "ð": "d"}
)


def _fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form used to compare names."""
    text = text.casefold()
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFKD", text.translate(_FOLD_LETTERS))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    if "&" in text:
        text = text.replace("&", " and ")
    words = _NON_WORD.sub(" ", _APOSTROPHES.sub("", text)).split()
    if words and words[0] == "the":
        del words[0]
    if len(words) > 1 and max(map(len, words)) == 1:
        words = ["".join(words)]  # "U. S. A." -> "usa"
    if "st" in words:
        words = ["saint" if w == "st" else w for w in words]
    return " ".join(words)


def _name_variants(name: str) -> Iterator[str]:
    """Forms of an ISO name people write: "Korea, Republic of" -> "Republic of Korea"."""
    plain = re.sub(r"\s*\([^)]*\)", "", name) if "(" in name else name
    if plain != name:
        yield plain  # "Holy See (Vatican City State)" -> "Holy See"
    if ", " in plain:
        head, tail = plain.split(", ", 1)
        yield f"{tail} {head}"
        yield head


@functools.cache
def _country_names() -> Mapping[str, str]:
    # Earlier tiers win; two countries claiming one key within a tier make it
    # ambiguous ("Korea", "Virgin Islands") and it resolves to nothing.
    tiers: list[dict[str, str]] = [dict(_COUNTRY_NAME_ALIASES), {}, {}]
    tiers[0].update((k.casefold(), v) for k, v in _COUNTRY_CODE_ALIASES.items())

    def claim(tier: dict[str, str], key: str, code: str) -> None:
        tier[key] = code if tier.get(key, code) == code else ""

    for country in _countries().values():
        claim(tiers[0], country.alpha2.casefold(), country.alpha2)
        claim(tiers[0], country.alpha3.casefold(), country.alpha2)
        for name in (country.name, country.official_name, country.common_name):
            if name:
                claim(tiers[1], _fold(name), country.alpha2)
                for variant in _name_variants(name):
                    claim(tiers[2], _fold(variant), country.alpha2)
    result: dict[str, str] = {}
    for tier in tiers:
        for key, code in tier.items():
            result.setdefault(key, code)
    return MappingProxyType({k: v for k, v in result.items() if v})


@functools.cache
def _alpha3_to_alpha2() -> Mapping[str, str]:
    return MappingProxyType({c.alpha3: c.alpha2 for c in _countries().values()})


@functools.cache
def _region_name_pool() -> Mapping[str, str]:
    """Folded country and group names for fuzzy matching, to the code they stand for."""
    pool = {k: v for k, v in _country_names().items() if len(k) >= 4}
    for group in _builtin_groups():
        pool[group.casefold().replace("_", " ")] = group
    return MappingProxyType(pool)


def country_from_name(name: str) -> str | None:
    """Alpha-2 code for a country name, alpha-2/alpha-3 code or common alias.

    Case, accents, punctuation and a leading "the" are ignored: "united kingdom", "UK",
    "U.S.", "USA", "Côte d'Ivoire", "Deutschland" all resolve. Ambiguous names such as
    "Korea" return None.
    """
    return _country_names().get(_fold(name))


@functools.cache
def _subdivision_names() -> Mapping[str, tuple[str, ...]]:
    names: dict[str, list[str]] = {}
    for code, (_, name) in _subdivisions().items():
        # Some iso-codes names carry the other official form in brackets.
        base = re.sub(r"\s*\[[^]]*\]", "", name) if "[" in name else name
        for form in (base, *_name_variants(base)):
            codes = names.setdefault(_fold(form), [])
            if code not in codes:
                codes.append(code)
    return MappingProxyType({k: tuple(v) for k, v in names.items()})


# --- currencies ----------------------------------------------------------------------


@functools.cache
def _currency_names() -> Mapping[str, str]:
    return MappingProxyType({code: _fold(name) for code, name in _currencies().items()})


def currency_name(code: str) -> str | None:
    """ISO 4217 name for an upper-case alpha-3 code ("EUR" -> "Euro")."""
    return _currencies().get(code)


def is_currency(code: str) -> bool:
    return code in _currencies()


# --- suggestions ---------------------------------------------------------------------

_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_DIGITS = "0123456789"


def _edits1(word: str, alphabet: str) -> Iterator[str]:
    """Strings one edit from ``word``, likeliest typo first: swaps, then replacements."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for a, b in splits:
        if len(b) > 1:
            yield a + b[1] + b[0] + b[2:]
    for a, b in splits:
        if b:
            yield from (a + c + b[1:] for c in alphabet if c != b[0])
    for a, b in splits:
        if b:
            yield a + b[1:]
    for a, b in splits:
        yield from (a + c + b for c in alphabet)


def _first_tier(tiers: Iterable[Iterable[str]], limit: int) -> list[str]:
    """Candidates from the most confident tier that has any.

    "UK" is certainly GB; listing CK and DK after it would only add noise, so fuzzier
    tiers are consulted (and their indexes built) only when surer ones come up empty.
    """
    for tier in tiers:
        found = list(dict.fromkeys(tier))[: max(limit, 0)]
        if found:
            return found
    return []


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _suggest_naics(value: str, limit: int) -> Iterator[Iterable[str]]:
    table = _naics()
    compact = re.sub(rf"\s*[-{_DASHES}_/]\s*", "-", value.strip())
    compact = re.sub(r"[\s.]", "", compact)
    digits = re.sub(r"\D", "", compact)
    letters = re.sub(r"[^a-z]", "", compact.casefold().replace("naics", ""))
    if compact not in table and len(digits) >= 2 and len(letters) <= 1:
        compact = digits  # "NAICS 621111", "62111x"
    if compact in table:
        yield [compact]
    elif compact.isdigit():
        # A wrong last digit keeps the industry group: prefer codes sharing more of the
        # typed prefix, then the likelier kind of typo.
        near = [c for c in _edits1(compact, _DIGITS) if c in table]
        near.sort(key=lambda c: -_shared_prefix(c, compact))
        yield near
        # Too long or unknown: the longest valid code it starts with ("5415111").
        longest = next(
            (compact[:end] for end in range(min(len(compact), 6), 1, -1) if compact[:end] in table),
            None,
        )
        yield [longest] if longest else []
    else:
        exact = _naics_index().by_title.get(_fold(value))
        if exact is not None:
            yield [_naics_index().entries[exact][0]]
        yield (code for code, _ in naics_suggestions(value, limit))


def _suggest_currency(value: str) -> Iterator[Iterable[str]]:
    table = _currencies()
    key = value.strip().upper()
    folded = _fold(value)
    names = _currency_names()
    yield [
        *([key] if key in table else []),
        *([_CURRENCY_ALIASES[key]] if key in _CURRENCY_ALIASES else []),
        *sorted(code for code, name in names.items() if folded and name == folded),
    ]
    if folded:
        by_name = sorted(
            (not name.startswith(folded), len(name), code)
            for code, name in names.items()
            if f" {folded} " in f" {name} "
        )
        yield (code for *_, code in by_name)
    if re.fullmatch(r"[A-Z]{2,4}", key):
        yield (c for c in _edits1(key, _LETTERS) if c in table)


def _suggest_region(value: str) -> Iterator[Iterable[str]]:
    countries, subdivisions, groups = _countries(), _subdivisions(), _builtin_groups()
    key = re.sub(rf"[\s_\-{_DASHES}]+", "-", value.strip().upper()).strip("-")
    head, sep, tail = key.partition("-")
    head = _alpha3_to_alpha2().get(head, _COUNTRY_CODE_ALIASES.get(head, head))
    fixed = head + sep + tail  # "UK-ENG" -> "GB-ENG", "USA-CA" -> "US-CA"
    if key in countries or key in subdivisions or key in groups:
        yield [key]
    sure = [
        code
        for code in (fixed, key.replace("-", "_"), f"{key[:2]}-{key[2:]}")  # ..., "CAQC"
        if code in countries or code in subdivisions or code in groups
    ]
    by_name = country_from_name(value)
    folded = _fold(value)
    # Short values are codes gone wrong, not place names: skip the costly name index.
    by_subdivision = _subdivision_names().get(folded, ()) if len(folded) > 3 else ()
    yield [*sure, *([by_name] if by_name else []), *by_subdivision]
    if sep and head in countries and tail.isalnum():
        yield (
            f"{head}-{t}"
            for t in _edits1(tail, _LETTERS + _DIGITS)
            if f"{head}-{t}" in subdivisions
        )
    elif re.fullmatch(r"[A-Z]{2}", key):
        yield (c for c in _edits1(key, _LETTERS) if len(c) == 2 and c in countries)
    if len(folded) >= 4:
        import difflib

        pool = _region_name_pool()
        yield (pool[m] for m in difflib.get_close_matches(folded, pool, n=3, cutoff=0.8))


def suggest_codes(
    value: str, kind: Literal["naics", "region", "currency"], limit: int = 3
) -> list[str]:
    """Valid codes that ``value`` probably meant, best first ("UK" -> ["GB"]).

    A value that is already valid comes back alone, as itself. Region suggestions may be
    built-in group names ("dach" -> "DACH"); naics suggestions for words come from
    naics_suggestions(). An empty list means nothing close enough.
    """
    if kind == "naics":
        return _first_tier(_suggest_naics(value, limit), limit)
    if kind == "currency":
        return _first_tier(_suggest_currency(value), limit)
    if kind == "region":
        return _first_tier(_suggest_region(value), limit)
    raise ValueError(f"unknown code kind {kind!r}")
