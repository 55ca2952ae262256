"""The shortcodes sitegen knows, each a handler that places what it stands for:

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

Arguments they do not take are errors. How markers are found, and the theme's own
shortcodes, are in :mod:`.shortcodes`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from sitegen.errors import quoted
from sitegen.markup.calculators import place_calculator
from sitegen.markup.links import CARD
from sitegen.markup.prose import plain_text
from sitegen.markup.state import DocumentState, StateHolder

_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_X_USER = re.compile(r"\w{1,15}")
_GITHUB_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})")


@dataclass(frozen=True)
class Shortcode:
    """One shortcode as written: its name, its arguments, and where it stands."""

    name: str
    positional: tuple[str, ...]
    named: Mapping[str, str]
    written: str  # the whole marker, for messages
    line: int

    def error(self, state: DocumentState, message: str, hint: str = "") -> None:
        state.problems.error(message, self.line, hint or HINTS.get(self.name, ""))


class Placer(Protocol):
    """What a handler places with: the document's Markdown, its state, the theme's words."""

    md: Markdown
    holder: StateHolder
    words: Mapping[str, str]


Handler = Callable[[Placer, etree.Element, Shortcode], None]


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


def _calculator(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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


def _figure(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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
    body's are: see :class:`FigureAltText`), then ``attr``, the work's attribution,
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


class FigureAltText(Treeprocessor):
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


def _youtube(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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


def _vimeo(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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


def _post(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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


def _gist(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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


def _card(processor: Placer, parent: etree.Element, code: Shortcode) -> None:
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
HINTS = {
    "calculator": "write {{< calculator ID >}} on a line of its own",
    "card": "write {{< card other-article.md >}} on a line of its own, the path as in a link",
    "figure": 'write {{< figure src="chart.png" caption="…" >}} on a line of its own',
    "youtube": "write {{< youtube ID >}} on a line of its own, ID from the video's address",
    "vimeo": "write {{< vimeo ID >}} on a line of its own, ID the number in the video's address",
    "x": _POST_HINT,
    "tweet": _POST_HINT,
    "gist": "write {{< gist USER ID >}} on a line of its own, from the gist's address",
}
