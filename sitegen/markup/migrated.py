"""What other generators leave in a Markdown body, for blogs brought over from them.

Three kinds of it:

- **Cross-references** in the destination of a link or an image: Hugo's
  ``{{< ref "other.md" >}}`` and ``relref`` (``{{% %}}`` too), Jekyll's
  ``{% post_url 2020-02-03-other %}``, ``{% link _posts/… %}``, ``{{ site.baseurl }}/…``
  and ``relative_url``, Pelican's ``{filename}/posts/other.md`` and ``{static}/…``
  (``|filename|`` too). :func:`cross_reference` says which link of sitegen's own each
  stands for (``other.md``, ``/images/logo.png``); the link is then what that link is,
  checked and rewritten to the target's URL (see :mod:`.links`).
- **Highlighted code**: Jekyll's ``{% highlight ruby %}`` … ``{% endhighlight %}`` and
  Hugo's ``{{< highlight go >}}`` … ``{{< /highlight >}}``, each marker on a line of its
  own, become fenced code blocks before anything else reads the body.
- **Template syntax** left anywhere else, which sitegen shows as text (it never runs a
  template): Liquid's ``{% … %}`` and ``{{ … }}``, WordPress shortcodes
  (``[caption …]…[/caption]``, ``[gallery ids="1,2"]``, ``[embed]…[/embed]``; also as
  the usual WXR converter escapes them, ``\\[caption …\\]``) and Hatena Blog's
  notation (see :mod:`.hatena`). Each is a warning at its line saying what to write
  instead. A WordPress shortcode is told from Markdown's ``[text]`` by its
  attributes (``name=``) or its closing tag.
- **A YouTube address alone on a line**, which WordPress showed as the video: a
  warning with the shortcode that does.

Code blocks and code spans keep all of it as written, so a post can show it.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from sitegen.discover import CONTENT_DIR
from sitegen.markup.fences import HugoFences
from sitegen.markup.hatena import MAYBE_HATENA, YOUTUBE, HatenaLink, leftovers
from sitegen.markup.prose import as_written, visit_prose
from sitegen.markup.state import DocumentState, StateHolder


@dataclass(frozen=True)
class CrossReference:
    """A cross-reference of another generator and the link of sitegen's that it stands for."""

    link: str  # relative to the source file (other.md#a), or from the site root (/a.png)
    name: str  # what wrote it, for messages: "Hugo's ref"


# Hugo: {{< ref "other.md#a" >}}, {{< relref path="other.md" >}}, {{% ref other %}}.
_HUGO = re.compile(
    r'\{\{([<%])\s*(?P<kind>ref|relref)\s+(?:path=)?"?(?P<path>[^"\s]+)"?'
    r"(?:\s+\w+=(?:\"[^\"]*\"|\S+))*\s*[>%]\}\}(?P<rest>#\S*)?"
)
# Jekyll: {% post_url 2020-02-03-other %}, {% link _posts/2020-02-03-other.md %}.
_JEKYLL_TAG = re.compile(
    r"\{%-?\s*(?P<kind>post_url|link)\s+(?P<path>[^\s%]+)\s*-?%\}(?P<rest>#\S*)?"
)
# Jekyll: {{ site.baseurl }}/a.png (maybe after {{ site.url }}), {{ "/a.png" | relative_url }}.
_JEKYLL_BASE = re.compile(
    r"(?:\{\{-?\s*site\.url\s*-?\}\})?\{\{-?\s*site\.baseurl\s*-?\}\}(?P<path>/\S*)"
)
_JEKYLL_FILTER = re.compile(
    r"\{\{-?\s*(?P<quote>['\"])(?P<path>[^'\"]*)(?P=quote)\s*\|\s*(?P<kind>relative_url|absolute_url)"
    r"\s*-?\}\}(?P<rest>#\S*)?"
)
# Pelican: {filename}/posts/other.md, {static}/images/a.png, |filename|other.md.
_PELICAN = re.compile(
    r"(?:\{(?P<kind>filename|static|attach)\}|\|(?P<old>filename|static|attach)\|)(?P<path>\S+)"
)


def cross_reference(url: str, source: str, posts_dir: str) -> CrossReference | None:
    """The link of sitegen's that ``url``, the destination of a link or an image in
    ``source`` (``content/posts/a.md``), stands for, if it is another generator's
    cross-reference. ``posts_dir`` is the folder of content/ that holds the posts."""
    if "{" not in url and "|" not in url:
        return None
    url = url.strip()
    folder = posixpath.dirname(source)
    if match := _HUGO.fullmatch(url):
        path, _, fragment = match["path"].partition("#")
        if path and not posixpath.splitext(path)[1]:
            path += ".md"  # Hugo names a page with or without its suffix
        fragment = fragment or (match["rest"] or "").lstrip("#")
        link = _from(folder, _content_path(folder, path)) if path else ""
        return CrossReference(_with_fragment(link, fragment), f"Hugo's {match['kind']}")
    if match := _JEKYLL_TAG.fullmatch(url):
        path = match["path"]
        if match["kind"] == "post_url":  # a post's file name without its suffix
            target = posixpath.join(CONTENT_DIR, posts_dir, path.lstrip("/") + ".md")
        else:  # a file from the site's root, Jekyll's _posts the posts folder
            first, _, rest = path.lstrip("/").partition("/")
            target = posixpath.join(CONTENT_DIR, posts_dir if first == "_posts" else first, rest)
        link = _with_fragment(_from(folder, target), (match["rest"] or "").lstrip("#"))
        return CrossReference(link, f"Jekyll's {match['kind']}")
    if match := _JEKYLL_BASE.fullmatch(url):
        return CrossReference(match["path"], "Jekyll's site.baseurl")
    if match := _JEKYLL_FILTER.fullmatch(url):
        link = "/" + match["path"].lstrip("/") + (match["rest"] or "")
        return CrossReference(link, f"Jekyll's {match['kind']}")
    if match := _PELICAN.fullmatch(url):
        kind, path = match["kind"] or match["old"], match["path"]
        if kind == "static" and path.startswith("/"):
            link = path  # the site root: a file of static/ or of content/, published there
        else:
            link = _from(folder, _content_path(folder, path.partition("#")[0]))
            link = _with_fragment(link, path.partition("#")[2])
        return CrossReference(link, f"Pelican's {{{kind}}}")
    return None


def _content_path(folder: str, path: str) -> str:
    """The site path of ``path``: from content/ if it starts with /, else from ``folder``."""
    if path.startswith("/"):
        return posixpath.normpath(CONTENT_DIR + path)
    return posixpath.normpath(posixpath.join(folder, path))


def _from(folder: str, target: str) -> str:
    """``target`` as a link from a file of ``folder``."""
    return posixpath.relpath(target, folder)


def _with_fragment(link: str, fragment: str) -> str:
    return f"{link}#{fragment}" if fragment else link


# Highlighted code ------------------------------------------------------------------

# A marker of highlighted code on a line of its own; its language first, options after.
_HIGHLIGHT = re.compile(
    r" {0,3}(?:\{%-?\s*highlight\s+(?P<jekyll>[^\s%]+)[^\n]*?-?%\}"
    r'|\{\{<\s*highlight\s+"?(?P<hugo>[^\s">]+)"?[^\n]*?>\}\})\s*'
)
_END = {
    "jekyll": re.compile(r" {0,3}\{%-?\s*endhighlight\s*-?%\}\s*"),
    "hugo": re.compile(r" {0,3}\{\{<\s*/highlight\s*>\}\}\s*"),
}
_FENCE = re.compile(r" {0,3}(?P<fence>`{3,}|~{3,})")


class _HighlightedCode(Preprocessor):
    """Turns Jekyll's and Hugo's highlighted code into fenced code blocks, line for line
    (so every line keeps its number). A marker inside a fenced block stays, as does an
    opening marker without its closing one (a warning then says so)."""

    def run(self, lines: list[str]) -> list[str]:
        if not any("highlight" in line for line in lines):
            return lines
        result: list[str] = []
        fence = ""  # the fence of the author's code block the lines are in, if any
        index = 0
        while index < len(lines):
            line = lines[index]
            index += 1
            if fence:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = ""
                result.append(line)
            elif author := _FENCE.match(line):
                fence = author["fence"]
                result.append(line)
            elif (opening := _HIGHLIGHT.fullmatch(line)) and (
                end := _closing(lines, index, "jekyll" if opening["jekyll"] else "hugo")
            ) is not None:
                code = lines[index:end]
                ours = "`" * max(3, 1 + max((_ticks(line) for line in code), default=0))
                result += [ours + (opening["jekyll"] or opening["hugo"]), *code, ours]
                index = end + 1
            else:
                result.append(line)
        return result


def _closing(lines: list[str], start: int, kind: str) -> int | None:
    """The index of the first line from ``start`` that closes highlighted code of ``kind``."""
    end = _END[kind]
    return next((n for n in range(start, len(lines)) if end.fullmatch(lines[n])), None)


def _ticks(line: str) -> int:
    """The length of the run of backticks that ``line`` starts with, after its indent."""
    stripped = line.lstrip(" ")
    return len(stripped) - len(stripped.lstrip("`"))


# Template syntax left as text ---------------------------------------------------------

# Liquid's tags and output; not Hugo's {{< >}} and {{% %}}, which shortcodes report.
_LIQUID_TAG = re.compile(r"(?<!\{)\{%-?\s*(?P<name>\w+)[^\n]*?-?%\}(?!\})")
_LIQUID_OUTPUT = re.compile(r"(?<!\{)\{\{-?\s*(?P<name>[^\s{}<%][^{}\n]*?)\s*-?\}\}(?!\})")
# A WordPress shortcode: an opening tag with attributes, or a closing tag; its ] may be
# escaped, as the usual WXR converter writes it (\\[caption id="1"\\]…\\[/caption\\]).
_WORDPRESS = re.compile(
    r"\[(?P<name>[a-z][a-z0-9_-]*)\s+[^\]\n]*?=[^\]\n]*\]"
    r"|\[/(?P<closing>[a-z][a-z0-9_-]*)\\?\]"
)
# What any of them starts with ({{< and {{% are sitegen's shortcodes): one search of the
# body tells whether its elements need scanning at all.
_MAYBE_LEFT = re.compile(r"\{%|\{\{(?![<%])|\[/?[a-z][a-z0-9_-]*\\?[\s\]]|youtu|" + MAYBE_HATENA)

# What Python-Markdown leaves in the text for a backslash-escaped [.
_ESCAPED_BRACKET = f"{STX}{ord('[')}{ETX}"

_TAG_HINTS = {
    "include": "sitegen has no includes: write here what the included file held",
    "raw": "sitegen shows {{ }} and {% %} as text anyway: remove the tag",
    "endraw": "sitegen shows {{ }} and {% %} as text anyway: remove the tag",
    "highlight": "write {% highlight LANGUAGE %} and {% endhighlight %} each on a line of "
    "its own, or a fenced code block (```ruby)",
    "endhighlight": "write {% highlight LANGUAGE %} and {% endhighlight %} each on a line "
    "of its own, or a fenced code block (```ruby)",
    "post_url": "make it the destination of a link: [title]({% post_url 2020-01-02-name %})",
    "link": "make it the destination of a link: [title]({% link _posts/2020-01-02-name.md %})",
}
_WORDPRESS_HINTS = {
    "caption": 'write {{< figure src="picture.png" caption="…" >}} on a line of its own',
    "gallery": "write each picture as an image, ![…](picture.png), or a figure shortcode",
    "video": "link the video, or write {{< youtube ID >}} for one on YouTube",
    "audio": "link the sound file",
}


class _LeftoverTemplates(Treeprocessor):
    """Warns of Liquid and WordPress shortcodes left as text, once a construct a line."""

    def __init__(self, md: Markdown, holder: StateHolder) -> None:
        super().__init__(md)
        self.holder = holder

    def run(self, root: etree.Element) -> None:
        self.reported: set[tuple[str, int]] = set()
        if _MAYBE_LEFT.search(self.holder.state.body):  # most bodies hold none: not walked
            visit_prose(root, self._report)
            for paragraph in root.iter("p"):
                self._video_alone(paragraph)

    def _report(self, text: str | None) -> None:
        # Not a text without any (a fenced code block's placeholder, among others); an
        # escaped [ counts (\\[caption …\\], as the usual WXR converter writes it).
        if not text or not any(mark in text for mark in ("{", "[", "((", _ESCAPED_BRACKET)):
            return
        state = self.holder.state
        text = as_written(self.md, text)  # quoted, and found in the source, as written
        for match in _LIQUID_TAG.finditer(text):
            name, line = match["name"], state.line_of(match[0])
            hint = _TAG_HINTS.get(name, "sitegen never runs templates: write the text itself")
            self._warn(state, f"Liquid tag {{% {name} %}}", match[0], line, hint)
        for match in _LIQUID_OUTPUT.finditer(text):
            line = state.line_of(match[0])
            hint = (
                "a link from the site root gets the base path itself: write /path"
                if match["name"].startswith(("site.baseurl", "site.url"))
                else "sitegen never runs templates: write the value itself"
            )
            self._warn(state, "Liquid output {{ }}", match[0], line, hint)
        for match in _WORDPRESS.finditer(text):
            name, line = match["name"] or match["closing"], state.line_of(match[0])
            hint = _wordpress_hint(name, _source_line(state, line))
            self._warn(state, f"WordPress shortcode [{name}]", match[0], line, hint)
        for what, found, hint in leftovers(text):
            self._warn(state, what, found, state.line_of(found), hint)

    def _video_alone(self, paragraph: etree.Element) -> None:
        """Warn of a paragraph that is a YouTube address alone, linked."""
        if len(paragraph) != 1 or (paragraph.text or "").strip() or paragraph[0].tag != "a":
            return
        link = paragraph[0]
        url = link.get("href", "")
        video = YOUTUBE.search(url)
        if video is None or (link.tail or "").strip() or (link.text or "").strip() != url:
            return
        state = self.holder.state
        line = state.line_of(url)
        if _source_line(state, line).strip() not in (url, f"<{url}>"):
            return  # a link written otherwise (Hatena's [URL:embed] is told of already)
        hint = (
            f"write {{{{< youtube {video[1]} >}}}} on a line of its own to show the video "
            "(WordPress showed an address alone on a line as the video)"
        )
        self._warn(state, "YouTube address alone on a line", url, line, hint, "a link")

    def _warn(
        self,
        state: DocumentState,
        what: str,
        found: str,
        line: int,
        hint: str,
        shown_as: str = "text",
    ) -> None:
        if (what, line) in self.reported:
            return
        self.reported.add((what, line))
        shown = found if len(found) <= 60 else found[:59] + "…"
        state.problems.warn(f"{what}, shown as {shown_as}: {shown}", line, hint)


def _wordpress_hint(name: str, line: str) -> str:
    if name == "embed":
        video = YOUTUBE.search(line)
        return (
            f"write {{{{< youtube {video[1]} >}}}} on a line of its own"
            if video
            else "write {{< youtube ID >}} for a YouTube video, a link for anything else"
        )
    return _WORDPRESS_HINTS.get(
        name, "sitegen has no WordPress shortcodes: write what it showed in Markdown, or a link"
    )


def _source_line(state: DocumentState, line: int) -> str:
    lines = state.body.split("\n")
    index = line - state.first_line
    return lines[index] if 0 <= index < len(lines) else ""


class MigratedExtension(Extension):
    """Highlighted code of Jekyll and Hugo as fenced code; warnings for other template
    syntax left as text. (Cross-references are read where links are: see :mod:`.links`.)"""

    def __init__(self, holder: StateHolder) -> None:
        self.holder = holder
        super().__init__()

    def extendMarkdown(self, md: Markdown) -> None:
        # After whitespace is normalised (30), before fenced code is read (25).
        md.preprocessors.register(_HighlightedCode(md), "sitegen_highlighted_code", 27)
        # Before fenced code is read (25): Hugo's and GitHub's opening lines as its own.
        md.preprocessors.register(HugoFences(md, self.holder), "sitegen_hugo_fences", 26)
        # After inline processing (20), so code spans are <code> elements by now, and
        # before attribute lists (8), which read a last line {% endraw %} as one.
        md.treeprocessors.register(_LeftoverTemplates(md, self.holder), "sitegen_leftovers", 18)
        # Before links (160), whose [text] it would be, and bare addresses (85).
        md.inlinePatterns.register(HatenaLink(md, self.holder), "sitegen_hatena_link", 165)
