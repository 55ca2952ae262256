"""Themes: Jinja2 templates, UI strings and static assets, layered site over built-in.

A site's ``theme/`` overrides the built-in theme file by file: templates, strings
in ``i18n/<language>.toml`` (key by key) and assets in ``static/``. A site
template may extend the built-in one it replaces as ``builtin/<name>``.

Assets get a content hash in their name (``assets/css/site.3f9a1c2e.css``) so
hosts can cache them for long; templates link them with ``asset("css/site.css")``.
This module, sitegen.templating and sitegen.shortcodetemplates are the only ones that
import ``jinja2``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import jinja2.meta
from markupsafe import Markup

from sitegen import uistrings
from sitegen.assetnames import Fingerprinted
from sitegen.assetnames import fingerprint as fingerprint_assets
from sitegen.config import LANGUAGES, Config
from sitegen.dates import DATE_FIELDS, DateFormatError, format_date, rfc822, rfc3339
from sitegen.discover import THEME_DIR, builtin_theme_dir, leads_out, left_out, walk
from sitegen.errors import Problem, Problems, SiteError, suggestion
from sitegen.shortcodetemplates import SHORTCODES, ShortcodeTemplate, shortcode_templates
from sitegen.templating import (
    CompiledTemplates,
    Missing,
    Reader,
    TemplateFiles,
    TemplateMistake,
    Undefined,
    argument_mistake,
    calls_in,
    lang_attr,
    of_the_build,
)
from sitegen.urls import absolute_url, file_url

_BUILTIN = "builtin"  # {% extends "builtin/article.html" %}: the built-in theme's template


@dataclass(frozen=True)
class Layer:
    """One theme folder and how its files are named in messages."""

    root: Path
    label: str  # "theme" for the site's own, "built-in theme" for ours
    # The folder its links may lead within (see discover.walk): the site's, or ours.
    site: Path

    def files(self, folder: str) -> list[str]:
        """The files of its ``folder`` (templates, i18n, static), as walk finds them."""
        return walk(self.root, folder, site=self.site)


def _layers(site_dir: Path | None) -> list[Layer]:
    builtin = Layer(builtin_theme_dir(), "built-in theme", builtin_theme_dir())
    own = site_dir / THEME_DIR if site_dir else None
    if own and own.is_dir():
        return [Layer(own, THEME_DIR, own.parent), builtin]
    return [builtin]


class Theme:
    """The templates, strings and assets a site renders with."""

    def __init__(
        self, config: Config, site_dir: Path | None = None, compiled: Path | None = None
    ) -> None:
        """``compiled``: a folder to keep compiled templates in between processes, for
        this version of sitegen (Jinja checks each template's source against them)."""
        self.config = config
        self.layers = _layers(site_dir)
        self.env = self._environment(compiled)
        self.digest = ""  # set by refresh
        self._scanned: tuple[str, uistrings.Calls] | None = None  # see _calls
        # The last assets' names, by their bytes and labels: naming reads every script.
        self._named: tuple[tuple[dict[str, bytes], dict[str, str]], Fingerprinted] | None = None
        self.refresh()

    def refresh(self) -> None:
        """Read the strings and assets again, for another build with the same layers.

        The compiled templates are what makes a theme worth keeping: they are
        compiled again only when a theme file changed. (Jinja's own check for that
        is off: it looks at the template's file each time one is used, several
        times a page.)
        """
        before = self.digest
        self.warnings: tuple[Problem, ...] = tuple(self._left_out())
        self.strings = self._load_strings()
        self.assets, self.rewritten = self._assets()
        self.digest, self.pages_digest = self._digest()
        if before != self.digest:  # what the shortcodes' templates read, parsed again
            self.shortcodes, self._shortcode_warnings = self._shortcodes()
        self.warnings += self._shortcode_warnings
        if before and before != self.digest and self.env.cache is not None:
            self.env.cache.clear()
        self._shared: dict[tuple[str, int], tuple[object, Markup]] = {}

    def serves(self, config: Config, site_dir: Path | None) -> bool:
        """This theme can render ``config``'s site (the same configuration and folders)."""
        return config == self.config and _layers(site_dir) == self.layers

    def _digest(self) -> tuple[str, str]:
        """A digest of every file of every layer, which any theme edit changes; and one
        of what every page is rendered with: all but the templates of shortcodes, whose
        digests go into those of the articles that use them (see ShortcodeTemplate),
        unless another template of the site's names that folder (includes one)."""
        digest = hashlib.blake2b(digest_size=16)
        pages = hashlib.blake2b(digest_size=16)
        files = [
            (layer, relative, (layer.root / relative).read_bytes())
            for layer in self.layers
            for relative in (*layer.files("templates"), *layer.files("i18n"))
        ]
        shortcode = f"templates/{SHORTCODES}"
        named = any(
            SHORTCODES.encode() in text
            for layer, relative, text in files
            if layer is not self.layers[-1]
            and relative.startswith("templates/")
            and not relative.startswith(shortcode)
        )
        for layer, relative, text in files:
            part = f"{layer.label}/{relative}".encode() + b"\0" + text + b"\0"
            digest.update(part)
            if named or not relative.startswith(shortcode):
                pages.update(part)
        for name, (_, output) in sorted(self.assets.items()):
            part = f"{name}={output}".encode() + b"\0"  # asset names carry their hash
            digest.update(part)
            pages.update(part)
        return digest.hexdigest(), pages.hexdigest()

    def _shortcodes(self) -> tuple[Mapping[str, ShortcodeTemplate], tuple[Problem, ...]]:
        """The shortcodes the theme makes (see shortcode_templates): the site's over the
        built-in theme's."""
        files = [
            (name, self._label(layer, layer.root / "templates" / name))
            for layer in reversed(self.layers)
            for name in _template_files(layer)
        ]
        return shortcode_templates(self.env, files, self.digest)

    def _left_out(self) -> list[Problem]:
        """A warning for each file of the site's theme/ that is not read (see walk): a
        link that leads out of the site, to nothing, or to a folder."""
        if len(self.layers) == 1:  # the built-in theme alone
            return []
        site, skipped = self.layers[0].site, list[str]()
        walk(site, THEME_DIR, skipped)
        return left_out(site, skipped)

    # -- strings ---------------------------------------------------------------

    def _load_strings(self) -> Mapping[str, str]:
        """The UI strings, site's over built-in; their mistakes raised, and their
        warnings kept (see uistrings)."""
        layers = [
            uistrings.Layer(
                layer.root / "i18n",
                self._label(layer, layer.root / "i18n"),
                layer.label == THEME_DIR,
                layer.site,
            )
            for layer in reversed(self.layers)
        ]
        language = self.config.language
        file = f"{language}.toml"
        own = [layer for layer in layers if layer.own]
        # Every language the site's theme has a file of, checked whatever the site's is:
        # an English version being prepared is told its mistakes now, not on the switch.
        problems = Problems()
        languages = _languages(own, problems)
        calls = self._calls() if languages else None
        builtin = self.layers[-1].root / "i18n"
        found, of_language = uistrings.load(layers, language, builtin, calls)
        problems.add(of_language)
        for other in languages:
            if other != language:
                problems.add(uistrings.load(own, other, builtin, calls)[1])
        problems.raise_if_errors()
        self.warnings += tuple(problems.warnings)
        self._strings = found
        self._strings_file = f"{THEME_DIR}/i18n/{file}"  # where a site's own would go
        return {key: found.text for key, found in found.items()}

    def _calls(self) -> uistrings.Calls:
        """How the site's own templates call ``t()``: the keys and the names of the
        values they give. Read again only when one of them changed."""
        sources: dict[Path, bytes] = {}
        stamp = hashlib.blake2b(digest_size=16)
        for layer in self.layers[:-1]:  # the site's own
            for relative in layer.files("templates"):
                path = layer.root / relative
                sources[path] = path.read_bytes()
                stamp.update(f"{path}\0{len(sources[path])}\0".encode() + sources[path])
        if self._scanned is None or self._scanned[0] != stamp.hexdigest():
            self._scanned = (stamp.hexdigest(), calls_in(self.env, sources))
        return self._scanned[1]

    def translate(self, *key: object, **values: object) -> str:
        """The UI string ``key`` in the site's language, with ``{name}`` filled in. With a
        ``count`` of 1, the string ``key_one`` when the language has one (1 result, but
        2 results: the key's own); a ``_one`` form a language lacks is the key's own.

        Every ``{name}`` of the string must be given a value, but for the strings the
        browser fills in, which come as they are when given none (see uistrings.fill).
        """
        return _translate(self._strings, self._strings_file, key, values)

    def translator(self, language: str) -> Callable[..., str]:
        """``t`` for a part of a page written in ``language`` (an article's body, and the
        calculators in it): :meth:`translate` in the site's language, the built-in theme's
        strings in another, as a site's theme overrides only the site's language."""
        if language == self.config.language:
            return self.translate
        strings = uistrings.builtin_strings(language)
        file = f"{THEME_DIR}/i18n/{language}.toml"
        return lambda *key, **values: _translate(strings, file, key, values)

    def locale_of(self, *language: object) -> str:
        """The locale of a page in ``language`` (its og:locale): the theme's
        ``og_locale`` for the site's language, the built-in theme's for another."""
        if len(language) != 1 or language[0] not in LANGUAGES:
            example = "locale_of(page.language or lang)"
            raise argument_mistake("locale_of", language, "a language", example)
        if language[0] == self.config.language:
            return self.translate("og_locale")
        return uistrings.builtin_texts(str(language[0]))["og_locale"]

    def phrase(self, phrase: uistrings.Phrase) -> str:
        """``phrase`` in the site's language, its values that are phrases too."""
        values = {
            name: self.phrase(value) if isinstance(value, uistrings.Phrase) else value
            for name, value in phrase.values
        }
        return self.translate(phrase.key, **values)

    # -- assets ----------------------------------------------------------------

    def _assets(self) -> tuple[Mapping[str, tuple[Path, str]], Mapping[str, bytes]]:
        """Asset name → (file, fingerprinted output path), site files over built-in; and
        the stylesheets whose references to other assets were rewritten, by name, with
        their new bytes (see stylesheets)."""
        found: dict[str, tuple[Layer, Path]] = {}
        for layer in reversed(self.layers):
            for relative in layer.files("static"):
                found[relative[len("static/") :]] = (layer, layer.root / relative)
        files = {name: path.read_bytes() for name, (_, path) in sorted(found.items())}
        labels = {name: self._label(layer, path) for name, (layer, path) in found.items()}
        if self._named is None or self._named[0] != (files, labels):  # else as last build
            self._named = ((files, labels), fingerprint_assets(files, labels))
        named = self._named[1]
        self.warnings += named.warnings
        assets = {name: (found[name][1], output) for name, output in named.outputs.items()}
        return assets, named.rewritten

    def asset_url(self, *names: object) -> str:
        """The address of the theme's file ``static/<name>``, with its hash in it."""
        if len(names) != 1 or not isinstance(names[0], str):
            raise argument_mistake(
                "asset", names, "the name of a file in the theme's static/", 'asset("css/site.css")'
            )
        name = names[0]
        try:
            return file_url(self.config.base_path, self.assets[name][1])
        except KeyError:
            message = f"asset({name!r}): the theme has no file static/{name}"
            hint = suggestion(name, sorted(self.assets), otherwise=f"add it to {THEME_DIR}/static/")
            raise TemplateMistake(message, hint, of_data=False) from None

    # -- templates -------------------------------------------------------------

    def _environment(self, compiled: Path | None) -> jinja2.Environment:
        loaders: list[jinja2.BaseLoader] = [self._template_files(layer) for layer in self.layers]
        builtin = self._template_files(self.layers[-1])
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader([jinja2.PrefixLoader({_BUILTIN: builtin}), *loaders]),
            autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
            undefined=Undefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # see refresh
            bytecode_cache=CompiledTemplates(str(compiled)) if compiled else None,
        )
        language = self.config.language
        env.filters["rfc3339"] = rfc3339
        env.filters["rfc822"] = rfc822
        env.filters["date"] = of_the_build(self._date)
        env.filters["isodate"] = lambda value: value.isoformat() if value else ""
        env.filters["absolute"] = of_the_build(lambda url: absolute_url(url, self.config.origin))
        env.filters["lang_attr"] = lang_attr
        env.globals.update(
            t=self.translate,
            asset=self.asset_url,
            lang=language,
            locale_of=self.locale_of,
            shared=self.shared,
        )
        return env

    def _date(self, value: object, pattern: object = None) -> str:
        """The ``date`` filter: ``value`` by ``pattern``, else by the site's ``date_format``,
        else as the language writes dates."""
        if isinstance(value, jinja2.Undefined):
            return str(value)  # the error of a misspelt name, or "" (see Undefined)
        if value is not None and not isinstance(value, dt.date):
            raise TemplateMistake(f"date: {value!r} is not a date")
        if pattern is not None and not isinstance(pattern, str):
            raise TemplateMistake(
                f'date: the format must be text, like "%d %B %Y", not {pattern!r}', of_data=False
            )
        try:
            return format_date(
                value, self.config.language, pattern or self.config.date_format or None
            )
        except DateFormatError as error:
            raise TemplateMistake(f"date({pattern!r}): {error}", _DATE_HINT, False) from None

    @jinja2.pass_context
    def shared(self, context: jinja2.runtime.Context, template: str) -> Markup:
        """``template`` rendered with only ``site``, once per build and reused.

        For parts that are the same on every page (the sidebar): rendering them
        once instead of on each of thousands of pages is a large share of a build.
        A page found to hold a part as it is, as often as it was put in, gets only
        the new part put in when the part alone changes (see pagewriter): a page
        that also computed with it (its length, say) would keep the old result.
        """
        site = context["site"]
        if isinstance(site, Reader):
            site.parts.append(template)
            site = site.view
        return self._shared_part(template, site)

    def part(self, template: str, site: object) -> str:
        """The shared part ``template`` for the site view ``site`` (see shared)."""
        with self._template_errors():
            return str(self._shared_part(template, site))

    def _shared_part(self, template: str, site: object) -> Markup:
        key = (template, id(site))
        cached = self._shared.get(key)
        if cached is None or cached[0] is not site:
            try:
                cached = (site, Markup(self.env.get_template(template).render(site=site)))
            except Missing as error:
                if str(error).endswith("' is undefined"):  # a name a page has: 'page'
                    error.hint = _SHARED_HINT.format(template=template)
                raise
            self._shared[key] = cached
        return cached[1]

    def render(self, template: str, context: Mapping[str, Any], page: str = "") -> str:
        """Render ``template``; template mistakes become a SiteError with file:line, and
        those that may come of the data name the ``page`` being rendered."""
        with self._template_errors(page):
            return self.env.get_template(template).render(context)

    def compile_all(self) -> list[Problem]:
        """The mistakes found compiling every template of every layer, as Hugo parses
        each at start: a syntax error in one that no page uses today (a partial not
        included yet, the layout of a scheduled article) is told now, not on the day a
        page first uses it. Each file is compiled once, under the name pages know it
        by; compiled templates are kept (in memory, and in the cache folder), so a
        build that rendered them before only looks them up. Only files named as
        templates are (see TEMPLATE_SUFFIXES)."""
        problems: list[Problem] = []
        own = {name for layer in self.layers[:-1] for name in _template_files(layer)}
        for layer in self.layers:
            builtin = layer is self.layers[-1]
            for name in _template_files(layer):
                # A built-in template that the site's replaces is known as builtin/….
                known_as = f"{_BUILTIN}/{name}" if builtin and name in own else name
                try:
                    with self._template_errors():
                        self.env.get_template(known_as)
                except SiteError as error:  # a file not in UTF-8 too: see TemplateFiles
                    problems += error.problems
        return problems

    def template_names(self) -> list[str]:
        return sorted(set(self.env.list_templates()))

    @contextmanager
    def _template_errors(self, page: str = "") -> Iterator[None]:
        try:
            yield
        except SiteError:  # a template that does not read (see TemplateFiles): its own error
            raise
        except jinja2.TemplateSyntaxError as error:
            raise SiteError.at(
                self._where(error.filename), error.lineno, f"template syntax error: {error.message}"
            ) from None
        except jinja2.TemplateNotFound as error:  # named by {% include %}, {% extends %}…
            filename, line = self._template_frame(error)
            message, hint = self._not_found(str(error.name))
            raise SiteError.at(self._where(filename), line, message, hint) from None
        except Exception as error:  # raised by the template's own code: a mistake in it
            filename, line = self._template_frame(error)
            if filename is None:
                raise
            message = f"template error: {error}"
            if page and getattr(error, "of_data", True):  # which page: which data
                message += f"; rendering {page}"
            hint = getattr(error, "hint", "")
            if isinstance(error, RecursionError):
                hint = _RECURSION_HINT
            raise SiteError.at(self._where(filename), line, message, hint) from None

    def _not_found(self, name: str) -> tuple[str, str]:
        """What to say of a template ``name`` that the theme does not have, and a hint:
        the closest name there is (``builtin/`` names only the built-in theme's)."""
        builtin = name.startswith(f"{_BUILTIN}/")
        known = [n for n in self.template_names() if n.startswith(f"{_BUILTIN}/") == builtin]
        if builtin:
            message = f"the built-in theme has no template {name.removeprefix(f'{_BUILTIN}/')!r}"
            otherwise = "after builtin/ comes a built-in template's name: builtin/article.html"
        else:
            message = f"the theme has no template {name!r}"
            otherwise = f"add it to your {THEME_DIR}/templates/"
        # Names share much (partials/…, builtin/….html): only a near one is meant.
        return message, suggestion(name, known, otherwise=otherwise, close=0.85)

    def _template_frame(self, error: BaseException) -> tuple[str | None, int]:
        """The innermost template file and line in ``error``'s traceback: a frame of a
        template is one of a file in a layer's ``templates/``, whatever its name
        (``partials/icon.svg``)."""
        folders = [str(layer.root / "templates") + os.sep for layer in self.layers]
        found: tuple[str | None, int] = (None, 0)
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename.startswith(tuple(folders)):
                found = (frame.filename, frame.lineno or 0)
        return found

    def _template_files(self, layer: Layer) -> TemplateFiles:
        label = functools.partial(self._label, layer)
        return TemplateFiles(layer.root / "templates", label, layer.site)

    def _where(self, filename: str | None) -> str:
        if not filename:
            return ""
        path = Path(filename)
        for layer in self.layers:
            if path.is_relative_to(layer.root):
                return self._label(layer, path)
        return path.name

    def _label(self, layer: Layer, path: Path) -> str:
        relative = path.relative_to(layer.root).as_posix()
        return (
            f"{THEME_DIR}/{relative}" if layer.label == THEME_DIR else f"({layer.label}) {relative}"
        )


def _translate(
    strings: Mapping[str, uistrings.UiString],
    file: str,
    key: tuple[object, ...],
    values: Mapping[str, object],
) -> str:
    """``t(*key, **values)`` with ``strings``; ``file``: where a site's own would go."""
    if len(key) != 1 or not isinstance(key[0], str):
        raise argument_mistake("t", key, "the key of a UI string", 't("read_more")')
    try:
        return uistrings.fill(strings, key[0], values, file)
    except uistrings.StringMistake as error:  # whatever the page: not of its data
        raise TemplateMistake(str(error), error.hint, of_data=False) from None


def _languages(own: list[uistrings.Layer], problems: Problems) -> list[str]:
    """The languages the site's theme has strings of; another ``.toml`` of its i18n
    folder (a backup ``ja.old.toml``) is no language sitegen knows, and not read: a
    warning in ``problems``, not an error."""
    files = " and ".join(f"{language}.toml" for language in LANGUAGES)
    found: set[str] = set()
    for layer in own:
        for path in sorted(layer.folder.glob("*.toml")):
            if leads_out(layer.site, path):  # told by Theme._left_out
                continue
            if path.stem in LANGUAGES:
                found.add(path.stem)
                continue
            problems.warn(
                f"{path.stem!r} is not a language sitegen knows: {', '.join(LANGUAGES)}",
                hint=f"rename or remove it: only {files} are read",
                path=f"{layer.label}/{path.name}",
            )
    return sorted(found)


# What a template's file is named: the suffixes of the pages and parts a theme writes
# (HTML, feeds and sitemaps, robots.txt, JSON, SVG icons) and of Jinja's own. Other
# files in templates/ (a README.md with Jinja examples, a screenshot.png, Windows'
# Thumbs.db) are not compiled by compile_all, which would fail the build on them; a
# template that includes one by name still renders it, its mistakes told then.
TEMPLATE_SUFFIXES = frozenset(
    {".html", ".htm", ".xml", ".txt", ".json", ".svg", ".jinja", ".j2", ".jinja2"}
)


def _template_files(layer: Layer) -> list[str]:
    """The names of the templates of ``layer``: the files of its ``templates/`` named as
    templates are (see TEMPLATE_SUFFIXES)."""
    return [
        relative.removeprefix("templates/")
        for relative in layer.files("templates")
        if PurePosixPath(relative).suffix.lower() in TEMPLATE_SUFFIXES
    ]


_SHARED_HINT = (
    "{template} is put in with shared(): rendered once for all pages, it sees only site, "
    "not a page's variables (page, article…); include it instead to give it those"
)
_RECURSION_HINT = (
    "a template that includes or extends itself, directly or through another, "
    "or a macro that calls itself without end"
)
_DATE_HINT = "the fields: " + " ".join(DATE_FIELDS) + " (see Themes in the README)"
