"""Themes: site overrides, extending the built-in theme, strings, template errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sitekit import REPO, article, build_site, contrast, read, write_site

from sitegen.discover import builtin_theme_dir
from sitegen.errors import SiteError


def test_site_template_overrides_and_extends_the_builtin_one(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/article.html": """
                {% extends "builtin/article.html" %}
                {% block content %}<p class="mine">自作</p>{{ super() }}{% endblock %}
            """,
        },
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert '<p class="mine">自作</p>' in page
    assert '<h1 class="article__title">記事</h1>' in page  # the built-in block still renders


def test_what_a_base_template_adds_reaches_every_kind_of_page(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/base.html": """
                {% extends "builtin/base.html" %}
                {% block head %}{{ super() }}<link rel="preconnect" href="https://fonts.example">{% endblock %}
                {% block scripts %}{{ super() }}<script src="/counter.js"></script>{% endblock %}
            """,
        },
    )
    build_site(tmp_path)
    for page in ("index.html", "posts/a/index.html", "search/index.html", "tags/index.html"):
        html = read(tmp_path, page)
        assert '<link rel="preconnect" href="https://fonts.example">' in html, page
        assert '<script src="/counter.js"></script>' in html, page
    assert "application/ld+json" in read(tmp_path, "posts/a/index.html")  # and their own
    assert "/assets/js/search." in read(tmp_path, "search/index.html")


def test_site_strings_and_assets_override_key_by_key(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/i18n/ja.toml": 'read_more = "全文を読む"\n',
            "theme/static/css/site.css": "body { color: red; }\n",
        },
    )
    build_site(tmp_path)
    home = read(tmp_path, "index.html")
    assert "全文を読む" in home and "本文へスキップ" in home
    (css,) = (tmp_path / "public/assets/css").glob("site.*.css")
    assert css.read_text() == "body { color: red; }\n"
    assert f'href="/assets/css/{css.name}"' in home


def test_template_syntax_error_names_the_theme_file_and_line(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": article("記事"), "theme/templates/article.html": "<p>\n{% if %}\n"},
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "theme/templates/article.html:2: template syntax error: Expected an expression, got 'end of statement block'"
    ]


def test_every_template_is_compiled_and_each_syntax_error_told_even_in_unused_ones(
    tmp_path: Path,
) -> None:
    # Hugo parses every template at start: a partial no page includes yet, the layout
    # of an article scheduled for later, are told now, not on the day a page uses them.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/partials/unused.html": "<p>\n{% if x %}\nまだ\n",
            "theme/templates/icons/star.svg": "<svg>{{ name | nofilter }}</svg>\n",
            "theme/templates/article.html": '{% extends "builtin/article.html" %}\n',
            "theme/templates/old.html": b"ok" + "です".encode("shift_jis"),
        },
    )
    for command in ("build", "check"):
        with pytest.raises(SiteError) as caught:
            build_site(tmp_path, write=command == "build")
        assert [str(p) for p in caught.value.problems] == [
            "theme/templates/icons/star.svg:1: template syntax error: No filter named 'nofilter'.",
            "theme/templates/old.html:1: not UTF-8 text (hint: this looks like Shift_JIS; save the file as UTF-8)",
            "theme/templates/partials/unused.html:3: template syntax error: Unexpected end of "
            "template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. "
            "The innermost block that needs to be closed is 'if'.",
        ], command
    assert not (tmp_path / "public").exists()


def test_only_template_files_are_compiled_not_notes_or_pictures_beside_them(
    tmp_path: Path,
) -> None:
    # A theme's README with Jinja examples, a screenshot, Windows' Thumbs.db: not
    # templates, so not compiled; a broken .svg partial is one, and still told. A
    # file included by name is a template all the same.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            CARD: '<p class="mine">{% include "partials/note.md" %}</p>\n',
            "theme/templates/partials/note.md": "*{{ site.config.title }}*",
            "theme/templates/README.md": "Use {{ site.title }} and {% block content %} here.\n",
            "theme/templates/screenshot.png": b"\x89PNG\r\n\x1a\n\xff\xfe\x00",
            "theme/templates/Thumbs.db": b"\xd0\xcf\x11\xe0\xff",
            "theme/templates/desktop.ini": "[.ShellClassInfo]\n{% if %}\n",
        },
    )
    build_site(tmp_path, write=False)
    build_site(tmp_path)
    assert '<p class="mine">*テストブログ*</p>' in read(tmp_path, "index.html")
    write_site(tmp_path, {"theme/templates/partials/icon.svg": "<svg>\n{% if x %}</svg>\n"})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path, write=False)
    assert [str(p) for p in caught.value.problems] == [
        "theme/templates/partials/icon.svg:2: template syntax error: Unexpected end of "
        "template. Jinja was looking for the following tags: 'elif' or 'else' or 'endif'. "
        "The innermost block that needs to be closed is 'if'."
    ]


def test_undefined_variable_is_an_error_not_an_empty_string(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/article.html": "<p>\n{{ article.nothing }}\n",
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "theme/templates/article.html:2: template error: the article content/posts/a.md has no "
        "field 'nothing'; rendering /posts/a/ (content/posts/a.md) (hint: its front-matter keys "
        "that sitegen does not read are in extra: extra.nothing)"
    ]


def test_a_macro_imported_without_the_pages_variables_is_told_how_to_have_them(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/partials/macros.html": "{% macro name() %}\n{{ site.config.title }}{% endmacro %}\n",
            "theme/templates/article.html": '{% from "partials/macros.html" import name %}<p>{{ name() }}</p>\n',
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "theme/templates/partials/macros.html:2: template error: 'site' is undefined; "
        "rendering /posts/a/ (content/posts/a.md) (hint: a macro of a template imported with "
        "{% import %} or {% from … import %} sees the page's variables only when imported "
        'with them: {% from "partials/macros.html" import box with context %}, or give them '
        "to it as arguments)"
    ]
    (tmp_path / "theme/templates/article.html").write_text(
        '{% from "partials/macros.html" import name with context %}<p>{{ name() }}</p>\n', "utf-8"
    )
    build_site(tmp_path)
    assert read(tmp_path, "posts/a/index.html") == "<p>テストブログ</p>\n"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("{{ 1 / 0 }}", "template error: division by zero"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "template error: maximum recursion"),
        ("{{ '%d' % 'x' }}", "template error: %d format: a real number is required, not str"),
    ],
)
def test_any_error_raised_by_template_code_names_the_file_and_line(
    tmp_path: Path, code: str, message: str
) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": article("記事"), "theme/templates/article.html": f"<p>\n{code}\n"},
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == ("theme/templates/article.html", 2)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("strings", "message"),
    [
        ("# mine\nread_more = \n", "theme/i18n/ja.toml:2: invalid TOML: Invalid value"),
        (
            '# mine\nskip = "x"\nread_more = 3\n',
            "theme/i18n/ja.toml:3: read_more: must be text, not 3",
        ),
    ],
)
def test_a_mistake_in_the_ui_strings_names_its_line(
    tmp_path: Path, strings: str, message: str
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事"), "theme/i18n/ja.toml": strings})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems if p.is_error] == [message]


def test_content_is_never_evaluated_as_a_template(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "'{{ 7 * 7 }}'", body="{% if true %}{{ 6 * 7 }}{% endif %}"
            )
        },
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert "{{ 7 * 7 }}" in page and "{% if true %}{{ 6 * 7 }}{% endif %}" in page
    assert "42" not in page


def test_front_matter_is_escaped_in_html(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article('"<script>alert(1)</script>"')})
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.parametrize(
    ("language", "pattern", "written"),
    [
        ("en", "%d %B %Y", "12 March 2024"),
        ("en", "%a, %-d %b %Y %-I:%M %p", "Tue, 12 Mar 2024 9:05 AM"),
        ("ja", "%Y年%-m月%-d日(%a) %H:%M", "2024年3月12日(火) 09:05"),
        ("ja", "%B%-d日 %A 100%%", "3月12日 火曜日 100%"),
    ],
)
def test_the_date_filter_takes_a_format_in_the_sites_language(
    tmp_path: Path, language: str, pattern: str, written: str
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", date="2024-03-12 09:05"),
            "theme/templates/article.html": f'<p>{{{{ article.date | date("{pattern}") }}}}</p>\n',
        },
        config=f'title = "t"\nlanguage = "{language}"\n',
    )
    build_site(tmp_path)
    assert read(tmp_path, "posts/a/index.html") == f"<p>{written}</p>\n"


def test_filters_of_the_build_are_worked_out_for_each_build_not_kept_in_compiled_templates(
    tmp_path: Path,
) -> None:
    """A template is compiled once and kept in the cache: a filter given a constant
    must still follow the address and the date format of each build (a preview's, a
    staging target's, the site's after an edit)."""
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/templates/article.html": """
                {% extends "builtin/article.html" %}
                {% block content %}<p id="c">{{ '/contact/' | absolute }}</p>{{ super() }}{% endblock %}
            """,
        },
        'title = "T"\nbase_url = "https://blog.example.jp/"\n',
    )
    contact = re.compile(r'<p id="c">([^<]*)</p>')
    build_site(tmp_path, base_url="http://127.0.0.1:8000/", output=tmp_path / "preview")
    page = (tmp_path / "preview/posts/a/index.html").read_text("utf-8")
    assert contact.findall(page) == ["http://127.0.0.1:8000/contact/"]
    build_site(tmp_path)
    assert contact.findall(read(tmp_path, "posts/a/index.html")) == [
        "https://blog.example.jp/contact/"
    ]
    (tmp_path / "site.toml").write_text(
        'title = "T"\nbase_url = "https://blog.example.com/"\n', "utf-8"
    )
    build_site(tmp_path)
    assert contact.findall(read(tmp_path, "posts/a/index.html")) == [
        "https://blog.example.com/contact/"
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            '{{ article.date | date("%d %Q") }}',
            "theme/templates/article.html:2: template error: date('%d %Q'): %Q is not a field "
            "sitegen knows (hint: the fields: %Y %y %m %-m %B %b %d %-d %A %a %H %-H %I %-I %p "
            "%M %S %z %% (see Themes in the README))",
        ),
        (
            "{{ article.title | date }}",
            "theme/templates/article.html:2: template error: date: '記事' is not a date; "
            "rendering /posts/a/ (content/posts/a.md)",
        ),
        (
            "{{ article.date | date(3) }}",
            'theme/templates/article.html:2: template error: date: the format must be text, like "%d %B %Y", not 3',
        ),
    ],
)
def test_a_mistake_with_the_date_filter_is_told_in_words(
    tmp_path: Path, code: str, message: str
) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": article("記事"), "theme/templates/article.html": f"<p>\n{code}\n"},
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [message]


def test_the_lang_attr_filter_marks_another_language_and_tells_a_mistake(
    tmp_path: Path,
) -> None:
    template = "<p{{ article | lang_attr }}>{{ article.title }}</p>\n"
    files = {
        "content/posts/a.md": article("記事"),
        "content/posts/b.md": article("Pricing", slug="b", language="en"),
        "theme/templates/article.html": template,
    }
    build_site(write_site(tmp_path, files))
    assert read(tmp_path, "posts/a/index.html") == "<p>記事</p>\n"
    assert read(tmp_path, "posts/b/index.html") == '<p lang="en">Pricing</p>\n'
    files["theme/templates/article.html"] = "<p>\n<h1{{ article.title | lang_attr }}>\n"
    with pytest.raises(SiteError) as caught:
        build_site(write_site(tmp_path, files))
    assert [str(p) for p in caught.value.problems] == [
        "theme/templates/article.html:2: template error: lang_attr: '記事' has no language"
        " (hint: give it an article, a link to one (site.recent, related, older…) or a"
        " breadcrumb)",
    ]


@pytest.mark.parametrize(
    ("templates", "message"),
    [
        (
            {
                "theme/templates/partials/article_card.html": '<p>\n{% include "partials/missing.html" %}\n'
            },
            "theme/templates/partials/article_card.html:2: the theme has no template "
            "'partials/missing.html' (hint: add it to your theme/templates/)",
        ),
        (
            {"theme/templates/article.html": '{% extends "builtin/articel.html" %}\n'},
            "theme/templates/article.html:1: the built-in theme has no template 'articel.html' "
            "(hint: did you mean 'builtin/article.html'?)",
        ),
        (
            {"theme/templates/article.html": '{% extends "builtin/zzz.html" %}\n'},
            "theme/templates/article.html:1: the built-in theme has no template 'zzz.html' "
            "(hint: after builtin/ comes a built-in template's name: builtin/article.html)",
        ),
        (
            {
                "theme/templates/partials/mine.html": "<p>mine</p>\n",
                "theme/templates/article.html": '<p>\n\n{% include "partials/mien.html" %}\n',
            },
            "theme/templates/article.html:3: the theme has no template 'partials/mien.html' "
            "(hint: did you mean 'partials/mine.html'?)",
        ),
    ],
)
def test_a_template_not_found_is_named_where_it_is_included_with_the_closest_name(
    tmp_path: Path, templates: dict[str, str], message: str
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事"), **templates})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [message]


EN = 'title = "t"\nlanguage = "en"\nbase_url = "https://example.com/"\n'
CARD = "theme/templates/partials/article_card.html"


def failing(tmp_path: Path, files: dict[str, str]) -> list[str]:
    """The problems of building a site of ``files`` (in English), which must fail."""
    write_site(tmp_path, {"content/posts/a.md": article("Hello"), **files}, config=EN)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    return [str(p) for p in caught.value.problems]


def test_a_ui_string_naming_a_value_its_template_does_not_give_is_found_in_its_file(
    tmp_path: Path,
) -> None:
    problems = failing(
        tmp_path,
        {
            "theme/i18n/en.toml": '# mine\ngreeting = "Hello {nmae}"\n',
            CARD: '<p>{{ t("greeting", name=article.title) }}</p>\n',
        },
    )
    assert problems == [
        "theme/i18n/en.toml:2: greeting: {nmae} is not a value this string is given "
        "(it is given: name) (hint: did you mean 'name'?)"
    ]


def test_an_overridden_ui_string_may_use_the_values_of_its_built_in_one_and_no_other(
    tmp_path: Path,
) -> None:
    problems = failing(tmp_path, {"theme/i18n/en.toml": 'written_by = "By {writer}"\n'})
    assert problems == [
        "theme/i18n/en.toml:1: written_by: {writer} is not a value this string is given "
        "(it is given: author)"
    ]


@pytest.mark.parametrize(
    ("string", "byline"),
    [
        ("執筆者", "執筆者 山田太郎"),  # the value left out: the name after the string
        ("{author} 記", "山田太郎 記"),
        ("著者: {author}", "著者: 山田太郎"),
    ],
)
def test_an_overridden_byline_may_leave_out_the_name_or_put_it_anywhere(
    tmp_path: Path, string: str, byline: str
) -> None:
    write_site(
        tmp_path,
        {"content/posts/a.md": article("記事"), "theme/i18n/ja.toml": f'written_by = "{string}"\n'},
        'title = "T"\nauthor = "山田太郎"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    [shown] = re.findall(r'<span class="article-meta__author">(.*?)</span>', page, re.S)
    assert shown.strip() == byline


def test_an_overridden_ui_string_may_use_a_value_the_sites_own_template_gives(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("Hello"),
            "theme/i18n/en.toml": 'page_n = "Page {n} of {site}"\n',
            "theme/templates/article.html": '<p>{{ t("page_n", n=2, site="mine") }}</p>\n',
        },
        config=EN,
    )
    assert build_site(tmp_path).warnings == []
    assert read(tmp_path, "posts/a/index.html") == "<p>Page 2 of mine</p>\n"


@pytest.mark.parametrize(
    ("strings", "message"),
    [
        (
            'greeting = "Hello } there"\n',
            "theme/i18n/en.toml:1: greeting: a { or } that is not part of a {name} "
            "(hint: a brace of the text itself is written twice: {{ }})",
        ),
        (
            'read_more = "More {0}"\n',
            "theme/i18n/en.toml:1: read_more: {0} is not a name of a value "
            "(hint: a brace of the text itself is written twice: {{ }})",
        ),
    ],
)
def test_braces_that_are_not_a_value_are_a_mistake_at_their_line(
    tmp_path: Path, strings: str, message: str
) -> None:
    assert failing(tmp_path, {"theme/i18n/en.toml": strings}) == [message]


def test_a_missing_value_is_an_error_at_the_templates_line(tmp_path: Path) -> None:
    problems = failing(tmp_path, {CARD: '<p>\n{{ t("page_n") }}</p>\n'})
    assert problems == [
        f"{CARD}:2: template error: t('page_n') gives no value for {{n}} of the UI string "
        "'Page {n}' in (built-in theme) i18n/en.toml (hint: give it one: t('page_n', n=…))"
    ]


def test_a_string_keyed_in_the_template_is_checked_against_the_values_given_there(
    tmp_path: Path,
) -> None:
    problems = failing(
        tmp_path,
        {
            "theme/i18n/en.toml": 'greet_en = "Hello {nmae}"\n',
            CARD: '<p>{{ t("greet_" ~ lang, name=article.title) }}</p>\n',
        },
    )
    assert problems == [
        "theme/i18n/en.toml:1: greet_en: {nmae} is not a value this string is given "
        "(it is given: name) (hint: did you mean 'name'?)"
    ]


def test_a_missing_value_of_a_string_whose_key_is_unknown_names_the_strings_file(
    tmp_path: Path,
) -> None:
    # The key is made in the template: the string cannot be checked when it is read.
    problems = failing(
        tmp_path,
        {
            "theme/i18n/en.toml": 'greet_en = "Hello {nmae}"\n',
            CARD: '{% set key = "greet_" ~ lang %}\n<p>{{ t(key, name=article.title) }}</p>\n',
        },
    )
    assert problems == [
        f"{CARD}:2: template error: t('greet_en') gives no value for {{nmae}} of the UI "
        "string 'Hello {nmae}' in theme/i18n/en.toml:1 (hint: it gives name; in "
        "theme/i18n/en.toml:1, did you mean 'name'?)"
    ]


def test_an_unknown_ui_string_is_an_error_with_the_closest_key(tmp_path: Path) -> None:
    problems = failing(tmp_path, {CARD: '<p>{{ t("read_mroe") }}</p>\n'})
    assert problems == [
        f"{CARD}:1: template error: t('read_mroe'): there is no UI string 'read_mroe' "
        "(hint: did you mean 'read_more'?)"
    ]


def test_a_misspelt_key_in_the_themes_strings_is_a_warning_but_one_of_its_own_is_not(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("Hello"),
            "theme/i18n/en.toml": (
                'read_mroe = "More"\n'
                'greeting = "Hi, {name}"\n'  # its own, used below
                'farewell = "Bye"\n'  # its own, used by no template
                'article_count_one = "{count} article"\n'  # a _one form of a built-in key
                'calc_reset = "Start again"\n'  # used by no template, but built in
                'banner_top = "Top"\n'  # keyed in a template: "banner_" ~ place
            ),
            CARD: (
                '<p>{{ t("greeting", name=article.title) }}</p><p>{{ t("banner_" ~ "top") }}</p>\n'
            ),
        },
        config=EN,
    )
    result = build_site(tmp_path)
    assert [str(w) for w in result.warnings] == [
        "theme/i18n/en.toml:1: warning: read_mroe: no built-in UI string has this key, and no "
        "template of the theme uses it (hint: did you mean 'read_more'?)",
        "theme/i18n/en.toml:3: warning: farewell: no built-in UI string has this key, and no "
        "template of the theme uses it (hint: a string of the theme's own is used in its "
        'templates: t("farewell"))',
    ]
    assert "<p>Hi, Hello</p><p>Top</p>" in read(tmp_path, "index.html")


def test_a_misspelt_key_of_the_themes_own_is_told_the_key_its_templates_use(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("Hello"),
            "theme/i18n/en.toml": 'featurd_title = "Featured"\n',
            CARD: '<p>{{ t("featured_title") }}</p>\n',
        },
        config=EN,
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "theme/i18n/en.toml:1: warning: featurd_title: no built-in UI string has this key, "
        "and no template of the theme uses it (hint: did you mean 'featured_title'?)",
        f"{CARD}:1: template error: t('featured_title'): there is no UI string "
        "'featured_title' (hint: did you mean 'featurd_title'?)",
    ]


def test_a_key_of_the_themes_own_missing_in_one_language_is_to_be_added_there(
    tmp_path: Path,
) -> None:
    """Not series_title, a built-in key a little like it, as a hint: the file lacks it yet."""
    problems = failing(
        tmp_path,
        {
            "theme/i18n/ja.toml": 'featured_title = "注目"\n',
            CARD: '<p>{{ t("featured_title") }}</p>\n',
        },
    )
    assert problems == [
        f"{CARD}:1: template error: t('featured_title'): there is no UI string "
        "'featured_title' (hint: add it to theme/i18n/en.toml)"
    ]


def test_no_key_is_unknown_when_a_template_makes_its_keys_entirely(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("Hello"),
            "theme/i18n/en.toml": 'mine = "Mine"\n',
            CARD: "<p>{{ t(article.title | lower) if false else t('mine') }}</p>\n",
        },
        config=EN,
    )
    assert build_site(tmp_path).warnings == []


def test_a_key_an_articles_extra_lacks_is_empty_and_false(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事A", subtitle="副題"),
            "content/posts/b.md": article("記事B", date="2024-03-11"),
            "theme/templates/article.html": (
                "<p>{{ article.extra.subtitle }}|"
                "{% if article.extra.subtitle %}yes{% else %}no{% endif %}|"
                "{{ article.extra.subtitle | default('none') }}|"
                "{{ article.extra.subtitle is defined }}|"
                "{{ article.extra.meta.author }}|{{ article.extra | length }}</p>\n"
            ),
        },
    )
    build_site(tmp_path)
    assert read(tmp_path, "posts/a/index.html") == "<p>副題|yes|副題|True||1</p>\n"
    assert read(tmp_path, "posts/b/index.html") == "<p>|no|none|False||0</p>\n"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        (
            "{{ article.subtitle }}",
            f"{CARD}:2: template error: the article content/posts/b.md has no field "
            "'subtitle'; rendering / (the home page) (hint: its front-matter keys that "
            "sitegen does not read are in extra: extra.subtitle)",
        ),
        (
            "{{ article.titel }}",
            f"{CARD}:2: template error: the article content/posts/b.md has no field 'titel'; "
            "rendering / (the home page) (hint: did you mean 'title'?)",
        ),
        (
            "{{ site.recnt }}",
            f"{CARD}:2: template error: site has no field 'recnt'; rendering / (the home page) "
            "(hint: did you mean 'recent'?)",
        ),
        (
            "{{ page.titel }}",
            f"{CARD}:2: template error: page has no field 'titel'; rendering / (the home page) "
            "(hint: did you mean 'title'?)",
        ),
        (
            "{{ article.extra.subtitle.text.upper() }}",  # calling what is not there
            f"{CARD}:2: template error: extra has no key 'subtitle'; rendering / (the home page) "
            "(hint: a key an article does not have is empty: show it, or test it with {% if %})",
        ),
    ],
)
def test_a_field_that_is_not_there_is_named_with_the_article_and_the_page(
    tmp_path: Path, code: str, message: str
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事A", subtitle="副題"),
            "content/posts/b.md": article("記事B", date="2024-03-13"),  # the newest: first
            CARD: f"<p>\n{code}</p>\n",
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [message]


def test_an_asset_the_theme_lacks_is_an_error_with_the_closest_name(tmp_path: Path) -> None:
    problems = failing(tmp_path, {CARD: '<link href="{{ asset("css/sit.css") }}">\n'})
    assert problems == [
        f"{CARD}:1: template error: asset('css/sit.css'): the theme has no file "
        "static/css/sit.css (hint: did you mean 'css/site.css'?)"
    ]


def test_a_partial_that_pages_of_several_templates_show_is_reported_once(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事A", tags="[経営]"),
            CARD: "<p>\n{{ article.subtitle }}</p>\n",  # on the home page and the tag's
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (CARD, 2)
    assert problem.message.endswith("; rendering / (the home page)")


def test_the_code_stylesheet_is_linked_only_by_pages_that_show_highlighted_code(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/code.md": article("コード", body="```python\nprint(1)\n```\n"),
            "content/posts/prose.md": article("文章"),
            "content/about.md": "---\ntitle: 概要\n---\n\n    indented = 'code'\n",
        },
        'title = "t"\n',
    )
    build_site(tmp_path)
    stylesheet = re.compile(r'<link rel="stylesheet" href="/assets/css/pygments\.[0-9a-f]+\.css">')
    assert stylesheet.search(read(tmp_path, "posts/code/index.html"))
    assert stylesheet.search(read(tmp_path, "about/index.html"))  # a page's code too
    for path in ("posts/prose/index.html", "index.html", "tags/index.html", "search/index.html"):
        assert "pygments" not in read(tmp_path, path), path


def test_an_archive_and_a_base_of_the_themes_own_need_nothing_of_the_built_in_ones(
    tmp_path: Path,
) -> None:
    # The built-in partials import what they use: seo.html the period macro, which only
    # the built-in archive.html imported, and it words the title itself when base.html
    # sets no full_title; tag_list.html lists the site's tags when given none.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", date="2024-07-05", tags="[経営]"),
            "theme/templates/archive.html": """
                {% extends "base.html" %}
                {% block content %}<h1>{{ page.title }}</h1>{% endblock %}
            """,
            "theme/templates/base.html": """
                <title>{% if page.title %}{{ page.title }} | {% endif %}{{ site.config.title }}</title>
                {% include "partials/seo.html" %}
                {% block content %}{% endblock %}
                {% include "partials/tag_list.html" %}
            """,
        },
    )
    build_site(tmp_path)
    month = read(tmp_path, "archives/2024/07/index.html")
    assert "<title>2024年7月 | テストブログ</title>" in month
    assert '<meta property="og:title" content="2024年7月 | テストブログ">' in month
    assert '<meta name="description" content="2024年7月に公開した記事の一覧です。">' in month
    assert "<h1>2024年7月</h1>" in month
    assert '<a class="tag" href="/tags/' in month


@pytest.mark.parametrize(
    ("config", "titles"),
    [
        ("", ["2024年7月 |", "2024年 |", "2ページ目 |"]),
        ('language = "en"\n', ["July 2024 |", "2024 |", "Page 2 |"]),
    ],
)
def test_page_title_of_a_list_page_is_its_heading_in_the_sites_language(
    tmp_path: Path, config: str, titles: list[str]
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("A", date="2024-07-05"),
            "content/posts/b.md": article("B", date="2024-07-06"),
            "theme/templates/base.html": "{{ page.title }} | {% block content %}{% endblock %}",
        },
        config=f'title = "t"\npage_size = 1\n{config}',
    )
    build_site(tmp_path)
    pages = ("archives/2024/07/index.html", "archives/2024/index.html", "page/2/index.html")
    assert [read(tmp_path, page).split(" | ")[0] + " |" for page in pages] == titles


SHIFT_JIS = "テスト".encode("shift_jis")
BOM = b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'# mine\nread_more = "' + SHIFT_JIS + b'"\n',
            "theme/i18n/ja.toml:2: not UTF-8 text "
            "(hint: this looks like Shift_JIS; save the file as UTF-8)",
        ),
        (
            'read_more = "続き"\n'.encode("utf-16"),
            "theme/i18n/ja.toml:1: not UTF-8 text (hint: this is UTF-16; save the file as UTF-8)",
        ),
    ],
)
def test_ui_strings_that_are_not_utf8_are_an_error_naming_the_file(
    tmp_path: Path, data: bytes, message: str
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事"), "theme/i18n/ja.toml": data})
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [message]


def test_ui_strings_and_templates_saved_with_a_byte_order_mark_read_as_without(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/i18n/ja.toml": BOM + 'read_more = "全文へ"\n'.encode(),
            CARD: BOM + b'<p class="mine">{{ t("read_more") }}</p>\n',
        },
    )
    build_site(tmp_path)
    home = read(tmp_path, "index.html")
    assert '<p class="mine">全文へ</p>' in home
    assert "\ufeff" not in home


@pytest.mark.parametrize("name", ["partials/icon.svg", "partials/icon.jinja"])
def test_an_error_in_an_included_template_is_its_own_whatever_its_name(
    tmp_path: Path, name: str
) -> None:
    problems = failing(
        tmp_path,
        {
            CARD: f'<p>\n{{% include "{name}" %}}</p>\n',
            f"theme/templates/{name}": "<svg>\n{{ icon_name }}</svg>\n",
        },
    )
    assert problems == [
        f"theme/templates/{name}:2: template error: 'icon_name' is undefined; "
        "rendering / (the home page)"
    ]


def test_a_template_that_is_not_utf8_is_an_error_naming_it_not_its_includer(
    tmp_path: Path,
) -> None:
    problems = failing(
        tmp_path,
        {
            CARD: '<p>\n{% include "partials/cta.html" %}</p>\n',
            "theme/templates/partials/cta.html": b"<p>\n<b>" + SHIFT_JIS + b"</b></p>\n",
        },
    )
    assert problems == [
        "theme/templates/partials/cta.html:2: not UTF-8 text "
        "(hint: this looks like Shift_JIS; save the file as UTF-8)"
    ]


def test_the_strings_of_the_themes_other_languages_are_checked_too(tmp_path: Path) -> None:
    # A Japanese site whose theme prepares its English version: told of its mistakes now.
    files = {"content/posts/a.md": article("記事"), "theme/i18n/en.toml": 'read_more = "x\n'}
    write_site(tmp_path, files)
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "theme/i18n/en.toml:1: invalid TOML: Illegal character '\\n'"
    ]
    write_site(tmp_path, {"theme/i18n/en.toml": 'read_mroe = "More"\n'})
    assert [str(w) for w in build_site(tmp_path).warnings] == [
        "theme/i18n/en.toml:1: warning: read_mroe: no built-in UI string has this key, and no "
        "template of the theme uses it (hint: did you mean 'read_more'?)"
    ]


def test_every_broken_strings_file_is_told_at_once_and_one_of_no_language_is_a_warning(
    tmp_path: Path,
) -> None:
    # A backup ja.old.toml, or a fr.toml, is no language sitegen has: not read, so its
    # mistakes fail nothing, but told, as it is not used either.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事"),
            "theme/i18n/ja.toml": '# mine\nread_more = "続き\n',
            "theme/i18n/en.toml": 'read_more = "x\n',
            "theme/i18n/ja.old.toml": 'read_more = "古い\n',
            "theme/i18n/fr.toml": 'serch_title = "Recherche"\n',
        },
    )
    hint = "(hint: rename or remove it: only ja.toml and en.toml are read)"
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path, write=False)
    assert [str(p) for p in caught.value.problems] == [  # the warnings told with them
        "theme/i18n/en.toml:1: invalid TOML: Illegal character '\\n'",
        f"theme/i18n/fr.toml: warning: 'fr' is not a language sitegen knows: ja, en {hint}",
        f"theme/i18n/ja.old.toml: warning: 'ja.old' is not a language sitegen knows: ja, en {hint}",
        "theme/i18n/ja.toml:2: invalid TOML: Illegal character '\\n'",
    ]
    write_site(tmp_path, {"theme/i18n/ja.toml": "", "theme/i18n/en.toml": ""})
    assert [str(w) for w in build_site(tmp_path).warnings] == [
        f"theme/i18n/fr.toml: warning: 'fr' is not a language sitegen knows: ja, en {hint}",
        f"theme/i18n/ja.old.toml: warning: 'ja.old' is not a language sitegen knows: ja, en {hint}",
    ]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("{{ t(3) }}", 't() takes the key of a UI string, as text: t("read_more"); it was given 3'),
        (
            "{{ t() }}",
            't() takes the key of a UI string, as text: t("read_more"); it was given nothing',
        ),
        (
            "{{ asset() }}",
            "asset() takes the name of a file in the theme's static/, as text: "
            'asset("css/site.css"); it was given nothing',
        ),
        ("{{ t(nope) }}", "'nope' is undefined; rendering / (the home page)"),
    ],
)
def test_a_function_of_the_theme_given_the_wrong_arguments_says_what_it_takes(
    tmp_path: Path, code: str, message: str
) -> None:
    assert failing(tmp_path, {CARD: f"<p>\n{code}</p>\n"}) == [
        f"{CARD}:2: template error: {message}"
    ]


def test_a_template_that_includes_itself_is_told_so(tmp_path: Path) -> None:
    [problem] = failing(tmp_path, {CARD: '<p>\n{% include "partials/article_card.html" %}</p>\n'})
    assert problem.startswith(f"{CARD}:2: template error: maximum recursion depth exceeded")
    assert problem.endswith(
        "(hint: a template that includes or extends itself, directly or through another, "
        "or a macro that calls itself without end)"
    )


def test_a_shared_part_asking_for_the_page_is_told_it_sees_only_site(tmp_path: Path) -> None:
    sidebar = "theme/templates/partials/sidebar.html"
    [problem] = failing(tmp_path, {sidebar: "<aside>\n{{ page.title }}</aside>\n"})
    assert problem.startswith(f"{sidebar}:2: template error: 'page' is undefined")
    assert problem.endswith(
        "(hint: partials/sidebar.html is put in with shared(): rendered once for all pages, "
        "it sees only site, not a page's variables (page, article…); include it instead to "
        "give it those)"
    )


def _readme_themes() -> str:
    readme = (REPO / "README.md").read_text("utf-8")
    start = readme.index("\n## Themes\n")
    return readme[start : readme.index("\n## ", start + 1)]


def test_the_readme_lists_every_built_in_template_and_the_blocks_to_override() -> None:
    themes = _readme_themes()
    table = themes[themes.index("The built-in theme's templates") :].split("\n\n")[1]
    listed = {
        name
        for row in table.splitlines()[2:]
        for name in re.findall(r"`([^`]+)`", row.split(" | ")[0])
    }
    folder = builtin_theme_dir() / "templates"
    shipped = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    assert listed == shipped
    blocks = set(re.findall(r"{%-?\s*block (\w+)", (folder / "base.html").read_text("utf-8")))
    told = themes[themes.index("A template that extends a built-in one") :].split("\n\n")[0]
    assert blocks and all(f"`{block}`" in told for block in blocks)


def test_the_readmes_command_prints_where_the_built_in_theme_is() -> None:
    (command,) = re.findall(r'^python -c "(.+)"$', _readme_themes(), re.M)
    printed = subprocess.run(
        [sys.executable, "-c", command],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert Path(printed.stdout.strip()) == builtin_theme_dir()


@pytest.mark.parametrize(
    ("language", "date_format", "listed", "captioned"),
    [
        ("en", "%-d %B %Y", "12 March 2024", "Quoted from 日経, 11 March 2024"),
        ("ja", "%Y.%m.%d", "2024.03.12", "引用: 2024.03.11"),
        ("en", "", "March 12, 2024", "Quoted from 日経, March 11, 2024"),  # the language's
    ],
)
def test_the_sites_date_format_writes_every_date_of_the_theme_and_the_captions(
    tmp_path: Path, language: str, date_format: str, listed: str, captioned: str
) -> None:
    """QA: an English site in Singapore could not write 12 March 2024; captions, which
    Markdown writes, could not be changed even by templates."""
    body = "> [!quote nikkei]\n> 引用文。\n"
    sources = "\n  nikkei: {publisher: 日経, date: 2024-03-11}"
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "記事", date="2024-03-12 09:05", body=body, sources=sources
            )
        },
        config=f'title = "t"\nlanguage = "{language}"\ndate_format = "{date_format}"\n',
    )
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert f">{listed}</time>" in page
    assert captioned in re.sub(r"<[^>]+>", "", page)
    home = read(tmp_path, "index.html")
    assert f">{listed}</time>" in home


def _code_rules(scheme: str) -> dict[str, dict[str, str]]:
    """pygments.css as it applies in ``scheme``: each selector's declarations, a later
    rule's overriding an earlier one's (the dark @media blocks only in dark)."""
    css = (builtin_theme_dir() / "static" / "css" / "pygments.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules: dict[str, dict[str, str]] = {}
    blocks = re.split(r"@media[^{]*\{((?:[^{}]*\{[^}]*\})*\s*)\}", css)
    for index, block in enumerate(blocks):
        if index % 2 and scheme == "light":  # the odd ones: inside @media (dark)
            continue
        for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", block):
            declarations = dict(
                (name.strip(), value.strip())
                for name, _, value in (part.partition(":") for part in body.split(";"))
                if value.strip()
            )
            for selector in selectors.split(","):
                rules.setdefault(" ".join(selector.split()), {}).update(declarations)
    return rules


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_colour_of_highlighted_code_reaches_4_5_to_1_on_a_plain_and_a_highlighted_line(
    scheme: str,
) -> None:
    rules = _code_rules(scheme)
    code = rules[".highlight"]["background"]
    highlighted = rules[".highlight .hll"]["background-color"]
    failing = []
    for selector, declarations in rules.items():
        colour = declarations.get("color", "inherit")
        # Whitespace (.w) holds nothing to see; "inherit" is the page's text colour.
        if selector == ".highlight .w" or not colour.startswith("#"):
            continue
        own = declarations.get("background-color")
        for background in [own] if own else [code, highlighted]:
            if contrast(colour, background) < 4.5:
                failing.append(f"{selector}: {colour} on {background}")
    assert len(rules) > 70  # the file was read, a whole style
    assert failing == []
