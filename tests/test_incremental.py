"""Incremental builds equal clean builds, byte for byte, after any sequence of edits.

A hypothesis state machine edits a small site (bodies, titles, tags, slugs, aliases, dates,
drafts, pins, series, translation keys, deletions, additions, templates (showing the newest articles, every
article or a data file), a shortcode's template (added, edited, removed), a data file, configuration, static files, a picture the articles
show) and after
each edit builds it twice over: incrementally — with a long-lived Builder told
which paths were written, as ``serve`` does, and with a fresh Builder and the
on-disk cache, as the CLI does —
and from scratch in a copy without any cache. All three outputs must be equal,
and files whose bytes did not change must keep their modification time.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sitekit import REPO, article, clean_build, png, run_cli, snapshot, write_site

import sitegen
import sitegen.build
import sitegen.cache
import sitegen.pagewriter
from sitegen.build import Builder, BuildOptions, build
from sitegen.cache import CACHE_DIR
from sitegen.errors import SiteError
from sitegen.pages import PageJob
from sitegen.render import Rendering, SiteView
from sitegen.theme import Theme

# The search index has its own tests (test_search.py); Pagefind takes a second a build.
QUICK = BuildOptions(search=False)
TAGS = ["経営", "マーケティング", "個人情報", "SEO", "ＳＥＯ"]  # one tag spelt two ways, too
ALIASES = ["/old/", "/旧/x.html", "/2009/08/moved/"]  # old addresses that redirect
ADDRESSES = ["/special/x/", "/2015/03/old.html", "/%E6%97%A7/y/"]  # front matter's permalink
# Old addresses of the feeds, which get copies of them.
FEED_ALIASES = (
    '[feeds]\naliases = ["/index.xml", "/feed/"]\ntag_aliases = ["/tags/{tag}/index.xml"]\n'
)
WORDS = ["謝罪金", "売上", "顧客", "会員", "値上げ", "送料"]
text = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map("".join)
# An article template that shows what the sidebar shows in the page itself.
RECENT_IN_PAGE = "<p>{{ site.recent | map(attribute='title') | join('、') }}</p>"
# One that shows every article, and one the data file content/_data/offices.yaml (if any).
ARTICLES_IN_PAGE = "<p>{{ site.articles | map(attribute='title') | join('、') }}</p>"
DATA_IN_PAGE = "<p>{{ site.data.get('offices', ()) | join('、') }}</p>"

# The template of a shortcode that the articles use, {{< note … >}}: none, or one of these.
NOTE_TEMPLATE = "theme/templates/shortcodes/note.html"
SHORTCODE_TEMPLATES = [
    "",
    "<p class=note>{{ positional[0] }}{{ args.x }}</p>",
    "<p>版2 {{ article.title }}</p>",
    "<p>{{ site.recent | map(attribute='title') | join('、') }}</p>",
]


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


class EditAndBuild(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="sitegen-incremental-"))
        self.site = self.root / "site"
        self.posts: dict[str, dict[str, str]] = {}
        self.counter = 0
        self.builder: Builder | None = None
        self.written: set[str] = set()  # since the last build: what serve's watcher reports

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    # -- the site -------------------------------------------------------

    def write_post(self, name: str) -> None:
        post = self.posts[name]
        keys = {k: v for k, v in post.items() if k not in ("title", "date", "body")}
        self.written.add(f"content/posts/{name}.md")
        (self.site / "content/posts").mkdir(parents=True, exist_ok=True)
        (self.site / "content/posts" / f"{name}.md").write_text(
            article(post["title"], post["date"], post["body"], **keys), "utf-8"
        )

    def new_post(self, title: str, day: int, tags: list[str]) -> str:
        self.counter += 1
        name = f"post{self.counter}"
        self.posts[name] = {
            "title": title,
            "date": f"2024-03-{day:02d}",
            "body": (
                f"{title}について。\n次の文。\n\n[最初の記事](post1.md)\n\n"
                "![図](chart.png)\n\n![ロゴ](/logo.png)\n\n{{< card post1.md >}}\n\n"
                # links whose targets may change, go, or lose the heading
                f"[前の記事](post{self.counter - 1}.md)と[まとめ](post1.md#まとめ)\n\n"
                f"{{{{< card post{self.counter - 1}.md >}}}}\n\n"
                # a shortcode of the theme's when it has the template, else text
                f'{{{{< note {title} x="<{self.counter}>" >}}}}'
            ),
            "tags": "[" + ", ".join(tags) + "]",
        }
        self.write_post(name)
        return name

    @initialize(titles=st.lists(text, min_size=3, max_size=5))
    def start(self, titles: list[str]) -> None:
        write_site(
            self.site,
            {"static/robots.txt": "User-agent: *\n", NOTE_TEMPLATE: SHORTCODE_TEMPLATES[1]},
            config='title = "t"\npage_size = 2\n',
        )
        for index, title in enumerate(titles):
            self.new_post(title, 1 + index, TAGS[index % 3 : index % 3 + 2])
        self.builder = Builder(self.site, QUICK)
        self.builder.build()

    # -- edits ----------------------------------------------------------

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), body=text, summary=st.booleans())
    def edit_body(self, data: st.DataObject, body: str, summary: bool) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name]["body"] = f"{body}。\n\n## 見出し{body}\n" + "\n## まとめ\n" * summary
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), title=text)
    def edit_title(self, data: st.DataObject, title: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name]["title"] = title
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), tags=st.lists(st.sampled_from(TAGS), max_size=3, unique=True))
    def edit_tags(self, data: st.DataObject, tags: list[str]) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name]["tags"] = "[" + ", ".join(tags) + "]"
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), slug=st.sampled_from(["a", "b", "謝罪金", "renamed"]))
    def edit_slug(self, data: st.DataObject, slug: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        taken = {p.get("slug", n) for n, p in self.posts.items() if n != name}
        if slug not in taken:
            self.posts[name]["slug"] = slug
            self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), aliases=st.lists(st.sampled_from(ALIASES), max_size=2, unique=True))
    def edit_aliases(self, data: st.DataObject, aliases: list[str]) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        others = " ".join(p.get("aliases", "") for n, p in self.posts.items() if n != name)
        if not any(alias in others for alias in aliases):  # no collision
            self.posts[name]["aliases"] = "[" + ", ".join(aliases) + "]"
            self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), address=st.sampled_from(["", *ADDRESSES]))
    def edit_permalink(self, data: st.DataObject, address: str) -> None:
        """An address of its own, instead of the site's permalink, or none ("")."""
        name = data.draw(st.sampled_from(sorted(self.posts)))
        taken = {p.get("permalink") for n, p in self.posts.items() if n != name}
        if address not in taken:
            self.posts[name].pop("permalink", None)
            if address:
                self.posts[name]["permalink"] = address
            self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), day=st.integers(1, 28))
    def edit_date(self, data: st.DataObject, day: int) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name]["date"] = f"2024-04-{day:02d}"
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def toggle_draft(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        post = self.posts[name]
        post["draft"] = "false" if post.get("draft") == "true" else "true"
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), series=st.sampled_from(["", "連載", "講座"]))
    def edit_series(self, data: st.DataObject, series: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name].pop("series", None)
        if series:
            self.posts[name]["series"] = series
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data(), authors=st.sampled_from(["", "港", "山田", "[山田, 佐藤]", "佐藤、港"]))
    def edit_authors(self, data: st.DataObject, authors: str) -> None:
        """Who wrote it: the site's author (港, when site.toml names one), another, several;
        the first other makes the author pages, the last one gone takes them away."""
        name = data.draw(st.sampled_from(sorted(self.posts)))
        self.posts[name].pop("authors", None)
        if authors:
            self.posts[name]["authors"] = authors
        self.write_post(name)

    @precondition(lambda self: len(self.posts) > 1)
    @rule(data=st.data(), key=st.sampled_from(["", "alico", "consulting"]))
    def edit_translation(self, data: st.DataObject, key: str) -> None:
        """Two articles made translations of each other (a Japanese one and an English
        one with one key), or one article's key removed. The language is written always,
        so that the site's language changing keeps the two apart."""
        names = sorted(self.posts)
        name = data.draw(st.sampled_from(names))
        if not key:
            self.set_translation(name, "", "")
            return
        partner = data.draw(st.sampled_from([n for n in names if n != name]))
        for other, post in self.posts.items():  # one key, one pair: never two of one language
            if post.get("translationKey") == key and other not in (name, partner):
                self.set_translation(other, "", "")
        self.set_translation(name, key, "ja")
        self.set_translation(partner, key, "en")

    def set_translation(self, name: str, key: str, language: str) -> None:
        post = self.posts[name]
        post.pop("translationKey", None)
        post.pop("language", None)
        if key:
            post.update(translationKey=key, language=language)
        self.write_post(name)

    @precondition(lambda self: self.posts)
    @rule(data=st.data())
    def toggle_pinned(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        post = self.posts[name]
        post["pinned"] = "false" if post.get("pinned") == "true" else "true"
        self.write_post(name)

    @precondition(lambda self: len(self.posts) > 1)
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.posts)))
        del self.posts[name]
        (self.site / "content/posts" / f"{name}.md").unlink()
        self.written.add(f"content/posts/{name}.md")

    @rule(
        title=text,
        day=st.integers(1, 28),
        tags=st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
    )
    def add(self, title: str, day: int, tags: list[str]) -> None:
        self.new_post(title, day, tags)

    @rule(
        marker=st.sampled_from(
            ["", "<p>版1</p>", "<p>版2</p>", RECENT_IN_PAGE, ARTICLES_IN_PAGE, DATA_IN_PAGE]
        )
    )
    def edit_template(self, marker: str) -> None:
        """The article's template, and the 404 page's (made from nothing but the
        configuration: only what it reads of the site view renders it again)."""
        self.written |= {"theme", "theme/templates/article.html", "theme/templates/404.html"}
        if not marker:
            shutil.rmtree(self.site / "theme", ignore_errors=True)
            return
        for name in ("article.html", "404.html"):
            template = self.site / "theme/templates" / name
            template.parent.mkdir(parents=True, exist_ok=True)
            template.write_text(
                f'{{% extends "builtin/{name}" %}}{{% block content %}}'
                + marker
                + "{{ super() }}{% endblock %}",
                "utf-8",
            )

    @rule(template=st.sampled_from(SHORTCODE_TEMPLATES))
    def edit_shortcode(self, template: str) -> None:
        """The template of a shortcode of the theme's: edited, removed, added again."""
        path = self.site / NOTE_TEMPLATE
        self.written |= {"theme", NOTE_TEMPLATE}
        if template:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(template, "utf-8")
        elif path.exists():
            path.unlink()

    @rule(
        page_size=st.integers(1, 4),
        title=st.sampled_from(["t", "経営ノート"]),
        permalink=st.sampled_from(
            ["/posts/{slug}/", "/{year}/{month}/{slug}/", "/{year}/{month}/{slug}.html"]
        ),
        language=st.sampled_from(["ja", "en"]),
        base_url=st.sampled_from(
            [
                "",
                "https://example.com/",
                "https://staging.example.com/",
                "https://example.com/blog/",
            ]
        ),
        feeds=st.sampled_from(["", FEED_ALIASES]),
        author=st.sampled_from(["", "港"]),
    )
    def edit_config(
        self,
        page_size: int,
        title: str,
        permalink: str,
        language: str,
        base_url: str,
        feeds: str,
        author: str,
    ) -> None:
        self.written.add("site.toml")
        (self.site / "site.toml").write_text(
            f'title = "{title}"\npage_size = {page_size}\npermalink = "{permalink}"\n'
            f'language = "{language}"\nbase_url = "{base_url}"\nauthor = "{author}"\n{feeds}',
            "utf-8",
        )

    @rule(
        picture=st.sampled_from(["content/posts/chart.png", "static/logo.png"]),
        width=st.sampled_from([0, 4, 8]),
    )
    def edit_picture(self, picture: str, width: int) -> None:
        """A picture every article shows (beside the articles, or from the site root):
        another size (its width and height are in the pages), or gone (0)."""
        path = self.site / picture
        self.written.add(picture)
        if width:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(png(width, 3))
        elif path.exists():
            path.unlink()

    @rule(width=st.sampled_from([0, 4, 8]))
    def edit_theme_picture(self, width: int) -> None:
        """A picture the theme's stylesheet shows: its name in the stylesheet, and so the
        stylesheet's own name in every page, follow its bytes; gone (0), a warning."""
        sheet = self.site / "theme/static/css/site.css"
        picture = self.site / "theme/static/img/bg.png"
        self.written |= {"theme/static/css/site.css", "theme/static/img/bg.png"}
        sheet.parent.mkdir(parents=True, exist_ok=True)
        sheet.write_text("body { background: url(../img/bg.png); }\n", "utf-8")
        if width:
            picture.parent.mkdir(parents=True, exist_ok=True)
            picture.write_bytes(png(width, 3))
        elif picture.exists():
            picture.unlink()

    @rule(offices=st.sampled_from(["", "[東京, 大阪]", "[福岡]"]))
    def edit_data(self, offices: str) -> None:
        """A data file that templates may show (site.data.offices), edited or gone."""
        path = self.site / "content/_data/offices.yaml"
        self.written.add("content/_data/offices.yaml")
        if offices:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(offices + "\n", "utf-8")
        elif path.exists():
            path.unlink()

    @rule(content=st.sampled_from(["A", "B", ""]))
    def edit_static(self, content: str) -> None:
        path = self.site / "static/files/note.txt"
        self.written.add("static/files/note.txt")
        if content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
        elif path.exists():
            path.unlink()

    # -- the property ---------------------------------------------------

    @invariant()
    def incremental_equals_clean(self) -> None:
        if self.builder is None:
            return
        out = self.site / "public"
        before, before_times = snapshot(out), mtimes(out)
        result = self.builder.build(self.written)  # long-lived, told what changed: as serve
        self.written = set()
        incremental = snapshot(out)
        after_times = mtimes(out)
        for path, data in incremental.items():
            if before.get(path) == data:
                assert after_times[path] == before_times[path], f"{path} rewritten with equal bytes"
        build(self.site, QUICK)  # a fresh Builder with the on-disk cache: as the CLI builds
        assert snapshot(out) == incremental
        clean = self.root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(self.site, clean, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
        warnings = build(clean, QUICK).warnings
        assert snapshot(clean / "public") == incremental
        assert sorted(map(str, result.warnings)) == sorted(map(str, warnings))


TestIncremental = EditAndBuild.TestCase
TestIncremental.settings = settings(
    max_examples=12,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def test_parallel_build_equals_sequential(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    posts = {
        f"content/posts/p{n:02}.md": article(
            f"記事{n}", f"2024-01-{n:02}", tags="[経営, 個人情報]", body="本文。\n続き。"
        )
        for n in range(1, 21)
    }
    write_site(tmp_path / "seq", posts)
    write_site(tmp_path / "par", posts)
    build(tmp_path / "seq")
    monkeypatch.setattr(sitegen.build, "PARALLEL_READS", 1)
    monkeypatch.setattr(sitegen.pagewriter, "PARALLEL_PAGES", 1)
    build(tmp_path / "par")
    assert snapshot(tmp_path / "par/public") == snapshot(tmp_path / "seq/public")


def test_a_long_lived_builder_follows_a_permalink_change(tmp_path: Path) -> None:
    # The article's text is unchanged, so only the configuration can tell its new URL.
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("記事", "2024-03-12")})
    builder = Builder(site, BuildOptions(output=tmp_path / "out"))
    builder.build()
    (site / "site.toml").write_text('permalink = "/{year}/{slug}/"\n', "utf-8")
    builder.build()
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions()).output)
    assert (tmp_path / "out/2024/a/index.html").is_file()


def test_a_page_moved_to_another_menu_changes_every_page(tmp_path: Path) -> None:
    files = {
        "content/posts/a.md": article("記事", "2024-03-12"),
        "content/privacy.md": "---\ntitle: プライバシーポリシー\n---\n",
    }
    site = write_site(tmp_path / "site", files)
    builder = Builder(site, BuildOptions(output=tmp_path / "out"))
    builder.build()
    privacy = site / "content/privacy.md"
    privacy.write_text("---\ntitle: プライバシーポリシー\nmenu: footer\n---\n", "utf-8")
    builder.build({"content/privacy.md"})
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions()).output)
    assert 'class="footer-nav"' in (tmp_path / "out/posts/a/index.html").read_text("utf-8")


def test_a_menu_entry_of_site_toml_changes_every_page(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("記事", "2024-03-12")})
    builder = Builder(site, BuildOptions(output=tmp_path / "out"))
    builder.build()
    entry = '[[menu.main]]\nname = "会社サイト"\nurl = "https://corp.example.jp/"\n'
    (site / "site.toml").write_text(entry, "utf-8")
    builder.build()
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions()).output)
    assert "会社サイト" in (tmp_path / "out/posts/a/index.html").read_text("utf-8")


def test_a_card_follows_what_the_picture_of_its_article_names(tmp_path: Path) -> None:
    """A card's picture is its article's ``image``, a link of that article: when it
    names another article, the card shows that one's URL, and follows it. Only the
    card's page and the article it names change; nothing links the card to the latter."""
    files = {
        "content/posts/a.md": article("題", "2024-03-01", slug="a", image="u.md"),
        "content/posts/u.md": article("画像の代わり", "2024-03-02", slug="u"),
        "content/posts/c.md": article("カード", "2024-03-03", slug="c", body="{{< card a.md >}}"),
    }
    site = write_site(tmp_path / "site", files)
    serving = Builder(site, BuildOptions(output=tmp_path / "out"))
    serving.build()
    moved = article("画像の代わり", "2024-03-02", slug="moved")
    (site / "content/posts/u.md").write_text(moved, "utf-8")
    serving.build({"content/posts/u.md"})
    page = (tmp_path / "out/posts/c/index.html").read_text("utf-8")
    assert '<img class="blogcard__image" src="/posts/moved/"' in page
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions()).output)


def test_a_card_follows_the_summary_of_the_article_it_shows(tmp_path: Path) -> None:
    """Nothing else ties the two pages: the summary is in no list or sidebar they show."""
    files = {
        "content/posts/a.md": article("題", "2024-03-01", slug="a", summary="初版の要約。"),
        "content/posts/b.md": article("間の記事", "2024-03-02", slug="b"),
        "content/posts/c.md": article(
            "カードの記事", "2024-03-03", slug="c", body="{{< card a.md >}}"
        ),
    }
    site = write_site(tmp_path / "site", files)
    serving = Builder(site, BuildOptions(output=tmp_path / "out"))
    serving.build()
    build(site, BuildOptions())  # as the CLI does: a fresh builder each time, and the cache
    edited = article("題", "2024-03-01", slug="a", summary="改訂した要約。")
    (site / "content/posts/a.md").write_text(edited, "utf-8")
    serving.build({"content/posts/a.md"})
    build(site, BuildOptions())
    for output in (tmp_path / "out", site / "public"):
        assert "改訂した要約。</span>" in (output / "posts/c/index.html").read_text("utf-8")
    # Its picture too: one now beside it, then a new file in its place.
    (site / "content/posts/cover.png").write_bytes(png(16, 9))
    pictured = article("題", "2024-03-01", slug="a", summary="改訂した要約。", image="cover.png")
    (site / "content/posts/a.md").write_text(pictured, "utf-8")
    serving.build({"content/posts/a.md", "content/posts/cover.png"})
    build(site, BuildOptions())
    for output in (tmp_path / "out", site / "public"):
        page = (output / "posts/c/index.html").read_text("utf-8")
        assert '<img class="blogcard__image" src="/posts/cover.png"' in page
    assert snapshot(tmp_path / "out") == snapshot(site / "public")


@pytest.mark.parametrize(
    ("picture", "written", "src"),
    [
        ("content/posts/chart.png", "chart.png", "/posts/chart.png"),  # beside the article
        ("static/chart.png", "/chart.png", "/chart.png"),  # from the site root
    ],
)
def test_a_picture_saved_at_another_size_resizes_its_images(
    tmp_path: Path, picture: str, written: str, src: str
) -> None:
    files = {"content/posts/a.md": article("記事", body=f"![図]({written})"), picture: png(40, 30)}
    site = write_site(tmp_path / "site", files)
    builder = Builder(site, BuildOptions(output=tmp_path / "out"))
    builder.build()
    (site / picture).write_bytes(png(80, 60))
    builder.build({picture})
    page = (tmp_path / "out/posts/a/index.html").read_text("utf-8")
    assert f'src="{src}" width="80" height="60"' in page
    assert snapshot(tmp_path / "out") == snapshot(build(site, BuildOptions()).output)


def test_a_builder_told_what_changed_looks_at_nothing_else(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/posts/a.md": article("一", "2024-03-12"), "content/posts/b.md": article("二")},
    )
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    (site / "content/posts/a.md").write_text(article("一改", "2024-03-12"), "utf-8")
    (site / "content/posts/b.md").write_text(article("二改"), "utf-8")
    result = builder.build(["content/posts/a.md"])  # the watcher missed b.md, say
    titles = {a.title for a in result.site.articles}
    assert titles == {"一改", "二"}  # b.md was taken to be as it was
    builder.build(["content/posts/b.md"])
    assert snapshot(tmp_path / "out") == snapshot(build(site, QUICK).output)


def test_a_builder_told_of_new_or_gone_files_looks_at_every_file(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    (site / "content/posts/b.md").write_text(article("二"), "utf-8")
    (site / "static/files").mkdir(parents=True)
    (site / "static/files/c.txt").write_text("c", "utf-8")
    builder.build(["content/posts/b.md"])  # the watcher would name the folder and c.txt too
    assert (tmp_path / "out/files/c.txt").read_text("utf-8") == "c"
    (site / "content/posts/a.md").unlink()
    assert {a.title for a in builder.build(["content/posts/a.md"]).site.articles} == {"二"}
    assert snapshot(tmp_path / "out") == snapshot(build(site, QUICK).output)


def test_a_link_from_the_site_root_warns_for_as_long_as_nothing_is_there(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {"content/posts/a.md": article("一", body="[資料](/files/c.pdf)と[二](/posts/b/)")},
    )
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))

    def broken(paths: list[str]) -> list[str]:
        return [w.message.split("at ")[1] for w in builder.build(paths).warnings]

    assert broken([]) == ["'/files/c.pdf'", "'/posts/b/'"]
    (site / "static/files").mkdir(parents=True)
    (site / "static/files/c.pdf").write_bytes(b"%PDF")
    (site / "content/posts/b.md").write_text(article("二"), "utf-8")
    assert broken(["static/files/c.pdf", "content/posts/b.md"]) == []
    assert broken([]) == []  # nothing changed: the same (no) warnings
    (site / "content/posts/b.md").write_text(article("二", draft="true"), "utf-8")
    assert broken(["content/posts/b.md"]) == ["'/posts/b/'"]


def test_a_disk_too_full_for_the_cache_is_an_error_and_nothing_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("一", body="本文。" * 2000)})
    opened = sitegen.cache.BuildCache._open

    def full_disk(self: sitegen.cache.BuildCache) -> sqlite3.Connection:
        db = opened(self)
        (pages,) = db.execute("PRAGMA page_count").fetchone()
        db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
        return db

    monkeypatch.setattr(sitegen.cache.BuildCache, "_open", full_disk)
    with pytest.raises(SiteError) as caught:
        build(tmp_path, QUICK)
    assert [str(p) for p in caught.value.problems] == [
        f"{CACHE_DIR}/build.sqlite3: could not write the build cache: database or disk is full"
        " (hint: free some space on the disk; the cache is safe to delete)"
    ]
    assert not (tmp_path / "public").exists()


def test_an_unchanged_article_shows_its_tag_by_the_new_name_when_an_edit_changes_it(
    tmp_path: Path,
) -> None:
    posts = {"a": "SEO", "b": "SEO", "c": "ＳＥＯ"}
    files = {f"content/posts/{n}.md": article(n, tags=f"[{tag}]") for n, tag in posts.items()}
    site = write_site(tmp_path / "site", files)
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    assert 'rel="tag">SEO</a>' in (tmp_path / "out/posts/c/index.html").read_text("utf-8")
    (site / "content/posts/b.md").write_text(article("b", tags="[ＳＥＯ]"), "utf-8")
    builder.build(["content/posts/b.md"])  # now most write ＳＥＯ: a's page says so too
    assert 'rel="tag">ＳＥＯ</a>' in (tmp_path / "out/posts/a/index.html").read_text("utf-8")
    assert snapshot(tmp_path / "out") == snapshot(build(site, QUICK).output)


def test_a_long_lived_builder_checks_the_output_paths_again_when_they_change(
    tmp_path: Path,
) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    builder.build(["content/posts/a.md"])  # the same outputs: not checked again
    (site / "static/posts/a").mkdir(parents=True)
    (site / "static/posts/a/index.html").write_text("<p>static</p>", "utf-8")
    with pytest.raises(SiteError, match=re.escape("already makes posts/a/index.html")):
        builder.build(["static/posts/a/index.html"])
    (site / "static/posts/a/index.html").unlink()
    builder.build(["static/posts/a/index.html"])
    assert snapshot(tmp_path / "out") == snapshot(build(site, QUICK).output)


def test_changes_told_to_a_failed_build_are_looked_at_by_the_next(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/posts/a.md": article("一")})
    config = (site / "site.toml").read_text("utf-8")
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    (site / "content/posts/a.md").write_text(article("一改"), "utf-8")
    (site / "site.toml").write_text("title = [", "utf-8")
    with pytest.raises(SiteError):
        builder.build(["content/posts/a.md", "site.toml"])
    (site / "site.toml").write_text(config, "utf-8")
    assert [a.title for a in builder.build(["site.toml"]).site.articles] == ["一改"]


def test_unchanged_rebuild_reads_and_renders_nothing(tmp_path: Path) -> None:
    write_site(
        tmp_path, {f"content/posts/p{n}.md": article(f"記事{n}", tags="[経営]") for n in range(5)}
    )
    first = build(tmp_path)
    again = build(tmp_path)
    assert (first.read, again.read) == (5, 0)
    assert again.rendered == 0 and again.written == [] and again.removed == []
    (tmp_path / "content/posts/p1.md").write_text(article("変更後", tags="[経営]"), "utf-8")
    edited = build(tmp_path)
    assert edited.read == 1
    assert "posts/p1/index.html" in edited.written


def test_a_build_that_finds_nothing_changed_stops_early_and_reports_the_same(
    tmp_path: Path,
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("記事", body="[前回](missing.md)を参照。"),
            "content/posts/b.md": article("次の記事", "2024-03-13"),
            "content/about.md": "---\ntitle: 概要\n---\n\n本文。\n",
        },
    )
    first = build(tmp_path, QUICK)
    again = build(tmp_path, QUICK)
    assert not first.unchanged and again.unchanged
    assert "read" in first.timings and "read" not in again.timings  # it stopped before reading
    assert [str(w) for w in again.warnings] == [str(w) for w in first.warnings]
    assert any("broken link" in str(w) for w in again.warnings)
    assert (again.articles, again.pages, again.files) == (2, 1, first.files)
    # The model is assembled from the cache when asked for, equal to the one built.
    assert [a.url for a in again.site.articles] == [a.url for a in first.site.articles]
    assert again.site.related == first.site.related


def test_a_future_article_is_published_once_it_is_due(tmp_path: Path) -> None:
    due = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=2)
    write_site(tmp_path, {"content/posts/soon.md": article("予約投稿", due.isoformat())})
    assert build(tmp_path, QUICK).articles == 0
    time.sleep(max(0.0, (due - dt.datetime.now(dt.UTC)).total_seconds()) + 0.1)
    later = build(tmp_path, QUICK)  # no file changed, but the clock passed the article's date
    assert later.articles == 1
    assert "posts/soon/index.html" in later.written


def test_an_article_is_taken_down_once_it_expires(tmp_path: Path) -> None:
    ends = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=2)
    files = {"content/posts/sale.md": article("セール", expires=ends.isoformat())}
    write_site(tmp_path, files)
    assert build(tmp_path, QUICK).articles == 1
    time.sleep(max(0.0, (ends - dt.datetime.now(dt.UTC)).total_seconds()) + 0.1)
    later = build(tmp_path, QUICK)  # no file changed, but the clock passed its expiry
    assert later.articles == 0
    assert not (tmp_path / "public/posts/sale").exists()


def test_ignore_cache_reads_and_renders_everything_but_rewrites_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, {f"content/posts/p{n}.md": article(f"記事{n}") for n in range(3)})
    first = run_cli("build", "-v", cwd=tmp_path)
    before = mtimes(tmp_path / "public")
    done = run_cli("build", "--ignore-cache", "-v", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "read 3 sources" in first.stdout and "read 3 sources" in done.stdout
    again = run_cli("build", "-v", cwd=tmp_path)
    assert "nothing changed since the last build" in again.stdout
    rendered = re.search(r"rendered \d+ pages", first.stdout)
    assert rendered and rendered.group(0) in done.stdout
    assert "(0 changed)" in done.stdout  # equal bytes: no file written again
    assert mtimes(tmp_path / "public") == before


def test_an_edit_renders_only_the_pages_made_from_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    posts = {
        f"content/posts/p{n}.md": article(
            f"記事{n}", f"2024-01-0{n}", tags="[経営]" if n <= 3 else "[営業]", body=f"要旨{n}。"
        )
        for n in range(1, 7)
    }
    write_site(tmp_path, {**posts, "content/about.md": "---\ntitle: 概要\n---\n\n本文。\n"})
    builder = Builder(tmp_path, QUICK)
    builder.build()
    rendered: list[str] = []
    render_page = sitegen.pagewriter.render_page

    def spy(theme: Theme, view: SiteView, job: PageJob) -> Rendering:
        rendered.append(job.output)
        return render_page(theme, view, job)

    monkeypatch.setattr(sitegen.pagewriter, "render_page", spy)
    post = tmp_path / "content/posts/p2.md"
    post.write_text(post.read_text("utf-8") + "\n追記の段落。\n", "utf-8")
    builder.build()
    assert sorted(rendered) == [
        "archives/2024/01/index.html",  # the archives list it
        "archives/2024/index.html",
        "atom.xml",  # the feeds carry it
        "index.html",  # the home page lists it
        "posts/p1/index.html",  # its neighbours (and related articles)
        "posts/p2/index.html",
        "posts/p3/index.html",
        "rss.xml",
        "tags/経営/atom.xml",
        "tags/経営/index.html",  # its tag's page
        "tags/経営/rss.xml",
    ]  # not the other tag, its articles, the about page, the tag index, 404 or the sitemap


def six_posts(root: Path, theme: dict[str, str] | None = None) -> Path:
    """A site of six articles, three under each of two tags, and a page."""
    posts = {
        f"content/posts/p{n}.md": article(
            f"記事{n}", f"2024-01-0{n}", tags="[経営]" if n <= 3 else "[営業]", body=f"要旨{n}。"
        )
        for n in range(1, 7)
    }
    page = {"content/about.md": "---\ntitle: 概要\n---\n\n本文。\n"}
    return write_site(root, {**posts, **page, **(theme or {})})


class Renders:
    """Notes the pages a build renders (not those it only puts new shared parts in),
    in worker processes too: in a file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, notes: Path) -> None:
        self.notes = notes
        render_page = sitegen.pagewriter.render_page

        def spy(theme: Theme, view: SiteView, job: PageJob) -> Rendering:
            with notes.open("a", encoding="utf-8") as file:
                file.write(job.output + "\n")
            return render_page(theme, view, job)

        monkeypatch.setattr(sitegen.pagewriter, "render_page", spy)

    @property
    def pages(self) -> list[str]:
        return self.notes.read_text("utf-8").split() if self.notes.exists() else []

    def articles(self) -> list[str]:
        return sorted(p for p in self.pages if p.startswith("posts/"))


def after_a_new_article(site: Path, monkeypatch: pytest.MonkeyPatch) -> Renders:
    """Build ``site``, add the newest article, and build again with the same builder;
    what the second build rendered."""
    builder = Builder(site, QUICK)
    builder.build()
    renders = Renders(monkeypatch, site.parent / "rendered.txt")
    (site / "content/posts/p7.md").write_text(article("新しい記事", "2024-01-07"), "utf-8")
    builder.build()
    return renders


@pytest.mark.parametrize("lives_on", [True, False], ids=["serve", "cli"])
@pytest.mark.parametrize("parallel", [False, True], ids=["one-process", "workers"])
def test_a_new_article_changes_the_sidebar_of_pages_it_does_not_render(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lives_on: bool, parallel: bool
) -> None:
    site = six_posts(tmp_path / "site")
    builder = Builder(site, QUICK)
    builder.build()
    if parallel:
        monkeypatch.setattr(sitegen.pagewriter, "PARALLEL_PAGES", 1)
    renders = Renders(monkeypatch, tmp_path / "rendered.txt")
    new = site / "content/posts/p7.md"
    new.write_text(article("新しい記事", "2024-01-07", tags="[新規]"), "utf-8")
    result = (builder if lives_on else Builder(site, QUICK)).build()
    # Its own page and its older neighbour are rendered; the other articles only get
    # the new sidebar, which lists the new article among the recent ones.
    assert renders.articles() == ["posts/p6/index.html", "posts/p7/index.html"]
    assert result.rendered == len(renders.pages)  # those patched are not counted
    assert result.spliced == len(set(result.written) - set(renders.pages))
    assert "新しい記事" in (site / "public/posts/p1/index.html").read_text("utf-8")
    assert "posts/p1/index.html" in result.written
    assert "about/index.html" in result.written and "about/index.html" not in renders.pages
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_build_verbose_says_how_many_pages_got_new_shared_parts(tmp_path: Path) -> None:
    site = six_posts(tmp_path / "site")
    assert "put new shared parts" not in run_cli("build", "-v", cwd=site).stdout
    (site / "content/posts/p7.md").write_text(article("新しい記事", "2024-01-07"), "utf-8")
    done = run_cli("build", "-v", cwd=site).stdout
    patched = re.search(r"rendered (\d+) pages, put new shared parts in (\d+)", done)
    assert patched and int(patched.group(1)) > 0 and int(patched.group(2)) > 0


def test_a_page_changed_by_hand_is_rendered_not_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = six_posts(tmp_path / "site")
    build(site, QUICK)
    (site / "public/posts/p1/index.html").write_text("<html>書き換え</html>", "utf-8")
    renders = Renders(monkeypatch, tmp_path / "rendered.txt")
    (site / "content/posts/p7.md").write_text(article("新しい記事", "2024-01-07"), "utf-8")
    build(site, QUICK)
    assert "posts/p1/index.html" in renders.pages
    assert "posts/p2/index.html" not in renders.pages
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_page_changed_unseen_by_a_builder_that_trusts_its_record_is_rendered_not_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = six_posts(tmp_path / "site")
    builder = Builder(site, QUICK)
    builder.build()
    page = site / "public/posts/p1/index.html"
    page.write_text(page.read_text("utf-8").replace("<body", "<!-- 書き足し --><body"), "utf-8")
    renders = Renders(monkeypatch, tmp_path / "rendered.txt")
    (site / "content/posts/p7.md").write_text(article("新しい記事", "2024-01-07"), "utf-8")
    builder.build({"content/posts/p7.md"})  # as serve: the output is taken to be as it was
    assert "posts/p1/index.html" in renders.pages  # its sidebar is not where it was
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_page_that_shows_what_the_sidebar_shows_itself_is_rendered_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The article template lists the newest titles in the page itself, not in a shared part.
    recent = "{% for link in site.recent %}<i>{{ link.title }}</i>{% endfor %}"
    template = (
        f'{{% extends "builtin/article.html" %}}{{% block content %}}{recent}{{% endblock %}}'
    )
    site = six_posts(tmp_path / "site", {"theme/templates/article.html": template})
    renders = after_a_new_article(site, monkeypatch)
    assert renders.articles() == [f"posts/p{n}/index.html" for n in range(1, 8)]
    assert "about/index.html" not in renders.pages  # page.html does not read site.recent
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_shared_part_the_page_does_not_show_as_it_is_makes_it_depend_on_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A page that shows the part altered (upper case here) does not hold it as it is:
    # it is rendered again whenever anything of the site view changes.
    sidebar = '{{ shared("partials/sidebar.html") | upper }}'
    base = '{% extends "builtin/base.html" %}{% block sidebar %}' + sidebar + "{% endblock %}"
    page = '{% extends "builtin/page.html" %}'
    site = six_posts(tmp_path / "site", {"theme/templates/base.html": base})
    (site / "theme/templates/page.html").write_text(page, "utf-8")
    renders = after_a_new_article(site, monkeypatch)
    assert "about/index.html" in renders.pages
    assert "新しい記事" in (site / "public/about/index.html").read_text("utf-8")
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_a_shared_part_whose_bytes_the_page_also_holds_elsewhere_is_never_patched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The part names the newest article; the page itself also writes what it is now.
    newest = '<i class="newest">{{ site.recent[0].title }}</i>'
    shown = '<i class="newest">記事6</i>{{ shared("partials/newest.html") }}'
    page = '{% extends "builtin/page.html" %}{% block content %}' + shown + "{% endblock %}"
    theme = {"theme/templates/partials/newest.html": newest, "theme/templates/page.html": page}
    site = six_posts(tmp_path / "site", theme)
    renders = after_a_new_article(site, monkeypatch)
    assert "about/index.html" in renders.pages
    assert snapshot(site / "public") == clean_build(site, tmp_path / "clean")


def test_an_output_file_changed_by_hand_is_restored(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build(tmp_path)
    page = tmp_path / "public/posts/a/index.html"
    original = page.read_bytes()
    page.write_text("tampered", "utf-8")
    assert build(tmp_path).written == ["posts/a/index.html"]
    assert page.read_bytes() == original


def test_a_builder_that_lives_on_trusts_what_it_wrote_while_its_folder_is_there(
    tmp_path: Path,
) -> None:
    posts = {f"content/posts/{n}.md": article(n, f"2024-03-1{d}") for d, n in enumerate("abc")}
    write_site(tmp_path, posts)
    builder = Builder(tmp_path, QUICK)
    builder.build()
    page = tmp_path / "public/posts/a/index.html"  # the oldest: c is no neighbour of it
    original = page.read_bytes()
    page.write_text("tampered", "utf-8")  # by hand: serve's own folder is never touched so
    (tmp_path / "content/posts/c.md").write_text(article("c", "2024-03-12", "新しい本文"), "utf-8")
    assert "posts/a/index.html" not in builder.build(["content/posts/c.md"]).written
    shutil.rmtree(tmp_path / "public")  # the folder is gone: nothing is trusted
    builder.build([])
    assert page.read_bytes() == original
    assert snapshot(tmp_path / "public") == snapshot(build(tmp_path, QUICK).output)


def test_a_builder_that_lives_on_builds_on_after_its_cache_folder_was_deleted(
    tmp_path: Path,
) -> None:
    # As serve's, whose output is in the cache folder too, when someone clears the cache.
    write_site(tmp_path, {f"content/posts/{n}.md": article(n) for n in "abc"})
    preview = tmp_path / CACHE_DIR / "serve/preview"
    builder = Builder(tmp_path, BuildOptions(search=False, output=preview))
    builder.build()
    shutil.rmtree(tmp_path / CACHE_DIR)
    (tmp_path / "content/posts/a.md").write_text(article("a", body="直した"), "utf-8")
    (tmp_path / "content/about.md").write_text("---\ntitle: 自己紹介\n---\n本文。\n", "utf-8")
    builder.build(["content/posts/a.md", "content/about.md"])  # page.html: compiled now
    clean = build(tmp_path, BuildOptions(search=False, output=tmp_path / "clean"))
    assert snapshot(preview) == snapshot(clean.output)


def test_the_preview_reuses_what_the_cli_read_and_the_other_way_round(tmp_path: Path) -> None:
    # serve builds for its own origin; reading a source does not depend on it.
    write_site(tmp_path, {f"content/posts/{n}.md": article(n) for n in "abc"})
    preview = BuildOptions(base_url="http://127.0.0.1:8000/", output=tmp_path / "preview")
    assert build(tmp_path, QUICK).read == 3
    assert build(tmp_path, preview).read == 0
    assert "http://127.0.0.1:8000/posts/a/" in (tmp_path / "preview/posts/a/index.html").read_text()
    (tmp_path / "content/posts/a.md").write_text(article("a", body="直した"), "utf-8")
    assert build(tmp_path, preview).read == 1
    assert build(tmp_path, QUICK).read == 0


def test_a_setting_reading_does_not_depend_on_reads_nothing_again(tmp_path: Path) -> None:
    write_site(tmp_path, {f"content/posts/{n}.md": article(n) for n in "abc"})
    assert build(tmp_path, QUICK).read == 3
    (tmp_path / "site.toml").write_text('title = "新しい名前"\nbase_url = "https://example.com/"\n')
    retitled = build(tmp_path, QUICK)
    assert retitled.read == 0
    assert "新しい名前" in (tmp_path / "public/posts/a/index.html").read_text("utf-8")
    staging = BuildOptions(base_url="https://staging.example.com/", search=False)
    assert build(tmp_path, staging).read == 0  # into the same folder: not "unchanged"
    page = (tmp_path / "public/posts/a/index.html").read_text("utf-8")
    assert '<link rel="canonical" href="https://staging.example.com/posts/a/">' in page
    (tmp_path / "site.toml").write_text('base_url = "https://example.com/"\ntimezone = "UTC"\n')
    assert build(tmp_path, QUICK).read == 3  # dates written without an offset change


def test_switching_between_the_preview_and_the_cli_reads_only_what_changed(
    tmp_path: Path,
) -> None:
    # A site under a path: the preview, at the root of its origin, reads with another
    # base path, so its read results are not the CLI's.
    config = 'title = "テストブログ"\nbase_url = "https://example.com/blog/"\n'
    write_site(tmp_path, {f"content/posts/{n}.md": article(n) for n in "abc"}, config)
    preview = BuildOptions(base_url="http://127.0.0.1:8000/", output=tmp_path / "preview")
    assert build(tmp_path, QUICK).read == 3
    assert build(tmp_path, preview).read == 3
    (tmp_path / "content/posts/a.md").write_text(article("a", body="直した"), "utf-8")
    assert build(tmp_path, preview).read == 1
    assert build(tmp_path, QUICK).read == 1  # the CLI's results were kept meanwhile
    (tmp_path / "content/posts/b.md").write_text(article("b", body="直した"), "utf-8")
    assert build(tmp_path, QUICK).read == 1
    assert build(tmp_path, preview).read == 1


def test_a_cache_restored_into_a_fresh_checkout_elsewhere_is_used(tmp_path: Path) -> None:
    # As CI restores .sitegen-cache/ into a new clone: another folder, every file new.
    posts = {f"content/posts/{n}.md": article(n, tags="[経営]") for n in "abc"}
    first = write_site(tmp_path / "first", posts)
    assert build(first, QUICK).read == 3
    clone = tmp_path / "clone"
    copy = shutil.copyfile  # as git checks files out: their modification time is now
    shutil.copytree(first, clone, ignore=shutil.ignore_patterns("public"), copy_function=copy)
    (clone / "content/posts/c.md").write_text(article("c", tags="[経営]", body="直した"), "utf-8")
    restored = build(clone, QUICK)
    assert restored.read == 1  # only the article that differs from the cached one
    clean = tmp_path / "clean"
    shutil.copytree(clone, clean, ignore=shutil.ignore_patterns(CACHE_DIR, "public"))
    build(clean, QUICK)
    assert snapshot(clone / "public") == snapshot(clean / "public")


def test_the_read_results_of_only_the_configurations_used_last_are_kept(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("a")})
    urls = [f"https://example.com/{n}/" for n in range(sitegen.cache.KEPT_CONFIGURATIONS + 1)]
    for url in urls:  # each configuration reads anew, and the first is forgotten last
        assert build(tmp_path, BuildOptions(base_url=url, search=False, write=False)).read == 1
    with sqlite3.connect(tmp_path / CACHE_DIR / "build.sqlite3") as db:
        (kept,) = db.execute("SELECT COUNT(DISTINCT base) FROM reads").fetchone()
    assert kept == sitegen.cache.KEPT_CONFIGURATIONS
    assert build(tmp_path, BuildOptions(base_url=urls[-1], search=False, write=False)).read == 0
    assert build(tmp_path, BuildOptions(base_url=urls[0], search=False, write=False)).read == 1


def test_the_cache_keeps_one_read_result_a_source_through_edits_and_deletions(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {f"content/posts/{n}.md": article(n) for n in "abc"})
    builder = Builder(tmp_path, QUICK)  # long-lived, as serve's: it knows what it replaced
    builder.build()
    for body in ("一回目", "二回目"):
        (tmp_path / "content/posts/a.md").write_text(article("a", body=body), "utf-8")
        builder.build(["content/posts/a.md"])
    (tmp_path / "content/posts/b.md").unlink()
    builder.build(["content/posts/b.md"])

    def results() -> int:
        with sqlite3.connect(tmp_path / CACHE_DIR / "build.sqlite3") as db:
            return int(db.execute("SELECT COUNT(*) FROM reads").fetchone()[0])

    assert results() == 2  # a as it is now, and c
    (tmp_path / "content/posts/b.md").write_text(article("b"), "utf-8")
    (tmp_path / "content/posts/a.md").write_text(article("a", body="三回目"), "utf-8")
    build(tmp_path, QUICK)  # the CLI's builder knows nothing, and searches the cache
    assert results() == 3


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build(tmp_path)
    expected = snapshot(tmp_path / "public")
    cache = tmp_path / CACHE_DIR / "build.sqlite3"
    cache.write_bytes(b"this is not a database" * 100)
    assert build(tmp_path).read == 1
    assert snapshot(tmp_path / "public") == expected

    with sqlite3.connect(cache) as db:
        db.execute("UPDATE meta SET value = 'another' WHERE key = 'version'")
    assert build(tmp_path).read == 1  # a cache from another sitegen version is not trusted


def test_a_cache_made_by_other_code_of_the_same_version_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A checkout being worked on: a record's class may have changed shape since its pickle.
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build(tmp_path)
    assert build(tmp_path, BuildOptions(shortcut=False)).read == 0
    monkeypatch.setattr(sitegen.cache, "code_version", lambda: f"{sitegen.__version__}+edited")
    assert build(tmp_path, BuildOptions(shortcut=False)).read == 1


def test_the_code_version_changes_with_any_file_of_the_package_but_bytecode(
    tmp_path: Path,
) -> None:
    assert sitegen.cache.code_version().startswith(f"{sitegen.__version__}+")
    package = tmp_path / "sitegen"
    shutil.copytree(Path(sitegen.__file__).parent, package)
    digest = sitegen.cache.files_digest(package)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__/model.cpython-311.pyc").write_bytes(b"bytecode")
    assert sitegen.cache.files_digest(package) == digest
    with (package / "markup/links.py").open("a", encoding="utf-8") as file:
        file.write("# edited\n")
    assert sitegen.cache.files_digest(package) != digest


def test_templates_are_compiled_once_for_every_later_build_until_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    older = tmp_path / CACHE_DIR / "templates/another-version"
    older.mkdir(parents=True)
    (older / "__jinja2_x.cache").write_bytes(b"compiled by other code")
    compiled: list[str | None] = []
    real_compile = jinja2.Environment.compile

    def compile_(self: jinja2.Environment, source: str, name: str | None = None, *a: Any) -> Any:
        compiled.append(name)
        return real_compile(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", compile_)
    monkeypatch.setattr(sitegen.pagewriter, "PARALLEL_PAGES", 10_000)  # render in this process
    build(tmp_path, QUICK)
    assert "article.html" in compiled
    assert not older.exists()  # another version's compiled templates are removed
    compiled.clear()
    (tmp_path / "content/posts/a.md").write_text(article("記事（改）"), "utf-8")
    build(tmp_path, QUICK)  # another process, as far as templates go: a fresh Builder
    assert compiled == []
    template = tmp_path / "theme/templates/article.html"
    template.parent.mkdir(parents=True)
    extended = '{% extends "builtin/article.html" %}{% block content %}<p>版</p>{{ super() }}'
    template.write_text(extended + "{% endblock %}", "utf-8")
    build(tmp_path, QUICK)
    assert "article.html" in compiled and "base.html" not in compiled  # only what changed
    assert "<p>版</p>" in (tmp_path / "public/posts/a/index.html").read_text("utf-8")


def test_a_cache_of_an_older_format_is_replaced_not_a_crash(tmp_path: Path) -> None:
    # An older sitegen's cache: its tables lack columns this one's statements name.
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    (tmp_path / CACHE_DIR).mkdir()
    with sqlite3.connect(tmp_path / CACHE_DIR / "build.sqlite3") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute("CREATE TABLE reads (key TEXT PRIMARY KEY, result BLOB NOT NULL)")
        db.executemany("INSERT INTO meta VALUES (?, ?)", [("format", "3"), ("version", "0.1.0")])
    assert build(tmp_path, QUICK).read == 1
    assert build(tmp_path, BuildOptions(search=False, shortcut=False)).read == 0


def test_a_build_waits_for_another_build_of_the_site_and_never_takes_its_cache_for_corrupt(
    tmp_path: Path,
) -> None:
    write_site(tmp_path, {f"content/posts/p{n}.md": article(f"記事{n}") for n in range(3)})
    build(tmp_path, QUICK)
    cache = tmp_path / CACHE_DIR / "build.sqlite3"
    other = sqlite3.connect(cache, isolation_level=None)  # another build, holding the cache
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO stats VALUES ('other build', 0, 0, 'was here')")
    (tmp_path / "content/posts/p1.md").write_text(article("変更後"), "utf-8")
    waiting = subprocess.Popen(
        [sys.executable, "-m", "sitegen", "build"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        time.sleep(1.5)
        assert waiting.poll() is None  # still waiting for its turn
        other.execute("COMMIT")
        other.close()
        output, _ = waiting.communicate(timeout=60)
    finally:
        waiting.kill()
        waiting.wait()
    assert waiting.returncode == 0, output
    assert "変更後" in (tmp_path / "public/posts/p1/index.html").read_text("utf-8")
    with sqlite3.connect(cache) as db:  # the same cache, not one made afresh
        assert db.execute("SELECT digest FROM stats WHERE path = 'other build'").fetchone() == (
            "was here",
        )


def test_a_build_that_waited_too_long_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build(tmp_path, QUICK)
    other = sqlite3.connect(tmp_path / CACHE_DIR / "build.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(sitegen.cache, "WAIT_FOR_OTHER_BUILD", 0.2)
    try:
        with pytest.raises(SiteError) as caught:
            build(tmp_path, QUICK)
    finally:
        other.close()
    assert [str(p) for p in caught.value.problems] == [
        ".sitegen-cache/build.sqlite3: another sitegen build of this site is still running "
        "(waited 0.2 s for it) (hint: let it finish (a preview builds after each save), "
        "then try again)"
    ]


def test_check_writes_nothing(tmp_path: Path) -> None:
    write_site(tmp_path, {"content/posts/a.md": article("記事")})
    build(tmp_path, BuildOptions(write=False))
    assert not (tmp_path / "public").exists()
