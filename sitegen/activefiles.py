"""Files of ``content/`` that a browser would run script in, refused while raw HTML is off.

With ``[markdown] unsafe_html = false`` an article cannot run script on the site's
origin: its raw HTML and ``javascript:`` links are removed. A file beside it is
published as it is, so the same rule holds for those a browser runs script in:

- pages (``.html``, ``.htm``, ``.xhtml``, ``.xht``, ``.shtml``, XSLT's ``.xsl`` and
  ``.xslt``, and a gzipped ``.svgz`` that cannot be looked into) are refused;
- XML documents (an SVG picture, ``.xml``, and any file served as ``…/xml`` or
  ``…+xml``) are read with the standard library's expat, and refused when they hold
  active markup (see :class:`_Scan`) or do not parse: a browser shows no picture then,
  and what it would make of the file cannot be checked.

``static/`` is the site owner's own and is not looked at, nor is anything with
``unsafe_html = true``. Entities are expanded as a browser expands them (expat bounds
their growth); one declared from another file, which browsers do not load, is refused.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from sitegen.errors import Problem
from sitegen.mediatypes import content_type

# Served as HTML, XHTML or XSLT by common hosts (GitHub Pages, Netlify, nginx, Apache),
# whatever sitegen's own table says, and how a message names each.
_PAGES = {
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".shtml": "an HTML page",
    ".xhtml": "an XHTML page",
    ".xht": "an XHTML page",
    ".xsl": "an XSLT stylesheet",
    ".xslt": "an XSLT stylesheet",
    ".svgz": "a gzipped SVG picture, which cannot be checked,",
}
_XML_SUFFIXES = (".svg", ".xml")
_OFF = "raw HTML is off ([markdown] unsafe_html = false)"
_STATIC_HINT = "put it in static/ if it is the site owner's own"
_PAGE_HINT = f"write it in Markdown (.md), or {_STATIC_HINT}"
_SVGZ_HINT = f"save it as a plain .svg, which is checked, or {_STATIC_HINT}"
_MARKUP_HINT = (
    "remove it (a picture needs none: an editor's 'plain SVG' export or SVGO leaves it out),"
    f" or {_STATIC_HINT}"
)
_BROKEN_HINT = (
    f"fix the file (an editor's 'plain SVG' export writes one that parses), or {_STATIC_HINT}"
)

XHTML = "http://www.w3.org/1999/xhtml"
# Elements that run script or show another document, in any namespace.
_ACTIVE_ELEMENTS = {
    "script", "foreignobject", "iframe", "frame", "embed", "object", "applet",
    "handler", "listener",
}  # fmt: skip
_ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor"}
_URL_ATTRIBUTES = {"href", "src"}
_PICTURES = {"image", "feimage"}  # a data: picture in them is shown, never run
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:")
_DATA_PICTURE = re.compile(r"data:image/(?:png|jpe?g|gif|webp|avif|bmp)[;,]")
_BLANKS = re.compile(r"[\x00-\x20]+")  # what browsers drop in a URL's scheme


def is_page(path: str) -> bool:
    """Whether ``path`` is a page a browser runs the script of (see _PAGES)."""
    return posixpath.splitext(path)[1].lower() in _PAGES


def is_xml(path: str) -> bool:
    """Whether ``path`` is an XML document a browser renders: an SVG picture, an
    ``.xml`` file, or a file served as XML (``application/rss+xml``)."""
    if path.lower().endswith(_XML_SUFFIXES):
        return True
    media = content_type(path).partition(";")[0]
    return media.endswith(("/xml", "+xml"))


@dataclass
class ActiveFiles:
    """What the files of content/ were found to hold, by path, with the size and
    modification time they had: a file is read again only when those change."""

    seen: dict[str, tuple[int, int, tuple[Problem, ...]]] = field(default_factory=dict)

    def problems(self, site_dir: Path, assets: Iterable[str]) -> list[Problem]:
        """An error for each of ``assets`` (files under content/) that a browser would
        run script in (see the module's docstring)."""
        found: list[Problem] = []
        for path in assets:
            if is_page(path):
                found.append(_page_problem(path))
            elif is_xml(path):
                found += self._checked(site_dir, path)
        return found

    def _checked(self, site_dir: Path, path: str) -> tuple[Problem, ...]:
        try:
            stat = os.stat(site_dir / path)
        except OSError:  # copying it reports it
            return ()
        seen = self.seen.get(path)
        if seen is not None and seen[:2] == (stat.st_size, stat.st_mtime_ns):
            return seen[2]
        problems = xml_problems(site_dir, path)
        self.seen[path] = (stat.st_size, stat.st_mtime_ns, problems)
        return problems


def _page_problem(path: str) -> Problem:
    suffix = posixpath.splitext(path)[1].lower()
    message = f"{_PAGES[suffix]} in content/ runs any script it holds on the site's origin,"
    message += f" and {_OFF}: not published"
    return Problem(path, 0, message, _SVGZ_HINT if suffix == ".svgz" else _PAGE_HINT)


def xml_problems(site_dir: Path, path: str) -> tuple[Problem, ...]:
    """The error for the XML file ``path`` when it holds active markup (the first,
    with how many more) or does not parse; none for an inert one."""
    what = "an SVG picture" if path.lower().endswith(".svg") else "an XML document"
    scan = _Scan()
    try:
        with open(site_dir / path, "rb") as file:
            scan.parser.ParseFile(file)
    except OSError:  # copying it reports it
        return ()
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code)
        message = f"{what} that is not well-formed XML ({reason}): browsers show none of it,"
        message += f" and sitegen cannot check it for script while {_OFF}"
        return (Problem(path, error.lineno, message, _BROKEN_HINT),)
    if not scan.found:
        return ()
    line, markup = scan.found[0]
    more = f" (and {len(scan.found) - 1} more)" if len(scan.found) > 1 else ""
    message = f"{what} holding {markup}, which a browser may run as script on the site's"
    message += f" origin, while {_OFF}: not published{more}"
    return (Problem(path, line, message, _MARKUP_HINT),)


class _Scan:
    """An expat parser that notes, with its line, each piece of active markup: an
    element that runs script or shows another document (``<script>``,
    ``<foreignObject>``, ``<iframe>``…), any element of HTML's namespace, an ``on…``
    event attribute, a ``javascript:`` URL in any attribute, a ``data:`` URL in an
    ``href`` or ``src`` (but a picture's in ``<image>``), an animation that sets a
    link or an event attribute, ``<?xml-stylesheet?>`` (XSLT makes any page), and
    an entity declared from another file."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        parser = self.parser = expat.ParserCreate(namespace_separator=" ")
        parser.namespace_prefixes = True
        parser.StartElementHandler = self._element
        parser.ProcessingInstructionHandler = self._instruction
        parser.EntityDeclHandler = self._entity
        parser.SkippedEntityHandler = self._skipped

    def _note(self, markup: str) -> None:
        self.found.append((self.parser.CurrentLineNumber, markup))

    def _element(self, name: str, attributes: dict[str, str]) -> None:
        uri, local, written = _split(name)
        lowered = local.lower()
        if uri == XHTML:
            self._note(f"<{written}> (an element of HTML)")
        elif lowered in _ACTIVE_ELEMENTS:
            self._note(f"<{written}>")
        for key, value in attributes.items():
            _, attribute, shown = _split(key)
            attribute = attribute.lower()
            url = _BLANKS.sub("", value).lower()
            if attribute.startswith("on"):
                self._note(f'<{written} {shown}="…">')
            elif scheme := _SCRIPT_SCHEME.search(url):
                self._note(f'<{written} {shown}="{scheme.group()}…">')
            elif attribute in _URL_ATTRIBUTES and url.startswith("data:"):
                if not (lowered in _PICTURES and _DATA_PICTURE.match(url)):
                    self._note(f'<{written} {shown}="data:…">')
            elif lowered in _ANIMATIONS and attribute == "attributename":
                target = url.rpartition(":")[2]
                if target in _URL_ATTRIBUTES or target.startswith("on"):
                    self._note(f'<{written} attributeName="{value.strip()}">')

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._note("<?xml-stylesheet?>")

    def _entity(
        self,
        name: str,
        is_parameter: bool,
        value: str | None,
        base: str | None,
        system_id: str | None,
        public_id: str | None,
        notation: str | None,
    ) -> None:
        if system_id is not None or public_id is not None:
            self._note(f"an entity from another file (<!ENTITY {name} SYSTEM …>)")

    def _skipped(self, name: str, is_parameter: bool) -> None:
        self._note(f"an entity declared in another file (&{name};)")


def _split(name: str) -> tuple[str, str, str]:
    """A name as expat gives it (``uri local prefix``): its namespace, its local name,
    and the name as written (``xlink:href``)."""
    parts = name.split(" ")
    if len(parts) == 1:
        return "", name, name
    if len(parts) == 2:
        return parts[0], parts[1], parts[1]
    return parts[0], parts[1], f"{parts[2]}:{parts[1]}"
