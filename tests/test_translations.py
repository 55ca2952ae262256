"""Translations: articles and pages that give the same ``translationKey`` link to each
other, and tell search engines of every version (hreflang, the sitemap's xhtml:link)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sitekit import article, build_site, read, snapshot, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.errors import SiteError

CONFIG = 'title = "経営ノート"\nbase_url = "https://example.com/"\n'
JA = "https://example.com/posts/alico/"
EN = "https://example.com/posts/alico-en/"


def translated_site(tmp_path: Path, config: str = CONFIG, **english: str) -> Path:
    """A Japanese article and its English translation (its front matter ``english``),
    and an article with no translation, newest first: other, alico-en, alico. All three
    have one tag, so each could be related to the others."""
    keys = {"language": "en", "translation_key": "alico", "tags": "[経営]", **english}
    return write_site(
        tmp_path,
        {
            "content/posts/alico.md": article(
                "アリコ 13万人に謝罪金",
                "2024-03-01",
                slug="alico",
                translationKey="alico",
                tags="[経営]",
            ),
            "content/posts/alico-en.md": article(
                "Alico apologizes", "2024-03-02", "Body.", slug="alico-en", **keys
            ),
            "content/posts/other.md": article(
                "別の記事", "2024-03-03", slug="other", tags="[経営]"
            ),
        },
        config=config,
    )


def head_links(html: str) -> list[str]:
    head = html.split("</head>", 1)[0]
    return re.findall(r'<link rel="alternate" hreflang=.*?>|<meta property="og:locale.*?>', head)


def switcher(html: str) -> str:
    """The paragraph of links to the other versions, if any."""
    found = re.search(r'<p class="article__translations".*?</p>', html, re.S)
    return found[0] if found else ""


def structured(html: str) -> dict[str, object]:
    data = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert data is not None
    loaded: dict[str, object] = json.loads(data[1])
    return loaded


def related(html: str) -> list[str]:
    """The addresses the related-articles box links to."""
    box = re.search(r'<aside class="related".*?</aside>', html, re.S)
    return re.findall(r'<a href="([^"]+)"', box[0]) if box else []


def neighbours(html: str) -> list[str]:
    """The older and newer articles' links, as (class, address)."""
    return re.findall(r'<a class="article-nav__(\w+)" href="([^"]+)"', html)


def sitemap_entry(tmp_path: Path, url: str) -> str:
    found = re.search(
        rf"<url>\s*<loc>{re.escape(url)}</loc>.*?</url>", read(tmp_path, "sitemap.xml"), re.S
    )
    assert found is not None, url
    return re.sub(r"\n\s*", "\n", found[0])


HREFLANG = [
    f'<link rel="alternate" hreflang="en" href="{EN}">',
    f'<link rel="alternate" hreflang="ja" href="{JA}">',
    f'<link rel="alternate" hreflang="x-default" href="{JA}">',
]


def test_each_version_links_to_the_other_by_its_languages_own_name(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path))
    japanese, english = (
        read(tmp_path, "posts/alico/index.html"),
        read(tmp_path, "posts/alico-en/index.html"),
    )
    assert switcher(japanese) == (
        '<p class="article__translations" data-pagefind-ignore>他の言語で読む: '
        '<a href="/posts/alico-en/" rel="alternate" hreflang="en" lang="en">English</a></p>'
    )
    assert switcher(english) == (
        '<p class="article__translations" data-pagefind-ignore>他の言語で読む: '
        '<a href="/posts/alico/" rel="alternate" hreflang="ja" lang="ja">日本語</a></p>'
    )
    assert switcher(read(tmp_path, "posts/other/index.html")) == ""


def test_each_version_names_every_version_and_x_default_in_its_head(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path))
    assert head_links(read(tmp_path, "posts/alico/index.html")) == [
        *HREFLANG,
        '<meta property="og:locale" content="ja_JP">',
        '<meta property="og:locale:alternate" content="en_US">',
    ]
    assert head_links(read(tmp_path, "posts/alico-en/index.html")) == [
        *HREFLANG,
        '<meta property="og:locale" content="en_US">',
        '<meta property="og:locale:alternate" content="ja_JP">',
    ]
    assert head_links(read(tmp_path, "posts/other/index.html")) == [
        '<meta property="og:locale" content="ja_JP">'
    ]


def test_the_sitemap_lists_the_versions_of_each_translated_page(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path))
    sitemap = read(tmp_path, "sitemap.xml")
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in sitemap
    alternates = (
        f'<xhtml:link rel="alternate" hreflang="en" href="{EN}"/>\n'
        f'<xhtml:link rel="alternate" hreflang="ja" href="{JA}"/>\n'
        f'<xhtml:link rel="alternate" hreflang="x-default" href="{JA}"/>\n'
    )
    assert sitemap_entry(tmp_path, JA) == (
        f"<url>\n<loc>{JA}</loc>\n<lastmod>2024-03-01T00:00:00+09:00</lastmod>\n{alternates}</url>"
    )
    assert sitemap_entry(tmp_path, EN).endswith(alternates + "</url>")
    other = sitemap_entry(tmp_path, "https://example.com/posts/other/")
    assert "xhtml:link" not in other


def test_a_sitemap_without_translations_declares_no_xhtml_namespace(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path, translation_key="another"), strict=False)
    assert "xhtml" not in read(tmp_path, "sitemap.xml")


def test_the_structured_data_says_which_is_the_translation_of_which(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path))
    japanese = structured(read(tmp_path, "posts/alico/index.html"))
    english = structured(read(tmp_path, "posts/alico-en/index.html"))
    assert japanese["workTranslation"] == [{"@type": "CreativeWork", "url": EN, "inLanguage": "en"}]
    assert english["translationOfWork"] == {"@type": "CreativeWork", "url": JA, "inLanguage": "ja"}
    assert "translationOfWork" not in japanese and "workTranslation" not in english


def test_pages_are_translated_as_articles_are(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/about.md": (
                "---\ntitle: 会社概要\nlanguage: ja\ntranslationKey: about\n---\n本文\n"
            ),
            "content/about-en.md": "---\ntitle: About us\ntranslationKey: about\n---\nText\n",
        },
        config='title = "Notes"\nlanguage = "en"\nbase_url = "https://example.com/"\n',
    )
    build_site(tmp_path)
    about = read(tmp_path, "about/index.html")
    assert switcher(read(tmp_path, "about-en/index.html")) == (
        '<p class="article__translations" data-pagefind-ignore>Read in: '
        '<a href="/about/" rel="alternate" hreflang="ja" lang="ja">日本語</a></p>'
    )
    # The site is in English: x-default is the English version.
    assert head_links(about)[:3] == [
        '<link rel="alternate" hreflang="en" href="https://example.com/about-en/">',
        '<link rel="alternate" hreflang="ja" href="https://example.com/about/">',
        '<link rel="alternate" hreflang="x-default" href="https://example.com/about-en/">',
    ]


def header_menu(html: str) -> list[str]:
    """The addresses of the header's menu after home, tags and archives."""
    nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
    return re.findall(r'<li><a href="([^"]+)"', nav)[3:]


def test_a_page_in_another_language_joins_a_menu_only_when_it_names_one(tmp_path: Path) -> None:
    """The menus are in the site's language: the translation of a page is linked from
    it, not from the menu of every page, unless it says menu: main."""
    pages = {
        "content/about.md": "---\ntitle: 会社概要\ntranslationKey: about\n---\n本文\n",
        "content/about-en.md": (
            "---\ntitle: About us\nlanguage: en\ntranslationKey: about\n---\nText\n"
        ),
        "content/access-en.md": "---\ntitle: Access\nlanguage: en\nmenu: main\n---\nText\n",
    }
    build_site(write_site(tmp_path, pages, config=CONFIG))
    for page in ("about", "about-en", "access-en"):
        assert header_menu(read(tmp_path, f"{page}/index.html")) == ["/about/", "/access-en/"]
    assert "About us" not in read(tmp_path, "index.html")


def test_a_draft_translation_is_not_linked_until_it_is_published(tmp_path: Path) -> None:
    site = translated_site(tmp_path, draft="true")
    result = build_site(site)
    assert result.warnings == []  # its key is not alone: the translation is being written
    japanese = read(tmp_path, "posts/alico/index.html")
    assert switcher(japanese) == "" and "hreflang" not in japanese
    assert "alico-en" not in read(tmp_path, "sitemap.xml") + japanese
    build_site(site, drafts=True)  # a preview shows it, but tells search engines nothing
    japanese = read(tmp_path, "posts/alico/index.html")
    assert switcher(japanese) == (
        '<p class="article__translations" data-pagefind-ignore>他の言語で読む: '
        '<a href="/posts/alico-en/" lang="en">English</a></p>'
    )
    assert head_links(japanese) == ['<meta property="og:locale" content="ja_JP">']
    assert "workTranslation" not in structured(japanese)
    assert "xhtml" not in read(tmp_path, "sitemap.xml")
    # The other way round: the work in the site's language is the draft.
    posts = tmp_path / "content/posts"
    (posts / "alico.md").write_text(
        article("アリコ", "2024-03-01", slug="alico", translationKey="alico", draft="true"), "utf-8"
    )
    (posts / "alico-en.md").write_text(
        article("Alico", "2024-03-02", slug="alico-en", language="en", translation_key="alico"),
        "utf-8",
    )
    build_site(site, drafts=True)
    english = read(tmp_path, "posts/alico-en/index.html")
    assert 'lang="ja">日本語</a>' in switcher(english) and "hreflang" not in english
    assert "translationOfWork" not in structured(english)


def test_an_articles_versions_are_neither_related_to_it_nor_its_neighbours(
    tmp_path: Path,
) -> None:
    """Its page links to them under its title already: the related box and the
    older/newer links offer other texts, as they do for the parts of its series."""
    build_site(translated_site(tmp_path))
    japanese = read(tmp_path, "posts/alico/index.html")
    english = read(tmp_path, "posts/alico-en/index.html")
    other = read(tmp_path, "posts/other/index.html")
    assert related(japanese) == related(english) == ["/posts/other/"]
    assert related(other) == ["/posts/alico-en/", "/posts/alico/"]
    # Newest first: other, alico-en, alico. Each version skips the other.
    assert neighbours(japanese) == [("newer", "/posts/other/")]
    assert neighbours(english) == [("newer", "/posts/other/")]
    assert neighbours(other) == [("older", "/posts/alico-en/")]


def test_a_scheduled_translation_is_not_linked_from_the_published_one(tmp_path: Path) -> None:
    translated_site(tmp_path, publishDate="2999-01-01")
    build_site(tmp_path)
    assert "alico-en" not in read(tmp_path, "posts/alico/index.html")


@pytest.mark.parametrize("kept_out", ["noindex: true", "canonical: https://note.com/x/n/n1"])
def test_a_version_search_engines_do_not_index_is_linked_for_readers_only(
    tmp_path: Path, kept_out: str
) -> None:
    key, value = kept_out.split(": ", 1)
    build_site(translated_site(tmp_path, **{key: value}))
    japanese = read(tmp_path, "posts/alico/index.html")
    english = read(tmp_path, "posts/alico-en/index.html")
    assert "English</a>" in switcher(japanese) and "日本語</a>" in switcher(english)
    # hreflang names only versions that may be indexed: here, none but itself; and
    # so do og:locale:alternate, the JSON-LD and the links for readers.
    assert head_links(japanese) == ['<meta property="og:locale" content="ja_JP">']
    assert 'hreflang="en"' not in switcher(japanese) and 'hreflang="ja"' in switcher(english)
    assert "hreflang" not in "".join(head_links(english))
    assert "workTranslation" not in structured(japanese)
    assert structured(english)["translationOfWork"] == {
        "@type": "CreativeWork", "url": JA, "inLanguage": "ja"
    }  # fmt: skip
    assert "xhtml" not in read(tmp_path, "sitemap.xml")


def test_without_base_url_the_versions_are_linked_but_named_by_no_hreflang(tmp_path: Path) -> None:
    build_site(translated_site(tmp_path, config='title = "経営ノート"\n'))
    japanese = read(tmp_path, "posts/alico/index.html")
    assert "English</a>" in switcher(japanese)
    assert head_links(japanese) == [
        '<meta property="og:locale" content="ja_JP">',
        '<meta property="og:locale:alternate" content="en_US">',
    ]


def test_a_theme_of_its_own_gets_the_translations_with_titles(tmp_path: Path) -> None:
    translated_site(tmp_path)
    template = (
        '{% extends "builtin/article.html" %}{% block content %}'
        "{% for t in article.translations %}<i>{{ t.title }}|{{ t.url }}|{{ t.language }}|"
        "{{ t.name }}</i>{% endfor %}{% endblock %}"
    )
    write_site(tmp_path, {"theme/templates/article.html": template}, config=CONFIG)
    build_site(tmp_path)
    assert "<i>Alico apologizes|/posts/alico-en/|en|English</i>" in read(
        tmp_path, "posts/alico/index.html"
    )
    assert "<i>アリコ 13万人に謝罪金|/posts/alico/|ja|日本語</i>" in read(
        tmp_path, "posts/alico-en/index.html"
    )


def test_two_versions_in_one_language_are_an_error_naming_both(tmp_path: Path) -> None:
    translated_site(tmp_path, language="ja")
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert str(problem) == (
        "content/posts/alico.md:5: translationKey: content/posts/alico-en.md (line 6) "
        "has the key 'alico' too, in the same language (ja) "
        "(hint: the versions of one text are each in another language: "
        "write language: en in the other's front matter, or give a different text a key of its own)"
    )


def test_a_key_no_other_article_gives_is_a_warning_with_the_nearest_key(tmp_path: Path) -> None:
    translated_site(tmp_path, translation_key="alicoo")
    (tmp_path / "content/posts/other.md").write_text(
        article("別の記事", "2024-03-03", slug="other", translationKey="consulting"), "utf-8"
    )
    warnings = [str(w) for w in build_site(tmp_path).warnings]
    assert warnings == [
        "content/posts/alico-en.md:6: warning: translation_key: no other article or page has "
        "the key 'alicoo': its translation is missing or the key is misspelt "
        "(hint: did you mean 'alico'?)",
        "content/posts/alico.md:5: warning: translationKey: no other article or page has "
        "the key 'alico': its translation is missing or the key is misspelt "
        "(hint: did you mean 'alicoo'?)",
        "content/posts/other.md:5: warning: translationKey: no other article or page has "
        "the key 'consulting': its translation is missing or the key is misspelt "
        "(hint: give its translation translationKey: consulting and language: en)",
    ]


def test_a_key_that_is_not_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事", translationKey="[a, b]")})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.message) == (
        "content/posts/a.md",
        4,
        "translationKey: must be text, not ['a', 'b']",
    )


@pytest.mark.parametrize(
    ("start", "edit"),
    [
        ("", {"translation_key": "alico"}),  # the key given: both pages link
        ("alico", {"translation_key": "other"}),  # the key changed: neither does
        ("alico", {"translation_key": ""}),  # the key removed
        ("alico", {"title": "Alico apologizes again"}),  # the other shows the new title
        ("alico", {"slug": "alico-english"}),  # and follows its new address
        ("alico", {"noindex": "true"}),  # and names it by hreflang no more
        ("alico", {"draft": "true"}),  # and links to it no more
        ("alico", {"translation_key": "other", "tags": "[経営, 採用]"}),  # now related
        ("", {"tags": "[採用]"}),  # related no more, but by its tags
        ("other", {"translation_key": "alico"}),  # a version: related and a neighbour no more
        ("alico", {"date": "2024-02-01"}),  # moved after its version: alico is newer now
    ],
)
@pytest.mark.parametrize("drafts", [False, True], ids=["", "drafts"])
def test_a_long_lived_builder_follows_translation_edits(
    tmp_path: Path, start: str, edit: dict[str, str], drafts: bool
) -> None:
    """As serve builds: an edit to one version renders the other again, and the
    sitemap, as a clean build does (with --drafts too, as serve builds, where a
    draft version is linked but named to search engines no more)."""
    shown = (
        '{% extends "builtin/article.html" %}{% block content %}'
        "{% for t in article.translations %}<i>{{ t.title }}</i>{% endfor %}"
        "{{ super() }}{% endblock %}"
    )
    site = translated_site(tmp_path / "site", translation_key=start)
    (site / "theme/templates").mkdir(parents=True)
    (site / "theme/templates/article.html").write_text(shown, "utf-8")
    output = tmp_path / "out"
    builder = Builder(site, BuildOptions(output=output, search=False, drafts=drafts))
    builder.build()
    keys = {"slug": "alico-en", "language": "en", "translation_key": "alico", **edit}
    keys.setdefault("tags", "[経営]")
    title, date = keys.pop("title", "Alico apologizes"), keys.pop("date", "2024-03-02")
    path = "content/posts/alico-en.md"
    (site / path).write_text(article(title, date, "Body.", **keys), "utf-8")
    builder.build({path})
    clean = build_site(site, output=tmp_path / "clean", drafts=drafts)
    assert snapshot(output) == snapshot(clean.output)
