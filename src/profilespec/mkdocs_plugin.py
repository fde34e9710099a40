"""The ``profilespec`` mkdocs plugin: publish a handbook's profiles as pages of a docs site.

A thin adapter: the pages come from :mod:`profilespec.site.pages` (plain Markdown, no mkdocs);
this module only lints the handbook, adds the pages to the build in memory (nothing is written
into ``docs/``), and generates the navigation unless the user wrote one.

```yaml
plugins:
  - search
  - profilespec:
      handbook: profiles        # directory holding profilespec.yaml (default: as the CLI finds it)
      section: Handbook         # nav title; its slug is the URL prefix (handbook/); in a
                                # nav you write yourself, `- Handbook: handbook/` expands to it
      fail_on: error            # error | warning | info | never
      show_lint_findings: true
```
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url, nest_paths

from profilespec.site.pages import STYLESHEET, NavItem, Site

_NEVER = "never"


class ProfilespecConfig(Config):  # type: ignore[no-untyped-call]
    handbook = c.Optional(c.Type(str))
    section = c.Type(str, default="Handbook")
    fail_on = c.Choice(("error", "warning", "info", _NEVER), default="error")
    show_lint_findings = c.Type(bool, default=True)


class ProfilespecPlugin(BasePlugin[ProfilespecConfig]):  # type: ignore[no-untyped-call]
    """Lints the handbook and adds its overview, profile, matrix, review and rule pages."""

    def __init__(self) -> None:
        self._generate_nav = False
        self._root: Path | None = None

    @property
    def prefix(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.config.section.lower()).strip("-")
        return slug or "handbook"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._root = self._find_handbook(config)
        self._generate_nav = config.nav is None
        # Lint findings render as admonitions; both themes style them once the extension runs.
        if "admonition" not in config.markdown_extensions:
            config.markdown_extensions.append("admonition")
        config.extra_css.append(f"{self.prefix}/{STYLESHEET}")
        return config

    def _find_handbook(self, config: MkDocsConfig) -> Path:
        """The plugin's `handbook` option, else what ``handbook.locate`` finds from mkdocs.yml."""
        from profilespec.config import ConfigError
        from profilespec.handbook import CONFIG_FILE, HandbookError, find_root, locate

        base = Path(config.config_file_path or ".").resolve().parent
        if not self.config.handbook:
            try:
                return locate(base)
            except (HandbookError, ConfigError) as error:
                raise PluginError(f"profilespec: {error}") from error
        start = base / self.config.handbook
        root = find_root(start) if start.exists() else None
        if root is None:
            raise PluginError(
                f"profilespec: no {CONFIG_FILE} found at or above {start}; set the plugin's "
                "`handbook` option to the directory that holds it"
            )
        return root

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        from profilespec.site.pages import stylesheet

        assert self._root is not None  # set in on_config, which mkdocs always runs first
        site = self._render(self._root, config)
        own_pages = [file.src_uri for file in files.documentation_pages()]
        for page in site.pages:
            # Themes print page titles unescaped (material: in <title>, where "</title><script>"
            # would break out), so the title is set explicitly, already escaped.
            front_matter = f"---\ntitle: {json.dumps(html.escape(page.title))}\n---\n\n"
            files.append(
                File.generated(
                    config, f"{self.prefix}/{page.uri}", content=front_matter + page.content
                )
            )
        files.append(File.generated(config, f"{self.prefix}/{STYLESHEET}", content=stylesheet()))
        generated = self._nav(site.nav)
        if self._generate_nav:
            nav: list[Any] = nest_paths(own_pages)  # type: ignore[no-untyped-call]
            nav.append({html.escape(self.config.section): generated})
            config.nav = nav
        else:
            config.nav = self._splice(config.nav, generated)
        return files

    def _splice(self, nav: Any, generated: list[dict[str, Any]]) -> Any:
        """A user-written nav entry pointing at ``<prefix>/`` becomes the generated section."""
        if isinstance(nav, list):
            return [self._splice(item, generated) for item in nav]
        if isinstance(nav, dict):
            return {title: self._splice(value, generated) for title, value in nav.items()}
        if isinstance(nav, str) and nav.rstrip("/") == self.prefix:
            return generated
        return nav

    def _href(self, config: MkDocsConfig) -> Callable[[str, str], str]:
        """Links between generated pages as mkdocs will serve them (``../personas/x/``).

        Charts are raw HTML, whose links mkdocs does not rewrite the way it rewrites ``.md``
        links in Markdown, so they are written already resolved.
        """
        directory_urls = config.use_directory_urls

        def url(uri: str) -> str:
            path = f"{self.prefix}/{uri}"
            return File(path, None, "", directory_urls).url

        def href(source: str, target: str) -> str:
            return get_relative_url(url(target), url(source))

        return href

    def _render(self, root: Path, config: MkDocsConfig) -> Site:
        from profilespec.config import ConfigError
        from profilespec.diagnostics import Severity
        from profilespec.engine import lint
        from profilespec.handbook import HandbookError
        from profilespec.reporters import ReportOptions, get_reporter
        from profilespec.site.pages import build_site

        try:
            result = lint([], cwd=root)
        except (ConfigError, HandbookError) as error:
            raise PluginError(f"profilespec: {error}") from error
        fail_on = self.config.fail_on
        if fail_on != _NEVER and any(
            diagnostic.severity >= Severity.parse(fail_on) for diagnostic in result.diagnostics
        ):
            report = get_reporter("text").render(result, ReportOptions(cwd=root))
            raise PluginError(
                f"profilespec: the handbook at {root} has lint findings at or above "
                f"`{fail_on}` (plugin option fail_on):\n{report}"
            )
        handbook = result.handbooks[0]
        return build_site(
            handbook,
            result.diagnostics,
            handbook.today(None),
            show_findings=self.config.show_lint_findings,
            href=self._href(config),
        )

    def _nav(self, items: list[NavItem] | tuple[NavItem, ...]) -> list[dict[str, Any]]:
        # Nav titles reach the theme templates unescaped, and these come from profile titles.
        return [
            {
                html.escape(item.title): (
                    f"{self.prefix}/{item.uri}" if item.uri else self._nav(item.children)
                )
            }
            for item in items
        ]

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        if self._root is not None:
            server.watch(str(self._root))
        return server
