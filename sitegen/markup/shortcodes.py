"""Shortcodes: ``{{< name arguments >}}`` on a line of its own, as in Hugo.

sitegen knows these:

- ``{{< calculator ID >}}`` places a calculator widget (see :mod:`.calculators`);
- ``{{< figure src="chart.png" caption="図1 売上の推移" >}}`` a picture with a caption,
  its ``src`` a link like any other, its caption inline Markdown (Hugo's markdownify);
  also the other arguments Hugo's figure takes: ``alt`` (by default the caption's
  plain text), ``title``, ``attr`` and ``attrlink`` (an
  attribution, linked) in the caption, ``class`` of the figure, ``link`` with
  ``target`` and ``rel`` around the picture, ``width``, ``height`` and ``loading``;
- ``{{< youtube ID >}}`` a YouTube video (``title``, ``start`` in seconds too), from
  YouTube's privacy-enhanced domain, loaded as it nears the screen;
- ``{{< vimeo ID >}}`` a Vimeo video, its player asked not to track (``dnt=1``);
- ``{{< x user="NAME" id="NUMBER" >}}`` (Hugo's ``tweet`` too) a post on X, and
  ``{{< gist USER ID >}}`` a GitHub gist, each a link to it: X's and GitHub's scripts
  would load from their servers, and track, in every reader's browser;
- ``{{< card other.md >}}`` a blog card (ブログカード): a link to another article of
  the site that shows its picture, title and summary, its path a link like any other.

A theme's template ``shortcodes/NAME.html`` makes ``{{< NAME … >}}`` a shortcode too,
written in pairs around Markdown when the template shows ``inner`` (see :mod:`.custom`);
an opening without its closing, and a closing without its opening, are errors, and an
argument its template never reads (see ShortcodeSignature) is a warning.

A shortcode under a list item, on the line after the item or indented below it, goes
in that item: the list goes on after it rather than being split in two.

A shortcode reads as what it is in any Markdown editor, and is never evaluated as a
template. Arguments are positional (``apology``, ``"apology"``) or named
(``caption="…"``), as in Hugo. A known shortcode that does not stand on a line of its
own (inside a sentence, a heading or a table cell) or is malformed is an error, since
it would be shown as text; so are arguments it does not take. An unknown one
(Hugo's ``instagram``), wherever it stands, is a warning, and stays text, as does Hugo's
``{{% name %}}`` form wherever it stands (for a known name, the warning says to write
``{{< name >}}``). Shortcodes in code are text, so a post can show how to write one.
Hugo's ``highlight`` is a fenced code block, and its ``ref`` and ``relref`` are links
(see :mod:`.migrated`).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.config import ShortcodeSignature
from sitegen.errors import quoted, suggestion
from sitegen.markup.calculators import place_calculator
from sitegen.markup.custom import (
    INNER,
    InnerEnds,
    place_shortcode,
    placed_shortcode,
    shortcode_hint,
    take_inner,
)
from sitegen.markup.links import CARD
from sitegen.markup.prose import as_written, plain_text, visit_prose
from sitegen.markup.state import DocumentState, StateHolder

# One argument: positional or name=, its value bare or in double quotes.
_ARGUMENT = r'(?:(?P<key>[A-Za-z_][\w-]*)=)?(?:"(?P<quoted>[^"\n]*)"|(?P<bare>[^\s"<>{}=]+))'
_SHORTCODE = rf"\{{\{{<\s*(?P<name>[A-Za-z][\w-]*)(?P<arguments>(?:\s+{_ARGUMENT})*)\s*>\}}\}}"
# A whole line of a block: up to three spaces of indent (four make code).
_SHORTCODE_LINE = re.compile(rf"^ {{0,3}}(?P<marker>{_SHORTCODE})[ \t]*$", re.MULTILINE)
# A source line holding only a shortcode, maybe inside a blockquote or a list item.
_ALONE = re.compile(rf"(?:\s*>)*\s*(?:[-*+]\s+|\d+[.)]\s+)?{_SHORTCODE}\s*")
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_X_USER = re.compile(r"\w{1,15}")
_GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


def _alone(line: str) -> bool:
    return bool(_ALONE.fullmatch(line))


def _not_alone(line: str) -> bool:
    return not _ALONE.fullmatch(line)


@dataclass(frozen=True)
class Shortcode:
    """One shortcode as written: its name, its arguments, and where it stands."""

    name: str
    positional: tuple[str, ...]
    named: Mapping[str, str]
    written: str  # the whole marker, for messages
    line: int

    def error(self, state: DocumentState, message: str, hint: str = "") -> None:
        state.problems.error(message, self.line, hint or _HINTS.get(self.name, ""))


def _parse(marker: re.Match[str], state: DocumentState) -> Shortcode:
    positional: list[str] = []
    named: dict[str, str] = {}
    for argument in re.finditer(_ARGUMENT, marker["arguments"]):
        value = argument["quoted"] if argument["quoted"] is not None else argument["bare"]
        if argument["key"]:
            named[argument["key"]] = value
        else:
            positional.append(value)
    written = marker["marker"]
    line = state.line_of(written, on_line=_alone)
    return Shortcode(marker["name"], tuple(positional), named, written, line)


Handler = Callable[["_ShortcodeProcessor", etree.Element, Shortcode], None]


class _ShortcodeProcessor(BlockProcessor):
    """Turns a shortcode line into what it stands for, splitting the block around it."""

    def __init__(
        self,
        md: Markdown,
        holder: StateHolder,
        words: Mapping[str, str],
        custom: Mapping[str, ShortcodeSignature],
    ) -> None:
        super().__init__(md.parser)
        self.md = md
        self.holder = holder
        self.words = words
        self.custom = custom  # the theme's shortcodes: how each is written

    def test(self, parent: etree.Element, block: str) -> bool:
        match = _SHORTCODE_LINE.search(block)
        # A marker on a later line of a block that starts a list is a line of one of its
        # items: the list processor hands each item's lines to the parser again, which
        # places the marker in the item's <li>.
        return match is not None and (match.start() == 0 or not self._starts_list(parent, block))

    def _starts_list(self, parent: etree.Element, block: str) -> bool:
        processors = self.parser.blockprocessors
        return any(processors[kind].test(parent, block) for kind in ("olist", "ulist"))

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        block = blocks.pop(0)
        match = _SHORTCODE_LINE.search(block)
        assert match is not None  # test() found it
        if match.start() == 0 and self._in_item(parent, block, blocks):
            return
        before = block[: match.start()].rstrip("\n")
        if before:
            self.parser.parseBlocks(parent, [before])
        state = self.holder.state
        shortcode = _parse(match, state)
        handler = HANDLERS.get(shortcode.name)
        after = block[match.end() :]
        if handler is not None:
            handler(self, parent, shortcode)
        elif shortcode.name in self.custom:
            after = self._custom(parent, shortcode, after, blocks)
        else:
            state.problems.warn(
                f"unknown shortcode {quoted(shortcode.name)}, shown as text: {shortcode.written}",
                shortcode.line,
                _unknown_hint(shortcode.name, self.custom),
            )
            etree.SubElement(parent, "p").text = AtomicString(shortcode.written)
        after = after.lstrip("\n")
        if after:
            blocks.insert(0, after)

    def _in_item(self, parent: etree.Element, block: str, blocks: list[str]) -> bool:
        """Hand a marker indented under a list item (``1. 手順`` then, after a blank
        line, the marker below 手順) back to the parser indented as Python-Markdown
        wants an item's content, by four spaces, so that it goes in that item, not
        after a list it would split in two; the lines below it at its indent (what a
        pair holds) go with it. Whether it was one."""
        lines = block.split("\n")
        indent = len(lines[0]) - len(lines[0].lstrip(" "))
        more = " " * (self.tab_length - indent)
        if not indent or not self.parser.blockprocessors["indent"].test(parent, more + block):
            return False
        count = 1
        while count < len(lines) and lines[count].startswith(" " * indent):
            count += 1
        after = "\n".join(lines[count:])
        blocks[:0] = ["\n".join(more + line for line in lines[:count]), *([after] if after else [])]
        return True

    def _custom(self, parent: etree.Element, code: Shortcode, after: str, blocks: list[str]) -> str:
        """Place a shortcode of the theme's; a pair takes the Markdown up to its closing
        marker from ``after`` and ``blocks``. What follows it in its block is returned."""
        state, signature = self.holder.state, self.custom[code.name]
        paired = signature.paired
        inner = take_inner(code.name, after, blocks) if paired else None
        if paired and inner is None:
            code.error(
                state,
                f"{code.name}: no {{{{< /{code.name} >}}}} closes {code.written}",
                f"its template shows inner: {shortcode_hint(code.name, paired)}, "
                "the Markdown between them",
            )
            return after
        _read_by_template(code, state, signature)
        placed = placed_shortcode(code.name, code.positional, code.named, code.line, paired)
        place_shortcode(self.md, parent, state, placed, inner)
        return "" if paired else after


def _read_by_template(code: Shortcode, state: DocumentState, signature: ShortcodeSignature) -> None:
    """A warning for each argument of ``code`` that its template never reads, and that is
    so lost: a misspelt name, or one positional too many. Not an error, as Hugo does not
    check them at all."""
    named, count = signature.named, signature.positional
    if named is not None:
        for key in sorted(set(code.named) - set(named)):
            hint = suggestion(
                key, named, "its template reads", "its template reads no named argument"
            )
            state.problems.warn(
                f"{code.name}: unknown argument '{key}' in {code.written}", code.line, hint
            )
    if count is not None and len(code.positional) > count:
        reads = {0: "no positional argument", 1: "1 positional argument"}.get(count)
        hint = f"its template reads {reads or f'{count} positional arguments'}"
        hint += f"; named: {', '.join(named)}" if named else ""
        value = quoted(code.positional[count])
        message = f"{code.name}: unknown argument {value} in {code.written}"
        state.problems.warn(message, code.line, hint)


def _takes(shortcode: Shortcode, state: DocumentState, names: set[str], positional: int) -> bool:
    """Whether ``shortcode`` has at most ``positional`` positional arguments and only
    the named ones in ``names``; an error when not."""
    unknown = sorted(set(shortcode.named) - names)
    if unknown or len(shortcode.positional) > positional:
        extra = f"'{unknown[0]}'" if unknown else quoted(shortcode.positional[positional])
        message = f"{shortcode.name}: unknown argument {extra} in {shortcode.written}"
        shortcode.error(state, message, f"it takes {', '.join(sorted(names))}")
        return False
    return True


def _calculator(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    state = processor.holder.state
    if code.named:
        name = sorted(code.named)[0]
        code.error(
            state,
            f"calculator: unknown argument '{name}' in {code.written}",
            "it takes one id and nothing else: {{< calculator apology >}}",
        )
    elif not code.positional:
        known = sorted(state.calculators)
        code.error(
            state,
            f"calculator marker: missing id in {code.written}",
            "name the calculator to place" + (f"; known here: {', '.join(known)}" if known else ""),
        )
    elif len(code.positional) > 1:
        code.error(
            state,
            f"calculator marker takes one id, got {len(code.positional)}: {code.written}",
            "put each calculator's marker on a line of its own",
        )
    else:
        place_calculator(processor.md, parent, state, code.positional[0], code.written, code.line)


# The arguments of Hugo's figure, as Hugo documents them.
_FIGURE = {"src", "alt", "caption", "link", "target", "rel", "title", "class", "attr", "attrlink"}
_FIGURE |= {"width", "height", "loading"}


def _figure(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    state = processor.holder.state
    if not _takes(code, state, _FIGURE, 0):
        return
    named = code.named
    source, caption = named.get("src", ""), named.get("caption", "")
    if not source:
        code.error(state, f"figure without src: {code.written}")
        return
    if named.get("loading", "lazy") not in ("lazy", "eager"):
        code.error(state, f"figure: loading must be lazy or eager, not {quoted(named['loading'])}")
    classes = " ".join(["figure", *named.get("class", "").split()])
    figure = etree.SubElement(parent, "figure", {"class": classes})
    holder = figure
    if named.get("link"):
        around = {"href": named["link"], "target": named.get("target"), "rel": named.get("rel")}
        holder = etree.SubElement(figure, "a", {k: v for k, v in around.items() if v})
    image = etree.SubElement(holder, "img", {"src": source, "alt": named.get("alt", "")})
    if "alt" not in named and caption:
        image.set(_ALT_FROM_CAPTION, "")
    if named.get("loading"):
        image.set("loading", named["loading"])
    for size in ("width", "height"):
        if named.get(size, "").isdigit():
            image.set(size, named[size])
        elif size in named:
            code.error(
                state, f"figure: {size} must be a number of pixels, not {quoted(named[size])}"
            )
    _figure_caption(figure, named)


def _figure_caption(figure: etree.Element, named: Mapping[str, str]) -> None:
    """The caption of a figure, as Hugo writes it: its ``title`` first, in bold (a heading
    there would join the article's table of contents), then ``caption``, inline Markdown
    as Hugo's markdownify reads it (its links and raw HTML are then checked as the
    body's are: see :class:`_FigureAltText`), then ``attr``, the work's attribution,
    linked to ``attrlink``."""
    title, caption, attribution = (named.get(key, "") for key in ("title", "caption", "attr"))
    if not (title or caption or attribution):
        return
    figcaption = etree.SubElement(figure, "figcaption")
    _add(figcaption, title, "strong", {"class": "figure__title"})
    # In an element of its own until its plain text is the alt text.
    _add(figcaption, caption, "span", {_CAPTION: ""}, markdown=True)
    attribution_link = named.get("attrlink", "")
    _add(figcaption, attribution, "a" if attribution_link else "", {"href": attribution_link})


def _add(
    parent: etree.Element,
    text: str,
    tag: str = "",
    attributes: Mapping[str, str] | None = None,
    *,
    markdown: bool = False,
) -> None:
    """Add ``text`` at the end of ``parent``, after a space if it holds something, as an
    element ``tag`` if one is given; as written, or for the inline stage to read as
    Markdown if ``markdown``."""
    if not text:
        return
    if parent.text or len(parent):
        _append_text(parent, " ")
    if tag:
        element = etree.SubElement(parent, tag, dict(attributes or {}))
        element.text = text if markdown else AtomicString(text)
    else:
        _append_text(parent, text)


def _append_text(parent: etree.Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = AtomicString((parent[-1].tail or "") + text)
    else:
        parent.text = AtomicString((parent.text or "") + text)


# A figure's caption, in an element of its own until the inline stage has read its
# Markdown, and a picture whose alt text is to be that caption's plain text.
_CAPTION = "data-sitegen-caption"
_ALT_FROM_CAPTION = "data-sitegen-alt-from-caption"


class _FigureAltText(Treeprocessor):
    """Gives a figure's picture without ``alt`` the plain text of its caption (links'
    text, no ``**``), once the inline stage has read the caption's Markdown, and leaves
    the caption's text in the figcaption, without the element that held it apart."""

    def run(self, root: etree.Element) -> None:
        for figure in root.iter("figure"):
            caption = figure.find(f".//span[@{_CAPTION}]")
            if caption is None:
                continue
            image = figure.find(f".//img[@{_ALT_FROM_CAPTION}]")
            if image is not None:
                del image.attrib[_ALT_FROM_CAPTION]
                image.set("alt", plain_text(self.md, "".join(caption.itertext())))
            _unwrap(figure.find("figcaption"), caption)


def _unwrap(parent: etree.Element | None, element: etree.Element) -> None:
    """Put ``element``'s text and children in its place in ``parent``."""
    assert parent is not None
    index = list(parent).index(element)
    before = parent[index - 1] if index else None
    text = (before.tail if before is not None else parent.text) or ""
    text += element.text or ""
    children = list(element)
    if children:
        children[-1].tail = (children[-1].tail or "") + (element.tail or "")
    else:
        text += element.tail or ""
    if before is not None:
        before.tail = text
    else:
        parent.text = text
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)


def _youtube(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    state = processor.holder.state
    if not _takes(code, state, {"id", "title", "start"}, 1):
        return
    video = code.positional[0] if code.positional else code.named.get("id", "")
    start = code.named.get("start", "")
    if not _YOUTUBE_ID.fullmatch(video):
        code.error(state, f"youtube: not the 11-character id of a video: {quoted(video)}")
        return
    if start and not start.isdigit():
        code.error(state, f"youtube: start must be a number of seconds, not {quoted(start)}")
        return
    title = code.named.get("title") or processor.words["youtube_title"]
    source = f"https://www.youtube-nocookie.com/embed/{video}" + (
        f"?start={start}" if start else ""
    )
    allowed = "accelerometer; clipboard-write; encrypted-media; gyroscope; picture-in-picture"
    _player(parent, source, title, allowed)


def _player(parent: etree.Element, source: str, title: str, allowed: str) -> None:
    """A video service's player: a lazy iframe that sends the page's address only to
    another site's origin, in the theme's 16:9 box."""
    frame = etree.SubElement(parent, "div", {"class": "video"})
    attributes = {
        "src": source,
        "title": title,
        "loading": "lazy",
        "allow": allowed,
        "allowfullscreen": "allowfullscreen",
        "referrerpolicy": "strict-origin-when-cross-origin",
    }
    etree.SubElement(frame, "iframe", attributes)


def _vimeo(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    state = processor.holder.state
    if not _takes(code, state, {"id", "title"}, 1):
        return
    video = code.positional[0] if code.positional else code.named.get("id", "")
    if not video.isdigit():
        code.error(state, f"vimeo: not the number of a video: {quoted(video)}")
        return
    title = code.named.get("title") or processor.words["vimeo_title"]
    # dnt=1: Vimeo's player then sets no cookie and tracks no session.
    source = f"https://player.vimeo.com/video/{video}?dnt=1"
    _player(parent, source, title, "fullscreen; picture-in-picture")


def _post(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    """A post on X (Hugo's ``x`` and ``tweet``): a quotation box linking to it, with no
    script of X's, which would track every reader."""
    state = processor.holder.state
    if not _takes(code, state, {"user", "id"}, 2):
        return
    positional = (*code.positional, "", "")
    user, post = code.named.get("user", positional[0]), code.named.get("id", positional[1])
    if not (_X_USER.fullmatch(user) and post.isdigit()):
        code.error(state, f"{code.name}: needs user and the number of a post: {code.written}")
        return
    quote = etree.SubElement(parent, "blockquote", {"class": "post-embed"})
    link = etree.SubElement(
        etree.SubElement(quote, "p"), "a", {"href": f"https://x.com/{user}/status/{post}"}
    )
    link.text = AtomicString(processor.words["post_link"].format(user=user))


def _gist(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    """A GitHub gist (Hugo's ``gist USER ID [FILE]``): a link to it, with no script."""
    state = processor.holder.state
    if not _takes(code, state, set(), 3):
        return
    user, gist, file = (*code.positional, "", "", "")[:3]
    if not (_GITHUB_NAME.fullmatch(user) and re.fullmatch(r"[0-9a-f]+", gist)):
        code.error(state, f"gist: needs a user and the id of a gist: {code.written}")
        return
    address = f"https://gist.github.com/{user}/{gist}"
    link = etree.SubElement(
        etree.SubElement(parent, "p", {"class": "gist"}), "a", {"href": address}
    )
    link.text = AtomicString(f"{user}/{file or gist} (GitHub Gist)")


def _card(processor: _ShortcodeProcessor, parent: etree.Element, code: Shortcode) -> None:
    state = processor.holder.state
    if not _takes(code, state, {"src"}, 1):
        return
    source = code.positional[0] if code.positional else code.named.get("src", "")
    parts = urlsplit(source)
    relative = not (parts.scheme or parts.netloc or source.startswith("/"))
    if not relative or not parts.path.lower().endswith((".md", ".markdown")):
        code.error(state, f"card: not the Markdown file of an article or page: {quoted(source)}")
        return
    card = etree.SubElement(parent, "div", {"class": "blogcard", "data-pagefind-ignore": "all"})
    etree.SubElement(card, "a", {"class": "blogcard__link", "href": source, CARD: ""})


HANDLERS: Mapping[str, Handler] = {
    "calculator": _calculator,
    "card": _card,
    "figure": _figure,
    "youtube": _youtube,
    "vimeo": _vimeo,
    "x": _post,
    "tweet": _post,
    "gist": _gist,
}
_POST_HINT = "write {{< x user=NAME id=NUMBER >}} on a line of its own, from the post's address"
_HINTS = {
    "calculator": "write {{< calculator ID >}} on a line of its own",
    "card": "write {{< card other-article.md >}} on a line of its own, the path as in a link",
    "figure": 'write {{< figure src="chart.png" caption="…" >}} on a line of its own',
    "youtube": "write {{< youtube ID >}} on a line of its own, ID from the video's address",
    "vimeo": "write {{< vimeo ID >}} on a line of its own, ID the number in the video's address",
    "x": _POST_HINT,
    "tweet": _POST_HINT,
    "gist": "write {{< gist USER ID >}} on a line of its own, from the gist's address",
}
# Any shortcode, opening or closing, wherever it stands.
_ANY = re.compile(r"\{\{<\s*(?P<closing>/\s*)?(?P<name>[A-Za-z][\w-]*)[^\n]*?>\}\}")
# Hints for shortcodes of Hugo's that sitegen reads elsewhere.
_ELSEWHERE = {
    "ref": 'make it the destination of a link: [title]({{< ref "other.md" >}})',
    "relref": 'make it the destination of a link: [title]({{< relref "other.md" >}})',
    "highlight": "write {{< highlight LANGUAGE >}} and {{< /highlight >}} each on a line of "
    "its own, or a fenced code block (```go)",
}
# The names a theme's shortcode template cannot have: sitegen reads them itself.
BUILTIN_SHORTCODES = frozenset({*HANDLERS, *_ELSEWHERE})
# Hugo's other form, whose output Hugo reads as Markdown: {{% name arguments %}}.
# sitegen has only {{< >}}; a closing {{% /name %}} goes with its opening one.
_PERCENT = re.compile(r"\{\{%\s*(?P<name>[A-Za-z][\w-]*)(?P<arguments>[^\n]*?)\s*%\}\}")


class _StrayShortcodes(Treeprocessor):
    """Reports shortcodes left in the text: known ones not on a line of their own or
    malformed (errors), unknown ones (warnings)."""

    def __init__(
        self, md: Markdown, holder: StateHolder, custom: Mapping[str, ShortcodeSignature]
    ) -> None:
        super().__init__(md)
        self.holder = holder
        self.custom = custom
        self.known = {*HANDLERS, *custom}
        # Anything that looks like the start of a known shortcode, wherever it stands.
        names = "|".join(sorted(map(re.escape, self.known), key=len, reverse=True))
        self.known_start = re.compile(
            rf"\{{\{{<\s*(?P<name>{names})\b[^\n]*?(?:>\}}\}}|$)", re.MULTILINE
        )

    def run(self, root: etree.Element) -> None:
        self.unknown: set[tuple[str, int]] = set()  # (name, line) of those warned of
        # Pairs opened by a marker reported as malformed, by name: each accounts for the
        # next closing of its name, which would otherwise close nothing.
        self.malformed: Counter[str] = Counter()
        visit_prose(root, self._report)

    def _report(self, text: str | None) -> None:
        if not text or "{{" not in text:
            return
        state = self.holder.state
        # The text of an unknown shortcode on a line of its own is atomic: warned of.
        atomic = isinstance(text, AtomicString)
        text = as_written(self.md, text)  # quoted, and found in the source, as written
        for match in _PERCENT.finditer(text):
            _report_percent(match, state, self.custom)
        markers = [*(() if atomic else _ANY.finditer(text)), *self.known_start.finditer(text)]
        for match in sorted(markers, key=lambda match: match.start()):  # in the order written
            if match.re is self.known_start:
                self._report_malformed(match, state)
            elif match["name"] not in self.known:
                self._report_unknown(match, state)
            elif match["closing"]:
                self._report_closing(match, state)

    def _report_malformed(self, match: re.Match[str], state: DocumentState) -> None:
        found, name = match.group(0), match["name"]
        shown = found if len(found) <= 60 else found[:59] + "…"
        state.problems.error(
            f"{name} marker not on a line of its own or malformed: {quoted(shown)}",
            state.line_of(found, on_line=_not_alone),
            self._hint(name),
        )
        if name in self.custom and self.custom[name].paired:
            self.malformed[name] += 1

    def _hint(self, name: str) -> str:
        paired = name in self.custom and self.custom[name].paired
        return _HINTS.get(name) or shortcode_hint(name, paired)

    def _report_closing(self, match: re.Match[str], state: DocumentState) -> None:
        """An error for the closing marker of a shortcode of the theme's that closes
        nothing: the opening is missing, or the shortcode is not written in pairs."""
        found, name = match.group(0), match["name"]
        if name not in self.custom:
            return  # a built-in one's: reported as malformed, or by migrated
        if self.malformed[name]:  # its opening's mistake is told
            self.malformed[name] -= 1
            return
        line = state.line_of(found)
        if self.custom[name].paired:
            message = f"{found} closes no {{{{< {name} >}}}}"
        else:
            message = f"{found}: {name} is not written in pairs (its template shows no inner)"
        state.problems.error(message, line, self._hint(name))

    def _report_unknown(self, match: re.Match[str], state: DocumentState) -> None:
        """A warning for a shortcode sitegen does not know inside a sentence, shown as
        text: one a line for a name (not another for its closing {{< /name >}})."""
        found, name = match.group(0), match["name"]
        line = state.line_of(found, on_line=_not_alone)
        if (name, line) not in self.unknown:
            self.unknown.add((name, line))
            state.problems.warn(
                f"unknown shortcode {quoted(name)}, shown as text: {found}",
                line,
                _unknown_hint(name, self.custom),
            )


def _unknown_hint(name: str, custom: Mapping[str, ShortcodeSignature]) -> str:
    listing = "sitegen and the theme know" if custom else "sitegen knows"
    return _ELSEWHERE.get(name) or suggestion(name, sorted({*HANDLERS, *custom}), listing)


def _report_percent(
    match: re.Match[str], state: DocumentState, custom: Mapping[str, ShortcodeSignature]
) -> None:
    """A warning for Hugo's ``{{% name … %}}``, which stays text: for a shortcode sitegen
    knows, how to write it; for another, that sitegen does not know it."""
    found, name = match.group(0), match["name"]
    line = state.line_of(found)
    if name in HANDLERS or name in custom:
        arguments = match["arguments"].strip()
        written = f"{{{{< {name}{' ' if arguments else ''}{arguments} >}}}}"
        state.problems.warn(
            f"Hugo's {{{{% %}}}} form of a shortcode, shown as text: {found}",
            line,
            f"write {written} on a line of its own",
        )
    else:
        state.problems.warn(
            f"unknown shortcode {quoted(name)}, shown as text: {found}",
            line,
            _unknown_hint(name, custom),
        )


class ShortcodeExtension(Extension):
    """Turns shortcode lines into what they stand for; see the module docstring."""

    def __init__(
        self,
        holder: StateHolder,
        words: Mapping[str, str],
        custom: Mapping[str, ShortcodeSignature],
    ) -> None:
        """``words``: the theme's UI strings (a video's title); ``custom``: the names of
        the theme's shortcodes, each with how it is written (see ShortcodeSignature)."""
        self.holder = holder
        self.words = words
        self.custom = custom
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After indented code (80) and tables (75): a shortcode there is not one. Before
        # headings (70), which would split a pair's block at a heading under its opening
        # marker, and before horizontal rules (50), lists and paragraphs.
        processor = _ShortcodeProcessor(md, self.holder, self.words, self.custom)
        md.parser.blockprocessors.register(processor, "sitegen_shortcodes", 72)
        # After inline processing (20), so code spans are <code> elements by now.
        stray = _StrayShortcodes(md, self.holder, self.custom)
        md.treeprocessors.register(stray, "sitegen_stray_markers", 19)
        # After the summary's text is gathered (-20). Block-level, so that what it holds
        # is laid out as the body's is.
        md.treeprocessors.register(InnerEnds(md), "sitegen_shortcode_ends", -30)
        md.block_level_elements.append(INNER)
        # After inline processing (20), before links are checked (-10).
        md.treeprocessors.register(_FigureAltText(md), "sitegen_figure_alt", 17)
