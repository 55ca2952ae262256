"""Smaller copies of large pictures, named in the srcset of their images."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from sitekit import MINIMAL_CONFIG, article, build_site, clean_build, read, snapshot, write_site

from sitegen.build import Builder, BuildOptions
from sitegen.errors import SiteError

CONFIG = 'title = "t"\nbase_url = "https://example.com/blog/"\n'
SIZES = 'sizes="(min-width: 42rem) 42rem, 100vw"'


def picture(width: int, height: int, kind: str = "JPEG", **options: object) -> bytes:
    mode = "RGBA" if kind == "PNG" else "RGB"
    data = io.BytesIO()
    Image.new(mode, (width, height), (200, 40, 40)).save(data, kind, **options)
    return data.getvalue()


def size_of(path: Path) -> tuple[int, int]:
    with Image.open(path) as opened:
        return opened.size


def img(page: str, alt: str) -> str:
    found = re.search(f'<img alt="{alt}"[^>]*>', page)
    assert found, alt
    return found.group(0)


def test_a_large_picture_gets_smaller_copies_that_its_image_offers(tmp_path: Path) -> None:
    body = (
        "![写真](images/photo.jpg)\n\n![図](images/chart.png)\n\n![小](images/small.jpg)\n\n"
        "![幅指定](images/photo.jpg){width=300}\n\n![ロゴ](/art/logo.webp)\n"
    )
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", body=body),
            "content/posts/images/photo.jpg": picture(2000, 1000),
            "content/posts/images/chart.png": picture(900, 600, "PNG"),
            "content/posts/images/small.jpg": picture(300, 200),
            "static/art/logo.webp": picture(1500, 1500, "WEBP"),
        },
        CONFIG,
    )
    assert build_site(tmp_path).warnings == []
    public, page = tmp_path / "public", read(tmp_path, "posts/a/index.html")
    assert img(page, "写真") == (
        '<img alt="写真" decoding="async" fetchpriority="high" src="/blog/posts/images/photo.jpg" width="2000"'
        ' height="1000" srcset="/blog/posts/images/photo-640w.jpg 640w,'
        ' /blog/posts/images/photo-1280w.jpg 1280w, /blog/posts/images/photo.jpg 2000w"'
        f" {SIZES}>"
    )
    assert size_of(public / "posts/images/photo-640w.jpg") == (640, 320)
    assert size_of(public / "posts/images/photo-1280w.jpg") == (1280, 640)
    assert 'srcset="/blog/posts/images/chart-640w.png 640w, /blog/posts/images/chart.png 900w"' in (
        img(page, "図")
    )
    assert size_of(public / "posts/images/chart-640w.png") == (640, 427)
    with Image.open(public / "posts/images/chart-640w.png") as chart:
        assert chart.mode == "RGBA"  # still transparent
    assert "srcset" not in img(page, "小") and "srcset" not in img(page, "幅指定")
    assert "/blog/art/logo-1280w.webp 1280w" in img(page, "ロゴ")  # from static/ too
    assert size_of(public / "art/logo-640w.webp") == (640, 640)
    copies = sorted(p.name for p in public.rglob("*-*w.*"))
    assert copies == [
        "chart-640w.png", "logo-1280w.webp", "logo-640w.webp", "photo-1280w.jpg", "photo-640w.jpg"
    ]  # fmt: skip


def test_copies_follow_the_picture_and_the_settings_as_a_clean_build_makes_them(
    tmp_path: Path,
) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
        },
        CONFIG,
    )
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()

    def same_as_a_clean_build() -> None:
        assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean")

    (site / "content/posts/images/photo.jpg").write_bytes(picture(1000, 1000))  # saved again
    builder.build({"content/posts/images/photo.jpg"})
    assert size_of(tmp_path / "out/posts/images/photo-640w.jpg") == (640, 640)
    assert not (tmp_path / "out/posts/images/photo-1280w.jpg").exists()  # wider than it now
    assert len(list((site / ".sitegen-cache/pictures").iterdir())) == 1  # the old copies gone
    same_as_a_clean_build()
    write_site(site, {}, CONFIG + "[images]\nwidths = [480, 800]\nquality = 60\n")
    builder.build({"site.toml"})
    made = sorted(p.name for p in (tmp_path / "out/posts/images").iterdir())
    assert made == ["photo-480w.jpg", "photo-800w.jpg", "photo.jpg"]
    same_as_a_clean_build()
    webp = "[images]\nwidths = [480, 800]\nquality = 60\nwebp = true\n"  # only webp new
    write_site(site, {}, CONFIG + webp)
    builder.build({"site.toml"})
    made = sorted(p.name for p in (tmp_path / "out/posts/images").iterdir())
    # WebP copies, and one at the photo's own width; the JPEG copies are gone.
    assert made == ["photo-1000w.webp", "photo-480w.webp", "photo-800w.webp", "photo.jpg"]
    same_as_a_clean_build()
    write_site(site, {}, CONFIG + "[images]\nwidths = []\n")  # no copies at all
    builder.build({"site.toml"})
    assert sorted(p.name for p in (tmp_path / "out/posts/images").iterdir()) == ["photo.jpg"]
    assert "srcset" not in (tmp_path / "out/posts/a/index.html").read_text("utf-8")
    same_as_a_clean_build()


def test_a_theme_says_how_wide_it_shows_pictures_and_cards(tmp_path: Path) -> None:
    site = write_site(
        tmp_path / "site",
        {
            "content/posts/a.md": article("写真", slug="a", image="images/photo.jpg"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
            "content/posts/b.md": article(
                "カード", slug="b", body="![写真](images/photo.jpg)\n\n{{< card a.md >}}"
            ),
            "content/posts/c.md": article("写真だけ", slug="c", body="![写真](images/photo.jpg)"),
        },
        CONFIG,
    )
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    page = (tmp_path / "out/posts/b/index.html").read_text("utf-8")
    assert SIZES in img(page, "写真") and 'sizes="8rem"' in page
    wide = '[images]\nsizes = "(min-width: 60em) 50vw, 100vw"\ncard_sizes = "10rem"\n'
    write_site(site, {}, CONFIG + wide)
    builder.build({"site.toml"})  # a builder that lives on, as serve's
    page = (tmp_path / "out/posts/b/index.html").read_text("utf-8")
    assert 'sizes="(min-width: 60em) 50vw, 100vw"' in img(page, "写真")
    card = re.search(r'<img class="blogcard__image"[^>]*>', page)
    assert card and 'sizes="10rem"' in card.group(0)
    assert SIZES not in page and 'sizes="8rem"' not in page
    page = (tmp_path / "out/posts/c/index.html").read_text("utf-8")  # with no card
    assert 'sizes="(min-width: 60em) 50vw, 100vw"' in img(page, "写真")
    assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean")


def test_copies_can_be_webp_lossless_for_a_png_and_at_the_pictures_own_width(
    tmp_path: Path,
) -> None:
    # A screenshot of a photo, say: the grain makes each narrower copy lighter.
    chart = Image.merge(
        "RGBA", [Image.effect_noise((1000, 500), 60)] * 3 + [Image.new("L", (1000, 500), 255)]
    )
    chart.paste((20, 60, 220, 128), (500, 0, 1000, 500))  # a sharp edge, half transparent
    data = io.BytesIO()
    chart.save(data, "PNG")
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", slug="a", image="images/photo.jpg"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
            "content/posts/b.md": article(
                "図",
                slug="b",
                body="![図](images/chart.png)\n\n{{< card a.md >}}\n\n![小](/small.jpg)",
            ),
            "content/posts/images/chart.png": data.getvalue(),
            "static/small.jpg": picture(300, 200),  # narrower than any width
            "static/logo.webp": picture(900, 300, "WEBP"),  # a WebP itself
            "content/posts/c.md": article("ロゴ", slug="c", body="![ロゴ](/logo.webp)"),
        },
        CONFIG + "[images]\nwebp = true\n",
    )
    assert build_site(tmp_path).warnings == []
    public, page = tmp_path / "public", read(tmp_path, "posts/b/index.html")
    assert img(page, "図") == (
        '<img alt="図" decoding="async" fetchpriority="high" src="/blog/posts/images/chart.png" width="1000"'
        ' height="500" srcset="/blog/posts/images/chart-640w.webp 640w,'
        f' /blog/posts/images/chart-1000w.webp 1000w" {SIZES}>'
    )  # src keeps the PNG, for a browser that reads no srcset
    card = re.search(r'<img class="blogcard__image"[^>]*>', page)
    assert card and (
        'srcset="/blog/posts/images/photo-640w.webp 640w, /blog/posts/images/photo-1280w.webp'
        ' 1280w, /blog/posts/images/photo-2000w.webp 2000w"'
    ) in card.group(0)
    assert 'srcset="/blog/small-300w.webp 300w"' in img(page, "小")
    logo = img(read(tmp_path, "posts/c/index.html"), "ロゴ")
    assert 'srcset="/blog/logo-640w.webp 640w, /blog/logo.webp 900w"' in logo
    with Image.open(public / "posts/images/chart-640w.webp") as copy:
        assert (copy.format, copy.size, copy.mode) == ("WEBP", (640, 320), "RGBA")
        expected = chart.resize((640, 320), Image.Resampling.LANCZOS)
        assert copy.tobytes() == expected.tobytes()  # lossless: the edge stays sharp
    for width in (640, 1280, 2000):
        with Image.open(public / f"posts/images/photo-{width}w.webp") as copy:
            assert (copy.format, copy.size) == ("WEBP", (width, width // 2))
    with Image.open(public / "small-300w.webp") as copy:
        assert (copy.format, copy.size) == ("WEBP", (300, 200))
    assert not list(public.rglob("*-*w.jpg")) and not list(public.rglob("*-*w.png"))


def test_copies_are_made_once_and_kept_in_the_cache(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
            "content/posts/b.md": article("別の記事"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
        },
    )
    build_site(tmp_path)
    cached = {p: p.stat().st_mtime_ns for p in (tmp_path / ".sitegen-cache").rglob("*.jpg")}
    assert len(cached) == 2
    (tmp_path / "content/posts/b.md").write_text(article("別の記事", body="改訂。"), "utf-8")
    result = build_site(tmp_path)
    assert "pictures" in result.timings and "posts/b/index.html" in result.written
    assert not [path for path in result.written if path.startswith("posts/images/")]
    assert {p: p.stat().st_mtime_ns for p in cached} == cached  # not made again


def test_a_builder_makes_the_copies_again_when_the_cache_is_deleted(tmp_path: Path) -> None:
    # serve keeps one builder: the README says the cache is safe to delete while it runs.
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
        },
    )
    preview = tmp_path / ".sitegen-cache/serve/127.0.0.1-8000"  # where serve builds
    builder = Builder(tmp_path, BuildOptions(output=preview, search=False))
    builder.build()
    made = snapshot(preview)
    shutil.rmtree(tmp_path / ".sitegen-cache")
    builder.build()
    assert snapshot(preview) == made
    assert len(list((tmp_path / ".sitegen-cache/pictures").rglob("*.jpg"))) == 2


@pytest.mark.parametrize("images", ["", "[images]\nwebp = true\n"], ids=["same", "webp"])
def test_an_animation_gets_no_copies(tmp_path: Path, images: str) -> None:
    frames = [Image.new("RGB", (1000, 500), color) for color in ("red", "blue")]
    data = io.BytesIO()
    frames[0].save(data, "PNG", save_all=True, append_images=frames[1:])
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("動く図", body="![動く図](images/anim.png)"),
            "content/posts/images/anim.png": data.getvalue(),
        },
        MINIMAL_CONFIG + images,  # not even a still WebP at its own width
    )
    build_site(tmp_path)
    assert "srcset" not in read(tmp_path, "posts/a/index.html")
    assert sorted(p.name for p in (tmp_path / "public/posts/images").iterdir()) == ["anim.png"]


def test_a_file_that_tells_no_picture_size_is_a_warning_naming_it(tmp_path: Path) -> None:
    files = {
        "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
        "content/posts/images/photo.jpg": b"not a picture at all",
    }
    write_site(tmp_path, files)
    (warning,) = build_site(tmp_path).warnings
    assert str(warning) == (
        "content/posts/images/photo.jpg: warning: not a picture whose size can be read: shown "
        "without width and height, and no smaller copies (hint: is it a picture? open it and "
        "save it again)"
    )
    page = read(tmp_path, "posts/a/index.html")
    assert (
        '<img alt="写真" decoding="async" fetchpriority="high" src="/posts/images/photo.jpg">'
        in page
    )


def test_a_picture_that_cannot_be_decoded_is_an_error_naming_it(tmp_path: Path) -> None:
    broken = picture(2000, 1000)[:600]  # its size is in the header; the pixels are cut off
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
            "content/posts/images/photo.jpg": broken,
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    (problem,) = caught.value.problems
    assert problem.path == "content/posts/images/photo.jpg"
    assert problem.message.startswith("cannot make smaller copies of this picture: ")
    assert not (tmp_path / "public").exists()  # nothing written
    copies = tmp_path / ".sitegen-cache/pictures"
    assert not copies.exists() or list(copies.iterdir()) == []  # nothing half-made


def test_a_photo_stored_on_its_side_is_measured_and_copied_upright(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90° clockwise to show: as phones store portraits
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("縦の写真", body="![縦](images/portrait.jpg)"),
            "content/posts/images/portrait.jpg": picture(1600, 800, exif=exif),
        },
    )
    build_site(tmp_path)
    shown = img(read(tmp_path, "posts/a/index.html"), "縦")
    assert 'width="800" height="1600"' in shown
    assert 'srcset="/posts/images/portrait-640w.jpg 640w, /posts/images/portrait.jpg 800w"' in shown
    assert size_of(tmp_path / "public/posts/images/portrait-640w.jpg") == (640, 1280)


def test_a_file_named_like_a_copy_is_a_collision_that_says_so(tmp_path: Path) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article("写真", body="![写真](images/photo.jpg)"),
            "content/posts/images/photo.jpg": picture(2000, 1000),
            "content/posts/images/photo-640w.jpg": picture(640, 320),  # made by hand
        },
    )
    with pytest.raises(SiteError) as caught:
        build_site(tmp_path)
    assert [str(p).split(" (hint:")[0] for p in caught.value.problems] == [
        "content/posts/images/photo-640w.jpg: the 640-pixel copy of"
        " content/posts/images/photo.jpg already makes posts/images/photo-640w.jpg"
    ]


def test_the_files_of_an_unpublished_articles_folder_are_published_with_it(
    tmp_path: Path,
) -> None:
    """A page bundle (an index.md with its pictures beside it) that is a draft or dated
    later keeps its files back, copies included, as Hugo does; files elsewhere are
    published when something published shows them, or nothing does."""
    draft = article("下書き", body="![案](plan.jpg)\n\n![共有](../images/shared.jpg)", draft="true")
    write_site(
        tmp_path,
        {
            "content/posts/secret/index.md": draft,
            "content/posts/secret/plan.jpg": picture(2000, 1000),
            "content/posts/secret/notes/memo.pdf": b"%PDF-1.4",
            "content/posts/later/index.md": article("予告", "2999-01-01", body="![表](chart.png)"),
            "content/posts/later/chart.png": picture(900, 600, "PNG"),
            "content/posts/out/index.md": article(
                "公開", body="![写真](photo.jpg)\n\n![共有](/posts/images/shared.jpg)"
            ),
            "content/posts/out/photo.jpg": picture(2000, 1000),
            "content/posts/images/shared.jpg": picture(2000, 1000),
        },
        CONFIG,
    )
    assert build_site(tmp_path).site.assets == (
        "content/posts/images/shared.jpg", "content/posts/out/photo.jpg"
    )  # fmt: skip
    files = sorted(p.relative_to(tmp_path / "public/posts").as_posix() for p in
                   (tmp_path / "public/posts").rglob("*.*") if not p.name.endswith(".html"))  # fmt: skip
    assert files == [
        "images/shared-1280w.jpg", "images/shared-640w.jpg", "images/shared.jpg",
        "out/photo-1280w.jpg", "out/photo-640w.jpg", "out/photo.jpg",
    ]  # fmt: skip
    build_site(tmp_path, drafts=True, future=True)  # as serve shows them: all there
    for shown in ("secret/plan.jpg", "secret/plan-640w.jpg", "secret/notes/memo.pdf",
                  "later/chart.png", "later/chart-640w.png"):  # fmt: skip
        assert (tmp_path / "public/posts" / shown).is_file(), shown


def test_a_file_only_unpublished_articles_show_waits_for_them(tmp_path: Path) -> None:
    """A picture in a shared folder that only a draft or a scheduled article shows is
    not at its address before them (an embargoed product photo); one a published
    article, a page or a setting shows, or that nothing shows, is published."""
    files = {
        "content/posts/a.md": article("下書き", body="![新製品](images/embargo.jpg)", draft="true"),
        "content/posts/b.md": article("予告", "2999-01-01", body="[資料](/posts/files/plan.pdf)"),
        "content/posts/c.md": article("公開", body="![ロゴ](images/logo.jpg)"),
        "content/posts/d.md": article(
            "下書き2", body="![ロゴ](images/logo.jpg)\n\n![私](/me.jpg)", draft="true"
        ),
        "content/posts/images/embargo.jpg": picture(2000, 1000),
        "content/posts/images/logo.jpg": picture(300, 100),
        "content/posts/files/plan.pdf": b"%PDF-1.4",
        "content/posts/files/unlinked.pdf": b"%PDF-1.4",
        "content/me.jpg": picture(300, 300),
    }
    site = write_site(tmp_path / "site", files, CONFIG + '\n[profile]\nimage = "/me.jpg"\n')
    built = build_site(site)
    assert built.site.assets == (
        "content/me.jpg", "content/posts/files/unlinked.pdf", "content/posts/images/logo.jpg"
    )  # fmt: skip
    public = site / "public"
    assert not (public / "posts/images/embargo.jpg").exists()
    assert not (public / "posts/images/embargo-640w.jpg").exists()
    assert not (public / "posts/files/plan.pdf").exists()
    assert (public / "posts/images/logo.jpg").is_file()
    assert (public / "me.jpg").is_file()
    due = build_site(site, drafts=True, future=True)
    assert "content/posts/images/embargo.jpg" in due.site.assets
    assert (public / "posts/images/embargo-640w.jpg").is_file()
    assert (public / "posts/files/plan.pdf").is_file()
    # Published, the draft brings its picture; a draft again, takes it back.
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    builder.build()
    for draft, there in (("false", True), ("true", False)):
        body = "![新製品](images/embargo.jpg)"
        (site / "content/posts/a.md").write_text(article("下書き", body=body, draft=draft))
        builder.build({"content/posts/a.md"})
        assert (tmp_path / "out/posts/images/embargo-640w.jpg").is_file() is there
        assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean")


def test_a_file_kept_back_with_its_article_comes_and_goes_with_it(tmp_path: Path) -> None:
    bundle = "content/posts/secret/index.md"
    site = write_site(
        tmp_path / "site",
        {
            bundle: article("下書き", body="![案](plan.jpg)", draft="true"),
            "content/posts/secret/plan.jpg": picture(2000, 1000),
            # A page that shows it is warned: the picture is not there until the draft is.
            "content/posts/b.md": article("紹介", body="前置き。\n\n![案](secret/plan.jpg)"),
        },
        CONFIG,
    )
    builder = Builder(site, BuildOptions(output=tmp_path / "out", search=False))
    kept_back = (
        "content/posts/b.md",
        8,
        "link to a file of an unpublished article: 'secret/plan.jpg'",
    )
    assert kept_back in [(w.path, w.line, w.message) for w in builder.build().warnings]
    assert not (tmp_path / "out/posts/secret/plan.jpg").exists()
    for draft, there in (("false", True), ("true", False), ("false", True)):
        (site / bundle).write_text(article("下書き", body="![案](plan.jpg)", draft=draft))
        warnings = [(w.path, w.line, w.message) for w in builder.build({bundle}).warnings]
        assert (kept_back in warnings) is not there
        assert (tmp_path / "out/posts/secret/plan.jpg").is_file() is there
        assert (tmp_path / "out/posts/secret/plan-640w.jpg").is_file() is there
        assert snapshot(tmp_path / "out") == clean_build(site, tmp_path / "clean")


def line_art(width: int, height: int) -> bytes:
    """A chart of thin lines on white: shrunk, its sharp edges become many new colours."""
    drawing = Image.new("RGB", (width, height), "white")
    pen = ImageDraw.Draw(drawing)
    for x in range(0, width, 37):
        pen.line((x, 0, width - x, height), fill=(20, 60, 160), width=3)
    data = io.BytesIO()
    drawing.save(data, "PNG", optimize=True)
    return data.getvalue()


@pytest.mark.parametrize("webp", [False, True])
def test_a_copy_that_takes_more_bytes_than_a_wider_one_is_not_offered(
    tmp_path: Path, webp: bool
) -> None:
    write_site(
        tmp_path,
        {
            "content/posts/a.md": article(
                "図と写真", body="![図](chart.png)\n\n![写真](photo.jpg)"
            ),
            "content/posts/chart.png": line_art(2000, 1000),
            "content/posts/photo.jpg": picture(2000, 1000),
        },
        CONFIG + f"[images]\nwebp = {str(webp).lower()}\n",
    )
    build_site(tmp_path)
    page, folder = read(tmp_path, "posts/a/index.html"), tmp_path / "public/posts"
    chart = sorted(p.name for p in folder.glob("chart*"))
    # The line art's copies all outweigh it: none is offered, and none is written, but
    # its WebP version at its own width, which is lighter than the PNG.
    assert chart == (["chart-2000w.webp", "chart.png"] if webp else ["chart.png"])
    if webp:
        assert (folder / "chart-2000w.webp").stat().st_size < (folder / "chart.png").stat().st_size
        assert 'srcset="/blog/posts/chart-2000w.webp 2000w"' in img(page, "図")
    else:
        assert "srcset" not in img(page, "図")
    # A photo's copies are lighter, as usual: all offered.
    assert "photo-640w" in img(page, "写真") and "photo-1280w" in img(page, "写真")


def test_a_file_a_published_page_names_otherwise_than_by_a_link_stays_published(
    tmp_path: Path,
) -> None:
    """A draft shows pictures that published pages show too, but not by a Markdown link:
    in raw HTML, by a full URL of the site, from a stylesheet of static/ or the theme.
    They stay published (a page would lose them); the draft's own picture does not."""
    draft = "\n\n".join(f"![図{n}](images/x{n}.png)" for n in range(1, 6))
    published = (
        '<img src="images/x1.png" alt="">\n\n'
        '<picture><source srcset="images/x2.png 2x"><img src="a.png" alt=""></picture>\n\n'
        "<https://example.com/blog/posts/images/x3.png>"
    )
    files: dict[str, str | bytes] = {
        "content/posts/draft.md": article("続報", body=draft, draft="true"),
        "content/posts/pub.md": article("公開", body=published),
        "static/css/extra.css": ".hero { background: url(/posts/images/x4.png); }\n",
        **{f"content/posts/images/x{n}.png": picture(40, 30, "PNG") for n in range(1, 6)},
    }
    config = CONFIG + "[markdown]\nunsafe_html = true\n"
    site = write_site(tmp_path / "site", files, config)
    built = build_site(site)
    images = [p for p in built.site.assets if "/images/" in p]
    assert images == [f"content/posts/images/x{n}.png" for n in range(1, 5)]
    assert not (site / "public/posts/images/x5.png").exists()
