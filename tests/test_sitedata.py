"""What templates see of the whole site beyond the sidebar's lists: ``site.articles``
(every published article) and ``site.data`` (the data files of ``content/_data/``);
and that the pages reading them, and only those, follow their changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sitekit import article, build_site, read, snapshot, write_site

import sitegen.pagewriter
from sitegen.build import Builder, BuildOptions, build
from sitegen.errors import Problems, SiteError
from sitegen.pages import PageJob
from sitegen.render import Rendering, SiteView
from sitegen.sitedata import read_site_data
from sitegen.theme import Theme

OFFICES = "- name: 東京本社\n  tel: 03-1234-5678\n- name: 大阪支社\n  tel: 06-1234-5678\n"
# A page of its own (layout: company) that shows the data files and every article.
COMPANY = (
    '{% extends "builtin/page.html" %}{% block content %}'
    "{% for office in site.data.offices %}<li>{{ office.name }} {{ office.tel }}</li>{% endfor %}"
    '<p>{{ site.data.company.people.ceo }} {{ site.data["my-notes"].note }}</p>'
    '{% for a in site.articles if "経営" in a.tags | map(attribute="name") %}'
    "<b>{{ a.title }}</b>{% endfor %}"
    '{% for a in site.articles | selectattr("extra.featured") %}<i>{{ a.title }}</i>{% endfor %}'
    "<ol>{% for a in site.articles %}<li>{{ a.title }}</li>{% endfor %}</ol>"
    "{% endblock %}"
)


def company_site(root: Path) -> Path:
    return write_site(
        root,
        {
            "content/posts/a.md": article("古い記事", "2024-03-01", tags="[経営]"),
            "content/posts/b.md": article(
                "新しい記事", "2024-03-02", tags="[SEO]", featured="true"
            ),
            "content/posts/c.md": article("次の記事", "2024-03-03"),
            "content/company.md": "---\ntitle: 会社概要\nlayout: company\n---\n",
            "content/contact.md": "---\ntitle: お問い合わせ\n---\n",
            "content/_data/offices.yaml": OFFICES,
            "content/_data/company/people.json": '{\n\t"ceo": "山田太郎"\n}\n',
            "content/_data/my-notes.toml": 'note = "メモ"\n',
            "theme/templates/company.html": COMPANY,
        },
    )


def test_templates_see_the_data_files_and_every_article(tmp_path: Path) -> None:
    site = company_site(tmp_path / "site")
    build_site(site)
    page = read(site, "company/index.html")
    assert "<li>東京本社 03-1234-5678</li><li>大阪支社 06-1234-5678</li>" in page
    assert "<p>山田太郎 メモ</p>" in page
    assert "<b>古い記事</b>" in page and "<b>新しい記事</b>" not in page
    assert "<i>新しい記事</i>" in page and "<i>古い記事</i>" not in page
    # newest first, and more than the sidebar's five would show: all of them
    assert "<ol><li>次の記事</li><li>新しい記事</li><li>古い記事</li></ol>" in page


def test_site_articles_holds_every_published_article(tmp_path: Path) -> None:
    posts = {f"content/posts/p{n}.md": article(f"記事{n}", f"2024-03-{n:02d}") for n in range(1, 9)}
    posts["content/posts/draft.md"] = article("下書き", "2024-03-20", draft="true")
    posts["content/all.md"] = "---\ntitle: 全記事\nlayout: all\n---\n"
    posts["theme/templates/all.html"] = (
        '{% extends "builtin/page.html" %}{% block content %}'
        "<p>{{ site.articles | length }}: {{ site.articles | map(attribute='title') | join('/') }}</p>"
        "{% endblock %}"
    )
    site = write_site(tmp_path / "site", posts)
    build_site(site)
    titles = "/".join(f"記事{n}" for n in range(8, 0, -1))
    assert f"<p>8: {titles}</p>" in read(site, "all/index.html")


def test_the_calculators_folder_is_not_data(tmp_path: Path) -> None:
    calculator = (
        "title: 試算\ninputs:\n  n: {label: 数, value: 1}\n"
        "outputs:\n  total: {label: 計, formula: n}\n"
    )
    site = write_site(
        tmp_path / "site",
        {
            "content/_data/calculators/apology.yaml": calculator,
            "content/_data/offices.yaml": OFFICES,
            "content/keys.md": "---\ntitle: 鍵\nlayout: keys\n---\n",
            "theme/templates/keys.html": "{{ site.data | list | join(',') }}",
        },
    )
    build_site(site)
    assert read(site, "keys/index.html") == "offices"


def problems_of(files: dict[str, str]) -> list[str]:
    problems = Problems()
    read_site_data({path: text.encode() for path, text in files.items()}, problems)
    return [str(problem) for problem in problems]


def test_a_data_file_that_does_not_read_names_its_file_and_line() -> None:
    assert problems_of(
        {
            "content/_data/offices.yaml": "- name: 東京\n  tel: [03\n",
            "content/_data/people.json": '{\n  "ceo": "山田",\n  "ceo": "田中"\n}\n',
            "content/_data/bad.json": '{\n  "a": 1\n  "b": 2\n}\n',
            "content/_data/prices.toml": "a = 1\nb = \n",
        }
    ) == [
        "content/_data/bad.json:1: invalid JSON: a mapping in { } is not closed (did not"
        " find expected ',' or '}') (hint: end it with '}'; a text that starts with '{' goes"
        " in quotes)",
        "content/_data/offices.yaml:2: invalid YAML: a list in [ ] is not closed (did not"
        " find expected ',' or ']') (hint: end it with ']'; a text that starts with '[' goes"
        " in quotes)",
        "content/_data/people.json:3: duplicate key 'ceo' (first at line 2)",
        "content/_data/prices.toml:2: invalid TOML: Invalid value",
    ]


def test_two_files_of_one_name_are_an_error_and_other_files_a_warning() -> None:
    assert problems_of(
        {
            "content/_data/offices.json": "[]",
            "content/_data/offices.yaml": "[]",
            "content/_data/company.yaml": "a: 1",
            "content/_data/company/people.yaml": "a: 1",
            "content/_data/README.md": "# 説明",
        }
    ) == [
        "content/_data/README.md: warning: not a data file, ignored (hint: data files end in"
        " .yaml, .yml, .json or .toml)",
        "content/_data/company/people.yaml: the data 'company.people' is given twice: by this"
        " file and by content/_data/company.yaml (hint: rename or move one of them: each file"
        " is a name of site.data)",
        "content/_data/offices.yaml: the data 'offices' is given twice: by this file and by"
        " content/_data/offices.json (hint: rename or move one of them: each file is a name"
        " of site.data)",
    ]


def test_a_broken_data_file_fails_the_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", {"content/_data/offices.yaml": "a: [1\n"})
    with pytest.raises(SiteError) as failed:
        build_site(site)
    assert [p.path for p in failed.value.problems] == ["content/_data/offices.yaml"]


def rendered_pages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The outputs of the pages rendered from now on (their templates run)."""
    outputs: list[str] = []
    original = sitegen.pagewriter.render_page

    def recording(theme: Theme, view: SiteView, job: PageJob) -> Rendering:
        outputs.append(job.output)
        return original(theme, view, job)

    monkeypatch.setattr(sitegen.pagewriter, "render_page", recording)
    return outputs


@pytest.mark.parametrize("serving", [True, False])
def test_a_data_file_edited_renders_the_pages_reading_it_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serving: bool
) -> None:
    site = company_site(tmp_path / "site")
    builder = Builder(site, BuildOptions(search=False))
    builder.build()
    rendered = rendered_pages(monkeypatch)
    (site / "content/_data/offices.yaml").write_text(
        OFFICES + "- name: 福岡支社\n  tel: 092-123-4567\n", "utf-8"
    )
    if serving:  # as serve: a long-lived builder told what changed
        builder.build({"content/_data/offices.yaml"})
    else:  # as the CLI: a fresh builder and the cache
        build(site, BuildOptions(search=False))
    assert "<li>福岡支社 092-123-4567</li>" in read(site, "company/index.html")
    assert rendered == ["company/index.html"]


def test_an_article_edited_renders_the_pages_reading_site_articles_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = company_site(tmp_path / "site")
    builder = Builder(site, BuildOptions(search=False))
    builder.build()
    rendered = rendered_pages(monkeypatch)
    # The oldest article: in no sidebar list; its own page and the lists show it.
    edited = article("改めた記事", "2024-03-01", tags="[経営]")
    (site / "content/posts/a.md").write_text(edited, "utf-8")
    builder.build({"content/posts/a.md"})
    assert "<b>改めた記事</b>" in read(site, "company/index.html")
    assert "company/index.html" in rendered
    assert "contact/index.html" not in rendered  # reads no site.articles: left as it was
    assert snapshot(site / "public") == snapshot(build(site, BuildOptions(search=False)).output)
