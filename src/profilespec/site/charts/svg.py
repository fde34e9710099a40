"""SVG (and the bit of HTML around it) as a small tree that escapes everything put into it.

SVG is XML inside HTML: a profile title that reached the markup as-is could close a
``<title>``, add an ``onload`` attribute or a ``javascript:`` link. So nothing here is ever
written by string formatting: tags and attribute names are ours and checked against a fixed
list, every text node and attribute value is escaped (and stripped of characters XML cannot
carry), and links go through :func:`profilespec.site.markup.safe_url`.

The output also lands inside Markdown, as a raw HTML block that Python-Markdown keeps
verbatim, but only after text-level preprocessors have run over it. It is therefore written
on one line (no user text can start a line, where ``--8<--`` snippets live), and the
characters Markdown extensions react to (``{`` for CriticMarkup, backquotes, ``$``, ``|``,
backslashes) are written as character references, which read the same to a browser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from profilespec.site.markup import safe_url

SVG_NAMESPACE = "http://www.w3.org/2000/svg"

_SVG_TAGS = frozenset(
    {"svg", "g", "rect", "line", "path", "circle", "polygon", "text", "tspan", "title", "desc", "a"}
)
_HTML_TAGS = frozenset(
    {
        "figure",
        "figcaption",
        "details",
        "summary",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
        "div",
        "p",
        "ul",
        "li",
        "h1",
        "h2",
        "h3",
        "section",
        "header",
        "main",
        "small",
        "strong",
        "code",
    }
)
_TAGS = _SVG_TAGS | _HTML_TAGS
_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
# Characters XML 1.0 cannot carry at all (a parser stops at them), and lone surrogates.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_WHITESPACE = re.compile(r"\s+")
_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    "{": "&#123;",
    "}": "&#125;",
    "`": "&#96;",
    "$": "&#36;",
    "|": "&#124;",
    "\\": "&#92;",
}
_TO_ESCAPE = re.compile("[" + re.escape("".join(_REFERENCES)) + "]")

Attribute: TypeAlias = str | int | float | None


def clean(value: object) -> str:
    """User text as one line of characters XML can carry (whitespace runs collapse)."""
    return _WHITESPACE.sub(" ", _NOT_XML.sub("", str(value)))


def escape(value: object) -> str:
    """Text or an attribute value, safe in XML, in HTML and inside a Markdown document."""
    return _TO_ESCAPE.sub(lambda match: _REFERENCES[match.group()], clean(value))


def number(value: float) -> str:
    """A coordinate: at most two decimals, no ``-0``, never ``nan``."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite coordinate: {value!r}")
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Element:
    """One tag with its attributes and children (elements or text, escaped when rendered)."""

    tag: str
    attributes: dict[str, Attribute] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def add(self, *children: Element | str | None) -> Element:
        self.children.extend(child for child in children if child is not None and child != "")
        return self

    def render(self) -> str:
        parts = [f"<{self.tag}"]
        for name, value in self.attributes.items():
            if value is None:
                continue
            shown = number(value) if isinstance(value, int | float) else escape(value)
            parts.append(f' {name}="{shown}"')
        if not self.children:
            return "".join(parts) + ("/>" if self.tag in _SVG_TAGS else f"></{self.tag}>")
        parts.append(">")
        for child in self.children:
            parts.append(child.render() if isinstance(child, Element) else escape(child))
        parts.append(f"</{self.tag}>")
        return "".join(parts)


def el(
    tag: str, attributes: dict[str, Attribute] | None = None, *children: Element | str
) -> Element:
    """An element; ``class_`` in ``attributes`` is written ``class``."""
    if tag not in _TAGS:
        raise ValueError(f"tag <{tag}> is not one the charts write")
    checked: dict[str, Attribute] = {}
    for written, value in (attributes or {}).items():
        name = written.rstrip("_").replace("_", "-")
        # Event handlers and links are the two ways markup runs code: neither is written here
        # except links through link(), which checks the URL.
        if not _ATTRIBUTE_NAME.match(name) or name.startswith("on") or name in ("href", "style"):
            raise ValueError(f"attribute {name!r} is not one the charts write")
        checked[name] = value
    return Element(tag, checked).add(*children)


def link(href: str | None, *children: Element | str, title: str | None = None) -> Element:
    """``children`` inside a link when ``href`` is http(s) or relative, else a plain group.

    Works in SVG and HTML alike (``<a>`` is both); ``title`` is the hover text.
    """
    target = safe_url(href) if href else None
    node = Element("a" if target else "g" if _is_svg(children) else "span")
    if target:
        node.attributes["href"] = target
    if title and node.tag == "a" and not _is_svg(children):
        node.attributes["title"] = title
    return node.add(*children)


def _is_svg(children: Sequence[Element | str]) -> bool:
    return any(isinstance(child, Element) and child.tag in _SVG_TAGS for child in children)


def titled(
    tag: str, title: str, desc: str | None, attributes: dict[str, Attribute], *rest: Element
) -> Element:
    """A mark with its hover text (``<title>``) and longer description (``<desc>``).

    Screen readers announce the title as the mark's name and the desc as its description.
    """
    node = el(tag, attributes, el("title", {}, title))
    if desc:
        node.add(el("desc", {}, desc))
    return node.add(*rest)


# --- text without a font: widths good enough to keep labels inside their boxes -------------

# Average advance widths in em of a sans-serif UI font (Roboto, Helvetica, Arial are within a
# few percent of each other), rounded up: a label measured here is never wider in a browser.
_NARROW = frozenset("iljI!|.,:;'`")
_SEMI = frozenset("frt()[]{}-/ ")
_WIDE = frozenset("mwMW@%")


def text_width(text: str, size: float) -> float:
    """The width ``text`` takes at font size ``size``, estimated from character classes."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.3
        elif char in _SEMI:
            width += 0.38
        elif char in _WIDE:
            width += 0.9
        elif char.isupper() or char.isdigit():
            width += 0.68 if char.isupper() else 0.58
        elif ord(char) > 0x2E7F:  # CJK and other full-width scripts
            width += 1.0
        else:
            width += 0.56
    return width * size


def fit(text: str, width: float, size: float) -> str:
    """``text`` cut with an ellipsis so that it fits ``width`` (the whole text if it does)."""
    text = clean(text).strip()
    if text_width(text, size) <= width:
        return text
    ellipsis = "…"
    budget = width - text_width(ellipsis, size)
    kept = ""
    for char in text:
        if text_width(kept + char, size) > budget:
            break
        kept += char
    return (kept.rstrip() + ellipsis) if kept.strip() else ""


def wrap(text: str, width: float, size: float, lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines of ``width``; the last is cut."""
    words = clean(text).strip().split(" ")
    out: list[str] = []
    current = ""
    for index, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if text_width(candidate, size) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[index:])
            break
    out.append(current)
    return [fit(line, width, size) for line in out[:lines] if line]


# --- the figure: picture, caption, notes and the same facts as a table ----------------------


@dataclass(frozen=True)
class Link:
    """A table cell that links somewhere (shown as text when the URL is not safe)."""

    text: str
    href: str | None


Cell: TypeAlias = str | Link


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def element(self) -> Element:
        head = el("thead", {}, el("tr", {}, *(el("th", {}, h) for h in self.headers)))
        body = el("tbody")
        for row in self.rows:
            body.add(el("tr", {}, *(el("td", {}, _cell(cell)) for cell in row)))
        return el("table", {}, head, body)


def _cell(cell: Cell) -> Element | str:
    return link(cell.href, cell.text) if isinstance(cell, Link) else cell


@dataclass(frozen=True)
class Figure:
    """A chart as it is published: the SVG, what it shows, what it cannot, and a table.

    ``svg`` is None when there is nothing to draw; the notes then say why.
    """

    name: str
    caption: str
    svg: Element | None
    table: Table | None = None
    notes: tuple[str, ...] = ()
    table_summary: str = "The chart as a table"

    def element(self) -> Element:
        figure = el("figure", {"class_": f"ps-chart ps-chart--{self.name}"})
        if self.svg is not None:
            figure.add(el("div", {"class_": "ps-chart__frame"}, self.svg))
        caption = el("figcaption", {}, self.caption)
        for note in self.notes:
            caption.add(" ", el("span", {"class_": "ps-chart__note"}, note))
        figure.add(caption)
        if self.table is not None and self.table.rows:
            figure.add(
                el(
                    "details",
                    {"class_": "ps-chart__table"},
                    el("summary", {}, self.table_summary),
                    self.table.element(),
                )
            )
        return figure

    def html(self) -> str:
        """The figure as one line of HTML, ready to be a raw block in Markdown."""
        return self.element().render()


def svg_root(width: float, height: float, title: str, desc: str, *children: Element) -> Element:
    """The ``<svg>`` element of a chart, scaled by the page (``viewBox``), text in user units."""
    root = Element(
        "svg",
        {
            "xmlns": SVG_NAMESPACE,
            "class": "ps-svg",
            "viewBox": f"0 0 {number(width)} {number(height)}",
            "width": width,
            "height": height,
            "font-size": 12,
        },
    )
    return root.add(el("title", {}, title), el("desc", {}, desc), *children)


def join(items: Iterable[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    listed = [item for item in items if item]
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} {last} {listed[-1]}"
