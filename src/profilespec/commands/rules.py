"""``profilespec rules`` and ``profilespec rule CODE``: the rule catalog, from the rules."""

from __future__ import annotations

import argparse
import sys

from profilespec.cli import EXIT_OK, UsageError


def configure(parser: argparse.ArgumentParser, name: str) -> None:
    if name == "rule":
        parser.add_argument(
            "code", metavar="CODE", help="rule code (PS201) or slug (vague-criterion)"
        )
    else:
        parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")


def run(args: argparse.Namespace) -> int:
    from profilespec import ruledocs
    from profilespec.rules import lookup

    if args.command == "rule":
        rule = lookup(args.code)
        if rule is None:
            raise UsageError(f"no rule {args.code!r}; `profilespec rules` lists them all")
        sys.stdout.write(ruledocs.render_rule(rule))
        return EXIT_OK
    sys.stdout.write(ruledocs.render_catalog(args.format))
    return EXIT_OK
