"""Ruby (振り仮名): a reading written above its text, without raw HTML.

Two notations that Japanese writers already use:

- the novel sites' (カクヨム, 小説家になろう): ``｜稟議《りんぎ》`` (a full- or
  half-width bar before the text the reading belongs to), or ``稟議《りんぎ》``, the
  reading of the run of kanji just before ``《``. The second is taken only when the
  reading is kana: ``《》`` also serve as brackets (中国紙《人民日報》), and such text
  stays as written. A bar just before ``《`` (``｜《》``) shows the brackets as they are.
- DenDenMarkdown's (and markdown-it-ruby's, in editors' previews): ``{稟議|りんぎ}``,
  and ``{漢字|かん|じ}``, a reading for each character, when the reading is parted
  by ``|`` into as many parts as the text has characters.

Each becomes ``<ruby>稟議<rp>（</rp><rt>りんぎ</rt><rp>）</rp></ruby>``: a browser
without ruby shows the reading in the brackets of ``<rp>``, and the plain text of
the body (summaries, the table of contents, reading time) holds it so, 稟議（りんぎ）.
``\\《`` and ``\\{`` are the characters as written; so is all text in code.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

# An optional bar and the text it marks (up to 20 characters, not opening with a
# space), then the reading in 《》.
BRACKET_RUBY_RE = r"(?:[|｜](?!\s)([^|｜《》\n]{1,20}))?《([^《》\n]*)》"
# {text|reading}, the text not opening with a space or what opens an attribute list.
BRACES_RUBY_RE = r"\{(?![\s:#.])([^{}|\n]+)\|([^{}\n]+)\}"
_BARS = "|｜"
# What the implicit text is made of: kanji, with 々〆〇ヶ〻 (佐々木, 霞ヶ関).
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆〇ヶ〻]")
# What the reading of implicit text may be: hiragana, katakana, ー and ・.
_KANA = re.compile("[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fb-\u30fe]+")

_Result = tuple[etree.Element | str | None, int | None, int | None]
_NONE: _Result = (None, None, None)


def ruby(pairs: list[tuple[str, str]]) -> etree.Element:
    """``<ruby>`` of each (text, reading) of ``pairs`` in turn, readings in ``<rp>``."""
    element = etree.Element("ruby")
    element.text = pairs[0][0]
    for index, (_, reading) in enumerate(pairs):
        etree.SubElement(element, "rp").text = AtomicString("（")
        etree.SubElement(element, "rt").text = AtomicString(reading)
        closing = etree.SubElement(element, "rp")
        closing.text = AtomicString("）")
        if index + 1 < len(pairs):
            closing.tail = pairs[index + 1][0]
    return element


class _BracketRuby(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # the stubs know only Pattern's signature
        self, m: re.Match[str], data: str
    ) -> _Result:
        text, reading = m.group(1), m.group(2)
        start = m.start(0)
        if text is None and start and data[start - 1] in _BARS:
            # ｜《…》: the brackets as written, the bar gone.
            return AtomicString(m.group(0)), start - 1, m.end(0)
        if not reading.strip():
            return _NONE
        if text is None:  # the run of kanji before 《, if the reading is kana
            while start and _KANJI.match(data[start - 1]):
                start -= 1
            if start == m.start(0) or not _KANA.fullmatch(reading):
                return _NONE
            text = data[start : m.start(0)]
        return ruby([(text, reading)]), start, m.end(0)


class _BracesRuby(InlineProcessor):
    def handleMatch(  # type: ignore[override]  # the stubs know only Pattern's signature
        self, m: re.Match[str], data: str
    ) -> _Result:
        text, readings = m.group(1), m.group(2).split("|")
        if not "".join(readings).strip():
            return _NONE
        if len(readings) == len(text) > 1 and all(r.strip() for r in readings):
            return ruby(list(zip(text, readings, strict=True))), m.start(0), m.end(0)
        return ruby([(text, "".join(readings))]), m.start(0), m.end(0)


class RubyExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.ESCAPED_CHARS.append("《")  # \《 is the bracket itself
        # After code, escapes, links, raw HTML and entities, whose text is theirs;
        # before strikethrough and emphasis, which the text of the ruby may hold.
        md.inlinePatterns.register(_BracketRuby(BRACKET_RUBY_RE, md), "sitegen_ruby", 72)
        md.inlinePatterns.register(_BracesRuby(BRACES_RUBY_RE, md), "sitegen_ruby_braces", 71)
