"""What a theme's shortcode templates make: ``templates/shortcodes/box.html`` makes
``{{< box >}}``, written in pairs around Markdown when it shows ``inner``.

Each template is read for how its shortcode is written (see ShortcodeSignature:
in pairs or not, the arguments it reads) and for a digest of its text and of the
templates it names, which goes into the digests of the articles that use it (see
Theme.pages_digest). This module, sitegen.theme and sitegen.templating are the only
ones that import ``jinja2``.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jinja2
import jinja2.meta

from sitegen.config import ShortcodeSignature
from sitegen.errors import Problem, SiteError
from sitegen.templating import arguments_read

SHORTCODES = "shortcodes/"  # templates/shortcodes/box.html makes {{< box >}} a shortcode
_SHORTCODE_NAME = re.compile(r"[A-Za-z][\w-]*")  # as a marker writes it (see markup)


@dataclass(frozen=True)
class ShortcodeTemplate:
    """A template of the theme's ``shortcodes/`` folder, which makes a shortcode."""

    template: str  # shortcodes/box.html
    label: str  # where it is, for messages: theme/templates/shortcodes/box.html
    signature: ShortcodeSignature  # how it is written: in pairs, and its arguments
    # Of its text and of the templates it includes, imports or extends: the pages of
    # the articles using it are rendered again when it changes (see Theme.pages_digest)
    digest: str


def shortcode_templates(
    env: jinja2.Environment, files: Iterable[tuple[str, str]], theme_digest: str
) -> tuple[Mapping[str, ShortcodeTemplate], tuple[Problem, ...]]:
    """The shortcodes made by the templates directly in the ``shortcodes/`` folder among
    ``files`` (each a template's name with its label for messages; a later one of a name
    over an earlier), by name; and a warning for each file there whose name no marker
    can write (``my box.html``). ``theme_digest`` stands for every template of the
    theme, for those that name one made while rendering."""
    found: dict[str, ShortcodeTemplate] = {}
    warnings: list[Problem] = []
    for name, label in files:
        folder, _, file = name.rpartition("/")
        stem, suffix = os.path.splitext(file)
        if f"{folder}/" != SHORTCODES or suffix != ".html":
            continue
        if not _SHORTCODE_NAME.fullmatch(stem):
            message = f"{stem!r} is not a shortcode's name, and makes none"
            hint = "a name is a letter, then letters, digits, _ or -"
            warnings.append(Problem(label, 0, message, hint, "warning"))
            continue
        found[stem] = _shortcode(env, name, label, theme_digest)
    return found, tuple(warnings)


def _shortcode(
    env: jinja2.Environment, name: str, label: str, theme_digest: str
) -> ShortcodeTemplate:
    """The shortcode template ``name``: how it is written (see ShortcodeSignature),
    and the digest of its text and of the templates it names (all the theme's when
    it names one made while rendering). The arguments read are those of all these
    templates, which see the same ``args``; a mistake in one is told by compile_all,
    and then any argument is taken."""
    digest = hashlib.blake2b(digest_size=16)
    paired, todo, seen = False, [name], set[str]()
    named: set[str] | None = set()
    count: int | None = 0
    while todo:
        template = todo.pop()
        if template in seen:
            continue
        seen.add(template)
        source, tree = _parsed(env, template)
        if source is not None:
            digest.update(f"{template}\0{source}\0".encode())
        if template == name:
            paired = _shows_inner(source or "", tree)
        if tree is None:
            named = count = None
            continue
        reads, positional = arguments_read(tree)
        named = None if named is None or reads is None else named | reads
        count = None if count is None or positional is None else max(count, positional)
        for included in jinja2.meta.find_referenced_templates(tree):
            if included is None:
                digest.update(theme_digest.encode())
                named = count = None
            else:
                todo.append(included)
    takes = ShortcodeSignature(paired, None if named is None else tuple(sorted(named)), count)
    return ShortcodeTemplate(name, label, takes, digest.hexdigest())


def _parsed(
    env: jinja2.Environment, template: str
) -> tuple[str | None, jinja2.nodes.Template | None]:
    """The text of ``template`` and its tree, each None when it cannot be had (told
    by compile_all, or when rendered)."""
    try:
        source = env.loader.get_source(env, template)[0]  # type: ignore[union-attr]
    except (jinja2.TemplateError, SiteError):
        return None, None
    try:
        return source, env.parse(source)
    except jinja2.TemplateError:
        return source, None


def _shows_inner(source: str, tree: jinja2.nodes.Template | None) -> bool:
    """Whether a shortcode's template shows ``inner``, so that it is written in pairs;
    from its text when it does not compile (compile_all tells why), so that the
    articles, which may well be right, get no error of their own."""
    if tree is not None:
        try:
            return "inner" in jinja2.meta.find_undeclared_variables(tree)
        except jinja2.TemplateError:  # an unknown filter or test, found when compiled
            pass
    return re.search(r"\binner\b", source) is not None
