"""Links between files: write ``[次の記事](other.md)`` and get the article's URL.

A relative link in the body is resolved against the source file's folder, the way
a plain Markdown editor previews it. Links to other sources and to files in
``content/`` become placeholders that the build replaces once every URL is known;
links from the site root (``/about/``) get the site's base path, and are noted for
the build to check against what it makes. Script URLs (``javascript:``) are removed
unless raw HTML is allowed. Affiliate links (``[markdown] sponsored``: a link to an
affiliate host, or to a shop's host with its tracking parameter, ``amazon.co.jp?tag``)
get ``rel="sponsored"``, as search engines ask of paid links. Images below the first
load lazily, and the first is fetched first; an image without a width or height gets
a placeholder of its own, which the build replaces with the URL and the picture's
size (a picture of ``content/`` for a relative link, of ``static/`` for one from the
site root). The link of a blog card (``{{< card other.md >}}``) holds a placeholder
that the build replaces with the other article's picture, title and summary. A
cross-reference of another generator (Hugo's ``{{< ref "other.md" >}}``, Jekyll's
``{% post_url … %}``, Pelican's ``{filename}/…``) is the link it stands for (see
:mod:`.migrated`), noted with it.
"""

from __future__ import annotations

import html
import posixpath
import xml.etree.ElementTree as etree
from urllib.parse import parse_qsl, unquote, urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from sitegen.errors import quoted
from sitegen.markup.migrated import cross_reference
from sitegen.markup.state import StateHolder
from sitegen.model import LinkRef

_UNSAFE_SCHEMES = {"javascript", "vbscript", "data", "file"}
CARD = "data-sitegen-card"  # marks the link of a blog card, until it is noted as one
# The attribute holding the URL of each element that has one.
_URL_ATTRIBUTES = {"a": "href", "img": "src"}


def root_link(url: str, line: int, unsized_image: bool = False, via: str = "") -> LinkRef:
    """A link from the site root (``/files/a.pdf#p2``) to what the build makes there
    (``via``: the cross-reference of another generator it was written as, if any)."""
    parts = urlsplit(url)
    return LinkRef(
        unquote(parts.path).lstrip("/"), parts.fragment, line, url, unsized_image, via=via
    )


def placeholder(index: int) -> str:
    """The text standing for link ``index`` in the HTML until it is resolved."""
    return f"\x02sitegen-link:{index}\x03"


def card_placeholder(index: int) -> str:
    """The inside of the blog card of link ``index`` until the build knows the article."""
    return f"\x02sitegen-card:{index}\x03"


def blog_card(title: str, summary: str, source: str = "", language: str = "") -> str:
    """The inside of a blog card (ブログカード): the article's picture (its ``image``, a
    thumbnail, when it has one: ``source`` is the attributes that name it, ``src`` and
    maybe ``srcset``), title and summary; those marked as written in ``language`` when
    it is not the language of the text around the card."""
    title, summary = html.escape(title, quote=False), html.escape(summary, quote=False)
    lang = f' lang="{html.escape(language)}"' if language else ""
    picture = (
        f'<img class="blogcard__image" {source} alt="" loading="lazy" decoding="async">'
        if source
        else ""
    )
    summary = f'<span class="blogcard__summary">{summary}</span>' if summary else ""
    return (
        f'{picture}<span class="blogcard__text"{lang}><span class="blogcard__title">{title}</span>'
        f"{summary}</span>"
    )


def image_placeholder(index: int, rooted: bool = False) -> str:
    """The ``src`` of an image without a size of its own, for link ``index`` (of the
    links from the site root when ``rooted``): the build gives it the picture's width
    and height with its URL."""
    return f"\x02sitegen-{'root-' if rooted else ''}image:{index}\x03"


class _LinkProcessor(Treeprocessor):
    def __init__(
        self,
        md: Markdown,
        holder: StateHolder,
        base_path: str,
        allow_unsafe: bool,
        sponsored: tuple[str, ...],
        posts_dir: str,
    ):
        super().__init__(md)
        self.holder = holder
        self.base_path = base_path
        self.posts_dir = posts_dir
        self.allow_unsafe = allow_unsafe
        # Each rule as (host, query parameter or "")
        self.sponsored = tuple(rule.partition("?")[::2] for rule in sponsored)

    def run(self, root: etree.Element) -> None:
        images = 0
        for element in root.iter():
            attribute = _URL_ATTRIBUTES.get(str(element.tag))
            value = element.get(attribute) if attribute else None
            if attribute and value:
                self._rewrite(element, attribute, value)
            if element.tag == "img":
                _load_lazily(element, first=images == 0)
                images += 1

    def _rewrite(self, element: etree.Element, attribute: str, written: str) -> None:
        state = self.holder.state
        # Another generator's cross-reference is the link of sitegen's it stands for.
        reference = cross_reference(written, state.path, self.posts_dir)
        url, via = (reference.link, written) if reference else (written, "")
        parts = urlsplit(_spelled(url))
        scheme = parts.scheme.lower()
        if scheme in _UNSAFE_SCHEMES and not self.allow_unsafe:
            del element.attrib[attribute]
            state.problems.warn(
                f"unsafe link removed: {quoted(url[:60])}",
                state.line_of(written),
                "only http(s), mailto and relative links are kept",
            )
        elif scheme or parts.netloc or url.startswith("#"):
            element.set(attribute, url)
            if element.tag == "a" and _is_sponsored(
                parts.hostname or "", parts.query, self.sponsored
            ):
                rel = element.get("rel", "").split()
                if "sponsored" not in rel:
                    element.set("rel", " ".join([*rel, "sponsored"]))
        elif url.startswith("/"):
            unsized = _unsized_image(element)
            state.root_links.append(root_link(url, state.line_of(written), unsized, via))
            index = len(state.root_links) - 1
            element.set(
                attribute,
                image_placeholder(index, rooted=True) if unsized else self.base_path + url,
            )
        else:
            folder = posixpath.dirname(state.path)
            target = posixpath.normpath(posixpath.join(folder, unquote(parts.path)))
            unsized, card = _unsized_image(element), CARD in element.attrib
            line = state.line_of(written)
            state.links.append(LinkRef(target, parts.fragment, line, url, unsized, card, via))
            index = len(state.links) - 1
            element.set(attribute, image_placeholder(index) if unsized else placeholder(index))
            if card:
                del element.attrib[CARD]
                element.text = card_placeholder(index)


def _spelled(url: str) -> str:
    """``url`` as it reads. An address linked as <info@example.com> comes as entities
    that hide it from robots collecting addresses (each & set aside until the end):
    it spells mailto:…, and is left as it is."""
    return html.unescape(url.replace(AMP_SUBSTITUTE, "&")) if AMP_SUBSTITUTE in url else url


def _unsized_image(element: etree.Element) -> bool:
    """Whether ``element`` is an image whose author gave it no width or height."""
    return element.tag == "img" and "width" not in element.attrib and "height" not in element.attrib


def _is_sponsored(host: str, query: str, rules: tuple[tuple[str, str], ...]) -> bool:
    """Whether a link to ``host`` (with ``query``) is paid: whether it is a rule's host
    or below one, and has the rule's query parameter (with a value) if it names one."""
    host = host.lower()
    return any(
        (host == paid or host.endswith("." + paid))
        and (not parameter or any(name == parameter for name, _ in parse_qsl(query)))
        for paid, parameter in rules
    )


def _load_lazily(image: etree.Element, first: bool) -> None:
    """Let the browser decode ``image`` off the main thread and fetch it only as it nears
    the screen, as WordPress does; unless it is the body's first, which may be what the
    reader sees first (the page's largest paint): that one is fetched at once, before
    other files (``fetchpriority="high"``, as WordPress 6.3 does). An attribute the
    author set (``{loading=eager}``, ``{loading=lazy}`` on the first) stays."""
    if not first:
        image.attrib.setdefault("loading", "lazy")
    elif image.get("loading") != "lazy":
        image.attrib.setdefault("fetchpriority", "high")
    if "decoding" not in image.attrib:
        image.set("decoding", "async")


class LinkExtension(Extension):
    def __init__(
        self,
        holder: StateHolder,
        base_path: str,
        allow_unsafe: bool,
        sponsored: tuple[str, ...],
        posts_dir: str = "posts",
    ) -> None:
        self.holder = holder
        self.base_path = base_path
        self.allow_unsafe = allow_unsafe
        self.sponsored = sponsored
        self.posts_dir = posts_dir
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        processor = _LinkProcessor(
            md, self.holder, self.base_path, self.allow_unsafe, self.sponsored, self.posts_dir
        )
        # Last, after backslash escapes in URLs are restored ('unescape', 0).
        md.treeprocessors.register(processor, "sitegen_links", -10)
