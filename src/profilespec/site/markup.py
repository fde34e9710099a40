"""Turning text people wrote in profiles into Markdown that renders as exactly that text.

Profiles are edited by many people and published to a whole company, so nothing in them may
become markup: no raw HTML, no Markdown links or images, no attribute lists (``{: onclick=...}``
with ``attr_list``), no snippet includes (``--8<--`` with ``pymdownx.snippets``). Every piece
of user text goes through :func:`text` (HTML-escaped, then every character Python-Markdown
treats as syntax backslash-escaped); links are built here and only for http(s) and relative
URLs.
"""

from __future__ import annotations

import html
import re
from typing import Any

# Python-Markdown's escapable characters, plus `|` (the tables extension adds it; mkdocs always
# loads tables). Escaping anything else would leave a visible backslash. `>` is left to the
# HTML escaping that follows, as `&gt;` (a backslash before `&` would show).
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_WHITESPACE = re.compile(r"\s+")
# Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_SAFE_SCHEMES = frozenset({"http", "https"})


def text(value: Any) -> str:
    """User text as inert Markdown on one line (whitespace runs, newlines included, collapse)."""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    # Backslashes first, then entities: the other order would break `&#x27;` into `&\#x27;`.
    return html.escape(_MARKDOWN_SYNTAX.sub(r"\\\1", flat), quote=False)


def paragraphs(value: Any) -> str:
    """Multi-paragraph user text (``notes``): blank lines kept, everything else inert."""
    blocks = re.split(r"\n\s*\n", str(value))
    return "\n\n".join(text(block) for block in blocks if block.strip())


def code(value: Any, css_class: str = "") -> str:
    """User text shown in a monospace span (ids, slugs, references); ``css_class`` is ours."""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<code{attribute}>{text(value)}</code>"


def shortened(value: Any, limit: int) -> str:
    """User text cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    flat = _WHITESPACE.sub(" ", str(value)).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def safe_url(url: Any) -> str | None:
    """``url`` when it is http(s) or relative, else ``None`` (``javascript:``, ``data:``, ...)."""
    if not isinstance(url, str) or not url.strip():
        return None
    cleaned = _IGNORED_IN_URL.sub("", url)
    scheme = _SCHEME.match(cleaned)
    if scheme is not None and scheme.group(1).lower() not in _SAFE_SCHEMES:
        return None
    return url.strip()


def link(label: Any, url: Any) -> str:
    """A link when ``url`` is safe; otherwise the label and the URL as plain text."""
    target = safe_url(url)
    if target is None:
        return f"{text(label)} ({code(url)})" if url else text(label)
    return f'<a href="{html.escape(target, quote=True)}">{text(label)}</a>'


def cell(value: Any) -> str:
    """A table cell: like :func:`text`, with an em dash for a missing value."""
    if value is None or value in ("", []):
        return "—"
    return text(value)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A Markdown table from already-escaped cells (headers are ours, not user text)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


_WORDS = {
    "b2b": "B2B",
    "b2c": "B2C",
    "b2b2c": "B2B2C",
    "saas": "SaaS",
    "crm": "CRM",
    "pe": "PE",
    "vc": "VC",
    "it": "IT",
    "hr": "HR",
    "ehs": "EHS",
    "roi": "ROI",
    "c": "C",
}


def words(slug: Any) -> str:
    """``economic_buyer`` -> ``Economic buyer``, ``pe_backed`` -> ``PE backed`` (plain text)."""
    parts = [_WORDS.get(word, word) for word in str(slug).split("_")]
    if parts and parts[0] == parts[0].lower():
        parts[0] = parts[0].capitalize()
    return " ".join(parts)


def label(slug: Any) -> str:
    """:func:`words`, escaped for Markdown."""
    return text(words(slug))
