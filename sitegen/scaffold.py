"""Files that ``sitegen init`` and ``sitegen new`` write."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from sitegen.config import SUMMARY_LENGTHS, Config
from sitegen.errors import SiteError, unreadable
from sitegen.frontmatter import split
from sitegen.images import favicon
from sitegen.sourcetext import decode
from sitegen.urls import MAX_NAME_BYTES, slug_problem, slugify

SITE_TOML = {
    "ja": """\
# sitegen のサイト設定。すべてのキーは README の「Configuration reference」にあります。
title = "{title}"
tagline = "経営とマーケティングの最新事例"
description = "中小企業の売上を伸ばすための事例と考え方を紹介するブログです。"
language = "ja"
timezone = "Asia/Tokyo"
author = "著者名"
# base_url = "https://example.com/"
# 自動の要約（一覧のカード、検索結果や SNS に出る説明文）は、この字数までの文末で終わります。
# summary_length = {summary_length}
# サイドバーの人気記事。よく読まれている順に、記事のファイルで。
# popular = ["content/posts/2024-07-03-free-shipping.md"]

[tag_slugs]
"経営" = "management"
"マーケティング" = "marketing"

# 大きな画像には、スマートフォンが代わりに読み込む縮小コピーが作られます。
# webp = true ならコピーは WebP です（写真はより小さく、図は劣化なし）。
[images]
webp = true

# アクセス解析（Google Analytics 4）と広告（Google AdSense）。
# どちらもプレビュー（sitegen serve）には入りません。
# [analytics]
# google = "G-XXXXXXXXXX"
# [ads]
# adsense = "ca-pub-0000000000000000"
""",
    "en": """\
# sitegen site settings. Every key is listed in the README's configuration reference.
title = "{title}"
tagline = "Notes on management and marketing"
description = "Case studies and ideas for growing a small business."
language = "en"
timezone = "UTC"
author = "Your name"
# base_url = "https://example.com/"
# An automatic summary (on list cards, in search results and link previews) ends at
# the last sentence end within this many characters.
# summary_length = {summary_length}
# The sidebar's popular articles, most read first, by their files.
# popular = ["content/posts/2024-07-03-free-shipping.md"]

# Large pictures get smaller copies, which phones load instead; with webp = true
# the copies are WebP (smaller photos, charts without loss).
[images]
webp = true

# Page-view counting (Google Analytics 4) and ads (Google AdSense); neither is
# in the preview (sitegen serve).
# [analytics]
# google = "G-XXXXXXXXXX"
# [ads]
# adsense = "ca-pub-0000000000000000"
""",
}

FIRST_POST = {
    "ja": """\
---
title: はじめての記事
date: {date}
tags: [経営, マーケティング]
---

sitegen へようこそ。この記事は `content/posts/` にある Markdown ファイルです。
一文ごとに改行して書いても、日本語の文のあいだに余計な空白は入りません。

## 見出しは目次になります

- `sitegen new "タイトル"` で新しい記事を作ります。
- `sitegen build` で `public/` にサイトを書き出します。

## 見出しが二つあれば

記事の冒頭に目次が出ます。
""",
    "en": """\
---
title: Hello, sitegen
date: {date}
tags: [management]
---

Welcome to sitegen. This article is a Markdown file in `content/posts/`.

## Headings make the table of contents

- `sitegen new "Title"` creates an article.
- `sitegen build` writes the site to `public/`.

## With two headings or more

the article opens with its table of contents.
""",
}

ABOUT = {
    "ja": "---\ntitle: このブログについて\n---\n\nこのブログの目的と著者の紹介を書きます。\n",
    "en": "---\ntitle: About\n---\n\nWhat this blog is for, and who writes it.\n",
}

# The output, the cache, and what a build killed before its end may leave (the next
# build removes it).
GITIGNORE = "/public/\n.sitegen-cache/\n/.public.staging-*/\n"

# What `sitegen new` starts an article with, besides the title, date and tags it
# writes first (see archetype()); PAGE_ARCHETYPE is what `sitegen new --page` starts a
# page with.
ARCHETYPE = {
    "ja": """\
---
# 引用するニュースは sources に書き、本文の引用は > [!quote nikkei-0311] で始めます。
# sources:
#   nikkei-0311:
#     publisher: 日本経済新聞
#     date: 2024-03-11
#     title: 記事の見出し
#     url: https://www.nikkei.com/…
---

結論を一、二文で。この段落が一覧に出る要約になります。

<!--more-->

## 背景

## 数字で見る

## まとめ
""",
    "en": """\
---
# The news an article quotes goes in sources; a quotation starts > [!quote times-0311].
# sources:
#   times-0311:
#     publisher: The Times
#     date: 2024-03-11
#     url: https://www.thetimes.com/…
---

The point, in a sentence or two: this paragraph is the summary lists show.

<!--more-->

## Background

## The numbers

## In short
""",
}


PAGE_ARCHETYPE = {
    "ja": """\
---
# 固定ページ（会社概要、お問い合わせ）はヘッダーのメニューに並びます。
# フッターに置くなら menu: footer、どちらにも置かないなら menu: false。
# menu: footer
# メニューの並び順。小さいほうが先です。
# weight: 10
---

このページで伝えることを一、二文で。
""",
    "en": """\
---
# A page (about, contact) is listed in the header's menu; menu: footer lists it
# in the footer instead, menu: false in neither.
# menu: footer
# Its place in its menu, lighter first.
# weight: 10
---

What this page is for, in a sentence or two.
""",
}


def init_site(folder: Path, language: str = "ja") -> list[Path]:
    """Create a working site in ``folder`` (which must be empty or absent)."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise SiteError.at(
            "", 0, f"{folder} already exists and is not empty", "choose a new folder"
        )
    timezone = "Asia/Tokyo" if language == "ja" else "UTC"  # as the site.toml written below
    today = dt.datetime.now(ZoneInfo(timezone)).date().isoformat()
    title = "私のブログ" if language == "ja" else "My blog"
    files = {
        "site.toml": SITE_TOML[language].format(
            title=title, summary_length=SUMMARY_LENGTHS[language]
        ),
        f"content/posts/{today}-hello.md": FIRST_POST[language].format(date=today),
        "content/about.md": ABOUT[language],
        ".gitignore": GITIGNORE,
        f"{ARCHETYPES_DIR}/default.md": ARCHETYPE[language],
        f"{ARCHETYPES_DIR}/page.md": PAGE_ARCHETYPE[language],
    }
    # static/ holds only the icon browsers ask every site for: the robots.txt that
    # sitegen writes names the sitemap, which a fixed file here could not.
    (folder / "static").mkdir(parents=True)
    (folder / "static/favicon.ico").write_bytes(favicon())
    written = [folder / "static/favicon.ico"]
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def new_article(
    site_dir: Path,
    config: Config,
    title: str,
    tags: list[str],
    slug: str | None,
    now: dt.datetime,
    *,
    page: bool = False,
    draft: bool = False,
) -> Path:
    """Create ``content/<posts>/<date>-<slug>.md``, or ``content/<slug>.md`` for a
    standalone ``page`` (no date, no tags), from the site's archetype (see
    :func:`archetype`); never overwrite a file."""
    if not title.strip():
        raise SiteError.at(
            "", 0, "the title must not be empty", 'e.g. sitegen new "値上げの伝え方"'
        )
    if a_file := _file_for_title(title, config.posts_dir):
        raise SiteError.at("", 0, *a_file)
    slug = slug if slug is not None else slugify(title)
    name = f"{slug}.md" if page else f"{now:%Y-%m-%d}-{slug}.md"
    problem = slug_problem(slug)
    if not problem and len(name.encode()) > MAX_NAME_BYTES:
        problem = f"makes a file name of {len(name.encode())} bytes; a disk allows {MAX_NAME_BYTES}"
    if problem:
        raise SiteError.at("", 0, f"slug {problem}", "pass another one with --slug")
    if page and tags:
        raise SiteError.at("", 0, "a page has no tags", "tags group articles: leave out --tags")
    folder = site_dir / "content" if page else site_dir / "content" / config.posts_dir
    path = folder / name
    if path.exists():
        raise SiteError.at(
            path.relative_to(site_dir).as_posix(), 0, "already exists; not overwritten"
        )
    lines = [f"title: {json.dumps(title, ensure_ascii=False)}"]
    if not page:
        lines.append(f"date: {now:%Y-%m-%d %H:%M}")
    if tags:
        lines.append("tags: [" + ", ".join(json.dumps(t, ensure_ascii=False) for t in tags) + "]")
    if draft:
        lines.append("draft: true")
    front, body = archetype(site_dir, page)
    written = {line.split(":", 1)[0] for line in lines} | {"slug"}
    text = "\n".join(["---", *lines, *_without(front, written), "---", "", body])
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": fail rather than overwrite
        file.write(text)
    return path


def _file_for_title(title: str, posts_dir: str) -> tuple[str, str] | None:
    """Why ``title`` is a file rather than a title, and the command to type instead, or
    None. Hugo's ``hugo new posts/my-post.md`` takes a file; typed out of habit here,
    it made ``<date>-posts-my-post.md.md`` titled "posts/my-post.md". A title may well
    have a slash (売上/利益); one in a file's place, with a Markdown suffix or under
    ``content/`` or the articles' folder, is no title."""
    path = title.strip().replace("\\", "/")
    folder, _, name = path.removeprefix("content/").rpartition("/")
    stem, dot, suffix = name.rpartition(".")
    markdown = bool(dot) and suffix.lower() in ("md", "markdown")
    if not markdown and not path.startswith(("content/", f"{posts_dir}/")):
        return None
    page = "" if folder == posts_dir or folder.startswith(f"{posts_dir}/") else " --page"
    slug = slugify(stem if markdown else name) or "my-post"
    message = f"new takes the title, not a file: {title!r}"
    what = "content/SLUG.md" if page else f"content/{posts_dir}/DATE-SLUG.md"
    return message, f'sitegen new "the title" --slug {slug}{page} (it writes {what})'


ARCHETYPES_DIR = "archetypes"
_TOP_LEVEL_KEY = re.compile(r"([^\s#:][^:]*?)\s*:(?:\s|$)")


def archetype(site_dir: Path, page: bool) -> tuple[list[str], str]:
    """What a new article (``archetypes/default.md``) or page (``archetypes/page.md``)
    starts with, as Hugo's archetypes: the lines of its front matter, and its body.
    Nothing when the site has none. ``new`` writes the title, date, tags and draft
    over the archetype's."""
    name = f"{ARCHETYPES_DIR}/{'page' if page else 'default'}.md"
    try:
        raw = (site_dir / name).read_bytes()
    except FileNotFoundError:
        return [], ""
    except OSError as error:
        raise unreadable(name, error) from None
    text = decode(raw, name)
    document = split(text, name)  # a front matter that does not load is an error at its line
    if not document.has_front_matter:
        return [], document.body
    if not text.startswith("---"):
        raise SiteError.at(name, 1, "an archetype's front matter is YAML, between '---' lines")
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if re.fullmatch(r"-{3,}\s*", lines[i]))
    return lines[1:closing], document.body


def _without(front: list[str], keys: set[str]) -> list[str]:
    """The lines of ``front`` without the top-level ``keys`` (and the lines they hold)."""
    kept, dropping = [], False
    for line in front:
        if line and not line[0].isspace() and not line.startswith("-"):
            key = _TOP_LEVEL_KEY.match(line)
            dropping = key is not None and key[1].strip("'\"") in keys
        if not dropping:
            kept.append(line)
    return kept
