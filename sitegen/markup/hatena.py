"""What Hatena Blog (はてなブログ) leaves in a Markdown body, for blogs brought over
from it (blogsync exports the posts as they were written, its notation included).

- **Links** in Hatena's notation, ``[https://…:title=テキスト]``, ``[https://…:title]``,
  ``[https://…:embed:cite]`` (a blog card), ``[https://…:embed]`` and
  ``[https://…:bookmark]``, are the link they stand for: a link to the address with
  the given text, else the address itself (a bare address would otherwise link to
  ``https://…:embed:cite``, which does not exist). Only ``title=`` says everything
  Hatena showed; the others are a warning too, with what to write for the title or
  the card Hatena fetched (``{{< youtube ID >}}`` for a video).
- **Other notation** is shown as text and warned of at its line, with what to write
  instead (see :func:`leftovers`): pictures of Hatena Fotolife
  (``[f:id:user:20150301123456p:plain]``), Amazon items (``[asin:…:detail]``),
  formulas (``[tex:…]``) and the like, and footnotes (``((注))``).

Code blocks and code spans keep all of it as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from sitegen.markup.state import StateHolder

# [https://example.com/a:title=テキスト], [https://example.com/a:embed:cite]…
HATENA_LINK_RE = (
    r"\[(?P<url>https?://[^\s\[\]]+?)(?P<options>(?::(?:title|embed|cite|bookmark|image))+)"
    r"(?:=(?P<title>[^\]\n]+))?\]"
)
YOUTUBE = re.compile(r"(?:youtube\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)([\w-]{11})")

# [f:id:user:20150301123456p:plain], [asin:4000000000:detail], [tex:e=mc^2]…
_NOTATION = re.compile(
    r"\[(?P<kind>f:id|asin|isbn|tex|twitter|google|map|wikipedia|keyword|amazon|gist)"
    r":[^\]\n]*\]"
)
# The picture of [f:id:USER:YYYYMMDDhhmmss(j|p|g):…] on Hatena Fotolife, to download.
_FOTOLIFE = re.compile(r"\[f:id:(?P<user>[\w-]+):(?P<id>(?P<day>\d{8})\d{6})(?P<type>[jpg])\b")
_SUFFIXES = {"j": "jpg", "p": "png", "g": "gif"}
# ((脚注)): a footnote, when what it holds reads as words, not as a formula ((a+b)).
_FOOTNOTE = re.compile(r"\(\((?P<note>[^()\n]+)\)\)")
_WORDS = re.compile(r"[^\x00-\x7f]|[A-Za-z]{2,}\s+[A-Za-z]{2,}")
# What any of it starts with: one search of a body tells whether to scan its text.
MAYBE_HATENA = r"\[(?:f:id|asin|isbn|tex|twitter|google|map|wikipedia|keyword|amazon|gist):|\(\("

# [asin:4000000000:detail], [isbn:4000000000:title]: the item's number.
_ITEM = re.compile(r"\[(?:asin|isbn):(?P<number>[\w-]+)")
_HINTS = {
    "amazon": "write a link to the item or to the search, [text](https://www.amazon.co.jp/…)",
    "tex": "sitegen draws no formulas: write the formula as text or as a picture",
    "twitter": 'write {{< x user="NAME" id="NUMBER" >}} for a post on X',
    "gist": "write {{< gist USER ID >}} for a GitHub gist",
}


def leftovers(text: str) -> Iterator[tuple[str, str, str]]:
    """Hatena's notation in ``text`` (prose, as written): what each is, the text of it,
    and what to write instead."""
    for match in _NOTATION.finditer(text):
        kind = match["kind"]
        what = f"Hatena Blog notation [{kind}:…]"
        if kind == "f:id":
            hint = _picture_hint(match[0])
        elif item := _ITEM.match(match[0]):
            link = f"https://www.amazon.co.jp/dp/{item['number']}"
            hint = f"write a link to the item, [書名]({link}) (with your associate tag, if any)"
        else:
            hint = _HINTS.get(
                kind, "sitegen has no Hatena notation: write a link, [text](https://…)"
            )
        yield what, match[0], hint
    for match in _FOOTNOTE.finditer(text):
        note = match["note"].strip()
        if _WORDS.search(note):
            hint = f"write a footnote: [^1] here, and below the paragraph [^1]: {note}"
            yield "Hatena Blog footnote ((…))", match[0], hint


def _picture_hint(found: str) -> str:
    picture = _FOTOLIFE.match(found)
    if picture is None:
        return "write the picture, downloaded beside the article, as ![説明](picture.png)"
    user, suffix = picture["user"], _SUFFIXES[picture["type"]]
    name = f"{picture['id']}.{suffix}"
    address = (
        f"https://cdn-ak.f.st-hatena.com/images/fotolife/{user[0]}/{user}/{picture['day']}/{name}"
    )
    return f"download {address} beside the article and write ![説明]({name})"


class HatenaLink(InlineProcessor):
    """A link in Hatena's notation, as the link it stands for (see the module)."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(HATENA_LINK_RE, md)
        self.holder = holder

    def handleMatch(  # type: ignore[override]  # the stubs know only Pattern's signature
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        url, title = m["url"], (m["title"] or "").strip()
        link = etree.Element("a", {"href": url})
        link.text = AtomicString(title or url)
        if not title:
            state = self.holder.state
            state.problems.warn(
                f"Hatena Blog link [URL{m['options']}], shown as a link to {url}",
                state.line_of(m[0]),
                _link_hint(url, m["options"]),
            )
        return link, m.start(0), m.end(0)


def _link_hint(url: str, options: str) -> str:
    if ":embed" in options and (video := YOUTUBE.search(url)):
        return f"write {{{{< youtube {video[1]} >}}}} on a line of its own to show the video"
    if ":embed" in options:
        return (
            "Hatena showed a blog card: write {{< card FILE.md >}} for an article of this "
            "site, or a link with its title, [title](URL)"
        )
    return "Hatena showed the page's title: write it, [title](URL) or [URL:title=title]"
