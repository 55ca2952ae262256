"""The theme's own shortcodes, rendered: each placeholder that reading left in a body
(see :mod:`sitegen.markup.custom`) becomes the HTML of the theme's
``shortcodes/<name>.html``, when a page showing the body is rendered.

The template sees, besides what every template has (``t()``, ``asset()``, ``lang``):

- ``args``, the named arguments (``{{< box title="注意" >}}``: ``args.title``), one not
  given being empty, as Hugo's ``.Get "title"``;
- ``positional``, the others in order (``{{< box warning >}}``: ``positional[0]``);
- ``inner``, the HTML of the Markdown between the markers of a pair (empty for one
  that is not);
- ``name``, the shortcode's name, ``article``, the article or page it is in, and
  ``site``, as page templates see them.

Arguments are text, escaped as any value a template shows; ``inner`` is the body's
HTML, shown as it is.
"""

from __future__ import annotations

from markupsafe import Markup

from sitegen.markup import shortcode_end, shortcode_placeholder
from sitegen.model import Article, Extra, PlacedShortcode
from sitegen.shortcodetemplates import SHORTCODES
from sitegen.theme import Theme


def with_shortcodes(body: str, article: Article, theme: Theme, site: object, page: str) -> str:
    """``body`` (``article``'s HTML, or what a feed makes of it) with the article's
    shortcodes of the theme's rendered in place. ``page``: the page being rendered, for
    messages."""
    for index, placed in enumerate(article.shortcodes):
        start = body.find(shortcode_placeholder(index))
        if start < 0:  # inside a pair whose template does not show inner
            continue
        after = start + len(shortcode_placeholder(index))
        end, inner = after, ""
        if placed.paired:
            end = body.find(shortcode_end(index), after)
            inner, end = body[after:end].strip("\n"), end + len(shortcode_end(index))
        html = _render(placed, Markup(inner), article, theme, site, page)
        body = body[:start] + html + body[end:]
    return body


def _render(
    placed: PlacedShortcode, inner: Markup, article: Article, theme: Theme, site: object, page: str
) -> str:
    context = {
        "name": placed.name,
        "args": Extra(dict(placed.named)),
        "positional": placed.positional,
        "inner": inner,
        "article": article,
        "site": site,
    }
    where = f"{{{{< {placed.name} >}}}} of {article.source}:{placed.line} on {page}"
    return theme.render(f"{SHORTCODES}{placed.name}.html", context, where).strip("\n")
