"""site.toml: defaults, types, checks, and every error at once with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, read, write_site

from sitegen.config import Config, load_config, parse_config
from sitegen.errors import SiteError


def errors_of(text: str) -> list[str]:
    with pytest.raises(SiteError) as caught:
        parse_config(text)
    return [str(p) for p in caught.value.problems]


def test_empty_file_gives_the_documented_defaults() -> None:
    config = parse_config("")
    assert config == Config()
    assert (config.language, config.timezone, config.page_size) == ("ja", "Asia/Tokyo", 10)
    assert config.permalink == "/posts/{slug}/"
    assert config.markdown.line_breaks == "cjk"
    assert config.markdown.unsafe_html is False


def test_values_are_read_into_typed_fields() -> None:
    config = parse_config(
        'title = "売上アップ経営ノート"\nbase_url = "https://example.com/blog/"\n'
        'page_size = 5\n[tag_slugs]\n"経営" = "management"\n[markdown]\nline_breaks = "hard"\n'
    )
    assert config.title == "売上アップ経営ノート"
    assert config.tag_slugs == {"経営": "management"}
    assert config.markdown.line_breaks == "hard"
    assert config.base_path == "/blog"
    assert config.origin == "https://example.com"


def test_every_error_is_reported_at_once_with_key_and_line() -> None:
    text = (
        "title = 1\n"
        "pagesize = 3\n"
        'page_size = "ten"\n'
        'language = "fr"\n'
        'timezone = "Mars/Olympus"\n'
        "[markdown]\n"
        'unsafe_html = "yes"\n'
        "[tag_slugs]\n"
        '"経営" = 3\n'
    )
    assert errors_of(text) == [
        "site.toml:1: title: expected a string, got 1 (int)",
        "site.toml:2: pagesize: unknown key (hint: did you mean 'page_size'?)",
        "site.toml:3: page_size: expected an integer, got 'ten'",
        "site.toml:4: language: must be one of 'ja', 'en', not 'fr'",
        "site.toml:5: timezone: unknown time zone 'Mars/Olympus'",
        "site.toml:7: markdown.unsafe_html: expected true or false, got 'yes'",
        "site.toml:9: tag_slugs.経営: expected a string, got 3 (int)",
    ]


def test_problems_across_publish_targets_are_each_at_their_keys_line() -> None:
    """What spans targets (a name, S3 settings elsewhere, two defaults) is reported with
    every other mistake at once, even a bad url of another target, each at its key."""
    text = (
        'title = "x"\n'
        "[publish.local]\n"
        'url = "/srv/www"\n'
        "default = true\n"
        "[publish.out]\n"
        'url = "out"\n'
        '[publish."my target"]\n'
        'url = "./www"\n'
        "default = true\n"
        "[publish.s3r]\n"
        'url = "/tmp/x"\n'
        'region = "us-east-1"\n'
        'cache_control = "max-age=60"\n'
    )
    assert errors_of(text) == [
        "site.toml:6: publish.out.url: not a publish target: 'out' (expected s3://bucket/prefix,"
        " a folder such as ./out or /srv/www, user@host:/path, or git+URL#branch)",
        "site.toml:7: publish: target name 'my target' must be letters, digits, '-' or '_'",
        "site.toml:9: publish.my target.default: more than one target has default = true"
        " (also local, at line 4)",
        "site.toml:12: publish.s3r.region applies to s3:// targets only",
        "site.toml:13: publish.s3r.cache_control applies to s3:// targets only",
    ]


def test_a_misspelt_time_zone_and_a_top_level_key_after_a_table_get_hints() -> None:
    text = 'timezone = "Asia/Tokio"\n[share]\nservices = ["x"]\npurpose = ["相談"]\n'
    assert errors_of(text) == [
        "site.toml:1: timezone: unknown time zone 'Asia/Tokio' (did you mean 'Asia/Tokyo'?)",
        "site.toml:4: share.purpose: unknown key"
        " (hint: 'purpose' is a top-level key: put it above the first [table])",
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('base_url = "example.com"', "base_url: must be an absolute http(s) URL such as"),
        ('permalink = "/posts/"', "permalink: must contain {slug}"),
        ('permalink = "posts/{slug}/"', "permalink: must start with '/' and end with '/' or"),
        ('permalink = "/posts/{slug}"', "permalink: must start with '/' and end with '/' or"),
        ('permalink = "/posts/{slug}.md"', "permalink: must start with '/' and end with '/' or"),
        ('permalink = "/posts/{slug}/.html"', "permalink: the part '.html' must not start with"),
        ('permalink = "/{author}/{slug}/"', "permalink: unknown placeholder {author}"),
        ('permalink = "/posts/../../{slug}/"', "permalink: must not have empty, '.' or '..' parts"),
        ('permalink = "/posts//{slug}/"', "permalink: must not have empty, '.' or '..' parts"),
        (
            'tag_slugs = { "経営" = "../../x" }',
            "tag_slugs: '経営' = '../../x': the URL name must not start with a dot",
        ),
        (
            'tag_slugs = { "経営" = "a/b" }',
            "tag_slugs: '経営' = 'a/b': the URL name may not contain",
        ),
        ('base_url = " https://example.com/ "', "base_url: must not contain spaces"),
        ('base_url = "https://example.com:99999/"', "base_url: has a port that is not a number"),
        ('base_url = "https://example.com/../x/"', "base_url: must not have '.' or '..' in"),
        ('permalink = "/a b/{slug}/"', "permalink: the part 'a b' may not contain spaces"),
        ('permalink = "/\\\\{slug}/"', "permalink: the part '\\\\{slug}' may not contain"),
        ('posts_dir = "./posts"', "posts_dir: must be a folder inside content/ written from"),
        ('posts_dir = "."', "posts_dir: must be a folder inside content/ written from there"),
        ("page_size = 0", "page_size: must be at least 1, not 0"),
        ('output_dir = "../elsewhere"', "output_dir: must be a folder inside the site"),
        ("page_size = true", "page_size: expected an integer, got true (a boolean)"),
        ("markdown = 3", "markdown: expected a table, got 3 (int)"),
        ('images = { sizes = " " }', "images.sizes: say how wide the theme shows the pictures"),
        (
            """images = { card_sizes = '8rem" onload="x' }""",
            "images.card_sizes: must be a list of widths like '(min-width: 42rem) 42rem, 100vw'",
        ),
        ('feeds = { aliases = ["index.xml"] }', "feeds.aliases: must start with '/'"),
        ('feeds = { aliases = ["/?feed=rss2"] }', "feeds.aliases: a static site cannot answer"),
        (  # QA: a hidden part, as in an article's url: sitegen's marker, git's folder
            'feeds = { aliases = ["/.sitegen-output/index.xml"] }',
            "feeds.aliases: a part must not start with a dot ('.sitegen-output')",
        ),
        ('permalink = "/.posts/{slug}/"', "permalink: the part '.posts' must not start with"),
        (
            'feeds = { aliases = ["https://old.example.com/feed/"] }',
            "feeds.aliases: must be a path from the site root, without the scheme and host",
        ),
        (
            'feeds = { aliases = ["/tags/{tag}/index.xml"] }',
            "feeds.aliases: '/tags/{tag}/index.xml' is an address of each tag's feed:"
            " list it in tag_aliases",
        ),
        (
            'feeds = { tag_aliases = ["/tags/index.xml"] }',
            "feeds.tag_aliases: each must hold {tag} once, where a tag's URL name goes",
        ),
        # A wrong part is reported as such; the check of the whole is not asked then.
        ('feeds = { aliases = ["/index.xml", 1] }', "feeds.aliases.1: expected a string, got 1"),
        ("markdown = { sponsored = [1] }", "markdown.sponsored.0: expected a string, got 1"),
        (
            'markdown = { sponsored = ["amazon.co.jp?tag=x"] }',
            "markdown.sponsored: entries are host names such as 'px.a8.net', or a host and a"
            " query parameter such as 'amazon.co.jp?tag', not 'amazon.co.jp?tag=x'",
        ),
    ],
)
def test_value_checks(line: str, message: str) -> None:
    (error,) = errors_of(line + "\n")
    assert error.startswith(f"site.toml:1: {message}")


@pytest.mark.parametrize("folder", ["/srv/www/blog", "../out", ".."])
def test_an_output_dir_outside_the_site_gets_an_example_of_its_own_and_the_way_to_write_there(
    folder: str,
) -> None:
    """Not posts_dir's example ('posts'): output_dir's, and the option that writes elsewhere."""
    assert errors_of(f'output_dir = "{folder}"\n') == [
        f"site.toml:1: output_dir: must be a folder inside the site written from it,"
        f" as 'public' or 'build/site', not '{folder}'"
        " (hint: sitegen build -o DIR writes the site to a folder elsewhere)"
    ]


def test_toml_syntax_error_names_the_line() -> None:
    assert errors_of('title = "x"\n経営 = "management"\n') == [
        "site.toml:2: invalid TOML: Invalid statement"
    ]


def test_toml_nested_too_deeply_is_an_error_not_a_crash() -> None:
    nested = 'title = "x"\nx = ' + "[" * 3000 + "]" * 3000 + "\n"
    assert errors_of(nested) == ["site.toml:1: invalid TOML: values nest too deeply"]


def test_missing_file_says_how_to_make_a_site(tmp_path: Path) -> None:
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert (
        str(caught.value)
        == "site.toml: no site.toml in this folder (hint: run 'sitegen init DIR' to make a site)"
    )


def test_params_hold_a_themes_own_settings_for_its_templates(tmp_path: Path) -> None:
    config = (
        'title = "t"\n[params]\naccent = "#c00"\nshow_clock = true\n'
        '[[params.social]]\nname = "X"\nurl = "https://x.com/me"\n'
    )
    assert parse_config(config).params == {
        "accent": "#c00",
        "show_clock": True,
        "social": ({"name": "X", "url": "https://x.com/me"},),
    }
    hash(parse_config(config))  # frozen all the way down: a setting no template can change
    template = (
        '{% extends "builtin/base.html" %}{% block head %}{{ super() }}'
        "<style>:root { --accent: {{ site.config.params.accent }}; }</style>"
        "{% for link in site.config.params.social %}"
        '<link rel="me" href="{{ link.url }}" title="{{ link.name }}">{% endfor %}'
        "{% if site.config.params.get('missing') %}never{% endif %}{% endblock %}"
    )
    files = {"content/posts/a.md": article("a"), "theme/templates/base.html": template}
    write_site(tmp_path, files, config)
    build_site(tmp_path)
    page = read(tmp_path, "posts/a/index.html")
    assert "<style>:root { --accent: #c00; }</style>" in page
    assert '<link rel="me" href="https://x.com/me" title="X">' in page
    assert "never" not in page


def test_site_toml_with_a_byte_order_mark_reads_and_one_not_utf8_names_its_line(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    (tmp_path / "site.toml").write_bytes(b'\xef\xbb\xbftitle = "BOM"\r\n')
    assert load_config(tmp_path).title == "BOM"
    (tmp_path / "site.toml").write_bytes(
        b'base_url = ""\ntitle = "' + "経営".encode("cp932") + b'"\n'
    )
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "site.toml:2: not UTF-8 text (hint: this looks like Shift_JIS; save the file as UTF-8)"
    ]


def test_a_number_too_long_for_python_is_an_error_at_its_line() -> None:
    assert errors_of('title = "t"\n[params]\nviews = 1' + "0" * 4400 + "\n") == [
        "site.toml:3: a number of 4401 digits is too long"
        " (hint: put it in quotes, to keep it as text)"
    ]


def test_a_date_format_with_an_unknown_field_is_an_error_at_its_line() -> None:
    assert errors_of('title = "t"\ndate_format = "%d %Q"\n') == [
        "site.toml:2: date_format: %Q is not a field sitegen knows (it knows %Y %y %m %-m %B"
        " %b %d %-d %A %a %H %-H %I %-I %p %M %S %z %%)"
    ]


def test_a_date_format_without_a_code_is_an_error_with_hugos_spelling_explained() -> None:
    """QA: Hugo's "2006.01.02" was accepted, and every date of the site read 2006.01.02."""
    assert errors_of('title = "t"\ndate_format = "2006.01.02"\n') == [
        "site.toml:2: date_format: '2006.01.02' has no % code, so every date would read"
        " '2006.01.02' (Hugo's 2006.01.02 is written %Y.%m.%d here)"
    ]


def test_hugo_and_pelican_keys_are_told_their_sitegen_key_or_that_there_is_none() -> None:
    text = (
        'baseURL = "https://consult.example.jp/"\n'
        "paginate = 10\n"
        'languageCode = "ja-jp"\n'
        'timeZone = "Asia/Tokyo"\n'
        'SITEURL = "https://consult.example.jp"\n'
        "DEFAULT_PAGINATION = 10\n"
        'AUTHOR = "山田"\n'
        "[outputs]\n"
        'home = ["HTML", "RSS", "JSON"]\n'
        "[taxonomies]\n"
        'tag = "tags"\n'
    )
    assert errors_of(text) == [
        "site.toml:1: baseURL: unknown key (hint: sitegen's key is 'base_url')",
        "site.toml:2: paginate: unknown key (hint: sitegen's key is 'page_size')",
        "site.toml:3: languageCode: unknown key (hint: sitegen's key is 'language': 'ja' or 'en')",
        "site.toml:4: timeZone: unknown key (hint: did you mean 'timezone'?)",
        "site.toml:5: SITEURL: unknown key (hint: sitegen's key is 'base_url')",
        "site.toml:6: DEFAULT_PAGINATION: unknown key (hint: sitegen's key is 'page_size')",
        "site.toml:7: AUTHOR: unknown key (hint: did you mean 'author'?)",
        "site.toml:8: outputs: unknown key (hint: not supported: sitegen writes the HTML pages,"
        " Atom and RSS feeds (see [feeds]) and the sitemap, and no other output formats)",
        "site.toml:10: taxonomies: unknown key (hint: not supported: sitegen has tags"
        " (categories are read as tags) and series, and no other taxonomies)",
    ]


def test_a_publish_targets_base_url_is_checked_as_the_sites() -> None:
    text = '[publish.staging]\nurl = "/srv/www"\nbase_url = "staging.example.com"\n'
    assert errors_of(text) == [
        "site.toml:3: publish.staging.base_url: must be an absolute http(s) URL such as"
        " 'https://example.com/', not 'staging.example.com'"
    ]


def test_a_menu_entry_that_is_not_one_is_an_error_at_its_line() -> None:
    text = (
        'title = "x"\n'
        "[[menu.main]]\n"
        'name = ""\n'
        'url = "corp.example.jp"\n'
        'weight = "10"\n'
        "[[menu.main]]\n"
        'url = "/contact/"\n'
        'parent = "会社"\n'
        "[[menu.sidebar]]\n"
        'name = "a"\n'
        'url = "/"\n'
    )
    assert errors_of(text) == [
        "site.toml:3: menu.main.0.name: must not be empty (it is the link's text)",
        "site.toml:4: menu.main.0.url: must be an http(s) URL or a path from the site root,"
        " not 'corp.example.jp'",
        "site.toml:5: menu.main.0.weight: expected an integer, got '10'",
        "site.toml:6: menu.main.1.name: required",
        "site.toml:8: menu.main.1.parent: unknown key (hint: not supported: a menu is one level"
        " of links)",
        "site.toml:9: menu.sidebar: unknown key (hint: known keys: main, footer)",
    ]
