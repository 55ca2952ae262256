"""Filling an article's placeholders: reading leaves a placeholder where a link's URL,
a picture's size and smaller copies, or a blog card's inside go, since they depend on
other files of the site; linking (see sitegen.assemble) works out what each becomes
(a Filling) and fills them in.
"""

from __future__ import annotations

import hashlib
import html
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field

from sitegen.config import ImagesConfig
from sitegen.frozen import replaced
from sitegen.images import Picture, copy_path
from sitegen.markup import card_placeholder, image_placeholder, placeholder
from sitegen.model import Article, LinkRef, TagRef, Translation


@dataclass(frozen=True)
class Filling:
    """What filling one article gives it: what the placeholders of its body become, link
    by link, and the names its tags are shown by."""

    urls: tuple[str, ...]  # of its links
    sizes: tuple[Picture | None, ...]  # of the pictures of the images among its links
    rooted: tuple[Picture | None, ...]  # the same, for its links from the site root
    cards: tuple[str, ...]  # the insides of its blog cards; "" for the other links
    images: ImagesConfig  # how wide the theme shows its pictures, what their copies are
    # Its tags, each by the name the site shows it by (EC for ＥＣ); in the filled
    # article's digest by those names (see fill): their repr is slow to write.
    tags: tuple[TagRef, ...] = field(repr=False)
    authors: tuple[TagRef, ...] = ()  # its own, or the site's author (see assemble.default_authors)
    translations: tuple[Translation, ...] = ()  # its other versions (see translations)
    cover: tuple[int, int] | None = None  # the size of its image, a picture of the site


def image_sizes(
    links: Sequence[LinkRef],
    folder: str,
    files: Set[str],
    image_size: Callable[[str], Picture | None],
) -> tuple[Picture | None, ...]:
    """For each of ``links``: the size of the picture and the widths of its smaller
    copies, when the link is the source of an image with no size of its own and names a
    file of the site (its target in ``folder``: ``static/`` for links from the site
    root); else None."""
    return tuple(
        image_size(path) if link.unsized_image and (path := folder + link.target) in files else None
        for link in links
    )


def resolved_url(text: str, urls: tuple[str, ...]) -> str:
    """``text`` with its link placeholder (if it is one) replaced by the link's URL."""
    for index, url in enumerate(urls):
        if text == placeholder(index):
            return url
    return text


def fill(article: Article, filling: Filling, base_path: str) -> Article:
    """``article`` with its placeholders (in the body and the image) filled: links get
    their URLs, blog cards their insides, and images their pictures' sizes and smaller
    copies (those from the site root with their URLs too: ``base_path`` and the path);
    and with its tags as the site shows them, and its authors (the site's, if it names none
    on a site with author pages), and the links to its other versions."""
    unsized = any(link.unsized_image for link in article.root_links)
    same_names = filling.tags == article.tags and filling.authors == article.authors
    if (
        not filling.urls
        and not unsized
        and same_names
        and not filling.translations
        and filling.cover is None
    ):
        return article
    body = article.html
    for index, (url, size, card) in enumerate(
        zip(filling.urls, filling.sizes, filling.cards, strict=True)
    ):
        body = body.replace(
            f'src="{image_placeholder(index)}"', image_source(url, size, filling.images)
        )
        body = body.replace(placeholder(index), html.escape(url, quote=True))
        if card:
            body = body.replace(card_placeholder(index), card)
    for index, (link, size) in enumerate(zip(article.root_links, filling.rooted, strict=True)):
        if link.unsized_image:
            rooted = image_source(base_path + link.written, size, filling.images)
            body = body.replace(f'src="{image_placeholder(index, rooted=True)}"', rooted)
    shown = "\t".join(tag.name for tag in filling.tags)
    digest = hashlib.blake2b(f"{article.digest}\n{filling!r}\n{shown}".encode(), digest_size=16)
    image = resolved_url(article.image, filling.urls)
    return replaced(
        article,
        html=body,
        image=image,
        tags=filling.tags,
        authors=filling.authors,
        translations=filling.translations,
        image_size=filling.cover,
        digest=digest.hexdigest(),
    )


def image_source(
    url: str, picture: Picture | None, images: ImagesConfig, card: bool = False
) -> str:
    """The ``src`` of an image at ``url``, with the picture's width and height if known,
    and its smaller copies as the ``srcset`` a browser chooses from by the screen and
    how wide the theme shows the image (``sizes``: in an article, or in a ``card``)."""
    if picture is None:
        return f'src="{html.escape(url, quote=True)}"'
    width, height, copies = picture
    source = f'src="{html.escape(url, quote=True)}" width="{width}" height="{height}"'
    if not copies:
        return source
    candidates = [(copy_path(url, w, images.webp), w) for w in copies]
    if copies[-1] != width:  # else its WebP version stands for the picture
        candidates.append((url, width))
    # A comma separates the candidates: one in a URL is escaped.
    srcset = ", ".join(f"{u.replace(',', '%2C')} {w}w" for u, w in candidates)
    shown = images.card_sizes if card else images.sizes
    return f'{source} srcset="{html.escape(srcset, quote=True)}" sizes="{html.escape(shown)}"'
