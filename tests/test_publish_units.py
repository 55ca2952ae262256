"""The pure parts of publishing: target URLs, [publish] tables, plans, the guard, headers, ETags."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from sitekit import MINIMAL_CONFIG, run_cli, write_site

from sitegen.config import parse_config
from sitegen.errors import SiteError
from sitegen.publish.core import UnknownTarget, resolve_target
from sitegen.publish.git import _explain_push, blob_id
from sitegen.publish.headers import cache_control, is_fingerprinted
from sitegen.publish.plan import (
    LocalFile,
    Plan,
    compare,
    deletion_guard,
    plan_lines,
    summary,
    upload_stages,
)
from sitegen.publish.process import run, telling_line
from sitegen.publish.s3 import RemoteObject, etag_verdict, multipart_etag
from sitegen.targets import GitLocation, RsyncLocation, S3Location, parse_location, redacted

# -- target URLs -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("s3://my-blog", S3Location("my-blog", "")),
        ("s3://my-blog/site/ja/", S3Location("my-blog", "site/ja")),
        ("/srv/www/blog", RsyncLocation("/srv/www/blog/", Path("/srv/www/blog"))),
        ("./out", RsyncLocation("/base/out/", Path("/base/out"))),
        ("file:///srv/www", RsyncLocation("/srv/www/", Path("/srv/www"))),
        ("deploy@example.com:/srv/www/", RsyncLocation("deploy@example.com:/srv/www/")),
        ("example.com:www", RsyncLocation("example.com:www/")),
        (
            "ssh://deploy@example.com:2222/srv/www",
            RsyncLocation("deploy@example.com:/srv/www/", port=2222),
        ),
        ("ssh://[::1]/srv/www", RsyncLocation("[::1]:/srv/www/")),
        ("rsync://example.com/module/blog", RsyncLocation("rsync://example.com/module/blog/")),
        (  # the password goes to rsync in RSYNC_PASSWORD, percent-decoded; not in the URL
            "rsync://blog:p%40ss:w@[::1]:8730/module/blog/",
            RsyncLocation("rsync://blog@[::1]:8730/module/blog/", password="p@ss:w"),
        ),
        ("rsync://blog@host/m", RsyncLocation("rsync://blog@host/m/")),
        ("git+file:///srv/git/blog.git", GitLocation("file:///srv/git/blog.git", "gh-pages")),
        (
            "git+https://github.com/me/me.github.io#main",
            GitLocation("https://github.com/me/me.github.io", "main"),
        ),
        ("git@github.com:me/blog.git", GitLocation("git@github.com:me/blog.git", "gh-pages")),
        (
            "ssh://git@github.com/me/blog.git#pages",
            GitLocation("ssh://git@github.com/me/blog.git", "pages"),
        ),
        ("/srv/git/blog.git#gh-pages", GitLocation("/srv/git/blog.git", "gh-pages")),
    ],
)
def test_target_urls(text: str, location: object) -> None:
    assert parse_location(text, Path("/base")) == location


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("s3://My_Bucket/x", "not an S3 bucket name: 'My_Bucket'"),
        ("s3://blog/a//b", "the prefix 'a//b' has an empty, '.' or '..' part"),
        ("s3://blog/../x", "has an empty, '.' or '..' part"),
        ("git+file:///x.git#bad..name", "not a branch name: 'bad..name'"),
        ("git+#main", "a git target needs a repository"),
        ("https://example.com/upload", "unknown kind of target https:// (for a git repository"),
        ("ssh://host", "an ssh:// target needs a host and a path"),
        ("production", "not a publish target: 'production'"),
        ("-essh:/srv/www", "a host cannot start with '-': '-essh' (it reads as an option)"),
        ("ssh://-oProxyCommand=x/srv", "a host cannot start with '-'"),
        ("ssh://-lroot@host/srv", "a user cannot start with '-': '-lroot'"),
        ("-l@host:/srv", "a user cannot start with '-'"),
        ("ssh://me:pw@host:port/x", "not a port number in 'ssh://me:***@host:port/x'"),
        ("rsync://host/", "an rsync:// target needs a host and a module"),
        ("rsync://me:pw@host:x/m/", "not a port number in 'rsync://me:***@host:x/m/'"),
        (
            "s3://AKIA1:SECRET1@blog/x",
            "an s3:// URL takes no key or secret: 's3://AKIA1:***@blog/x' (set "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or profile = …",
        ),
        ("s3://SECRET1@blog/x", "an s3:// URL takes no key or secret: 's3://***@blog/x'"),
    ],
)
def test_bad_target_urls_say_why(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_location(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "s3://AKIA:SECRET8@bucket/x",
        "s3://SECRET8@Bad_Bucket/x",
        "s3://k:SECRET8@bucket/a//b",
        "ftp://u:SECRET8@host/www",
        "ssh://me:SECRET8@host:port/x",
        "rsync://me:SECRET8@host/",
        "git+https://SECRET8@github.com/me/blog.git#bad..name",
    ],
)
def test_no_message_about_a_target_shows_its_password(text: str) -> None:
    """QA: 'not an S3 bucket name: 'AKIA:SECRET8@bucket'' printed the secret: whatever
    part of the URL a message quotes, its password or token is hidden."""
    with pytest.raises(ValueError) as caught:
        parse_location(text)
    assert "SECRET8" not in str(caught.value)


def test_a_message_that_quotes_part_of_a_url_has_its_secrets_hidden() -> None:
    url = "s3://AKIA:SECRET8@bucket/x?token=T0KEN"
    message = "not a bucket: 'AKIA:SECRET8@bucket', query 'token=T0KEN'"
    assert redacted(message, url) == "not a bucket: 'AKIA:***@bucket', query 'token=***'"
    assert redacted("host 'git@host'", "ssh://git@host/x") == "host 'git@host'"


# -- [publish.<name>] in site.toml -----------------------------------------------------


def test_publish_tables_are_read_with_their_defaults() -> None:
    config = parse_config(
        '[publish.production]\nurl = "s3://blog/site"\ndefault = true\nregion = "auto"\n'
        '[publish.backup]\nurl = "me@example.com:/srv/backup"\nmax_deletes = 0\n'
    )
    production, backup = config.publish["production"], config.publish["backup"]
    assert (production.default, production.region, production.max_deletes) == (True, "auto", 256)
    assert production.keep == ("CNAME", ".well-known/")
    assert production.cache_control == "public, max-age=300"
    assert production.cache_control_assets == "public, max-age=31536000, immutable"
    assert (backup.default, backup.max_deletes) == (False, 0)


def test_publish_table_errors_name_the_key_and_line() -> None:
    text = (
        'title = "x"\n'
        "[publish.production]\n"
        'url = "s3://Bad_Bucket"\n'
        "max_deletes = -1\n"
        "cach_control = 1\n"
        "[publish.backup]\n"
        "keep = ['/etc']\n"
        'endpoint_url = "minio:9000"\n'
    )
    with pytest.raises(SiteError) as caught:
        parse_config(text)
    assert [str(p) for p in caught.value.problems] == [
        "site.toml:3: publish.production.url: not an S3 bucket name: 'Bad_Bucket' (3 to 63 of a-z 0-9 . -)",
        "site.toml:4: publish.production.max_deletes: must be 0 or more, not -1",
        "site.toml:5: publish.production.cach_control: unknown key (hint: did you mean 'cache_control'?)",
        "site.toml:6: publish.backup.url: required",
        "site.toml:7: publish.backup.keep: entries are paths in the target, like 'CNAME' or '.well-known/', not '/etc'",
        "site.toml:8: publish.backup.endpoint_url: must be an http(s) URL such as 'https://minio.example.com:9000', not 'minio:9000'",
    ]


@pytest.mark.parametrize(
    ("tables", "message"),
    [
        (
            '[publish.a]\nurl = "./a"\ndefault = true\n[publish.b]\nurl = "./b"\ndefault = true\n',
            "site.toml:6: publish.b.default: more than one target has default = true "
            "(also a, at line 3)",
        ),
        (
            '[publish.www]\nurl = "./www"\nprofile = "blog"\n',
            "site.toml:3: publish.www.profile applies to s3:// targets only",
        ),
        (
            '[publish.www]\nurl = "./www"\nregion = ""\n',  # set, even to the default
            "site.toml:3: publish.www.region applies to s3:// targets only",
        ),
        (
            '[publish."my site"]\nurl = "./www"\n',
            "site.toml:1: publish: target name 'my site' must be letters, digits, '-' or '_'",
        ),
    ],
)
def test_publish_tables_are_checked_as_a_whole(tables: str, message: str) -> None:
    with pytest.raises(SiteError) as caught:
        parse_config(tables)
    assert [str(p) for p in caught.value.problems] == [message]


def test_the_target_is_a_name_a_url_or_the_default(tmp_path: Path) -> None:
    one = parse_config('[publish.www]\nurl = "./www"\n')
    assert resolve_target(one, tmp_path, None).name == "www"  # the only one is the default
    assert resolve_target(one, tmp_path, None).location == RsyncLocation(
        f"{tmp_path.resolve()}/www/", tmp_path.resolve() / "www"
    )
    url = resolve_target(one, tmp_path, "s3://other/blog")
    assert (url.name, url.location, url.label) == (
        "",
        S3Location("other", "blog"),
        "s3://other/blog",
    )
    two = parse_config('[publish.a]\nurl = "./a"\n[publish.b]\nurl = "./b"\n')
    with pytest.raises(SiteError, match=r"which publish target\? none of a, b has default = true"):
        resolve_target(two, tmp_path, None)
    with pytest.raises(
        UnknownTarget, match=r"no publish target named 'c' in site.toml \(known: a, b\)"
    ):
        resolve_target(two, tmp_path, "c")
    with pytest.raises(SiteError, match="no publish target given"):
        resolve_target(parse_config(""), tmp_path, None)


def test_a_target_the_command_line_gets_wrong_is_a_usage_error(tmp_path: Path) -> None:
    site = write_site(tmp_path, {"content/about.md": "---\ntitle: x\n---\n"}, MINIMAL_CONFIG)
    result = run_cli("publish", "staging", cwd=site)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: sitegen publish ")
    assert result.stderr.endswith(
        "sitegen publish: error: argument TARGET: no publish target named 'staging' in "
        "site.toml (known: none) "
        "(hint: add [publish.staging] with a url, or write a folder as ./staging)\n"
    )
    for target, message in (
        ("ftp://example.com/www", "unknown kind of target ftp://"),
        ("s3://Bad_Bucket/blog", "not an S3 bucket name: 'Bad_Bucket'"),
        ("my site", "not a publish target: 'my site'"),
    ):
        result = run_cli("publish", target, cwd=site)
        assert result.returncode == 2, target
        assert f"sitegen publish: error: argument TARGET: {message}" in result.stderr
    assert not (site / ".sitegen-cache").exists()  # refused before building anything


def test_credentials_in_a_target_are_hidden_in_every_error_about_it(tmp_path: Path) -> None:
    """QA: a bad url or endpoint_url of site.toml, or a bad URL on the command line, was
    quoted whole, password and all."""
    config = (
        f"{MINIMAL_CONFIG}[publish.prod]\n"
        'url = "s3://AKIA:PW5x@bucket/x"\n'
        "[publish.other]\n"
        'url = "s3://bucket/x"\n'
        'endpoint_url = "ftp://k:PW2x@127.0.0.1:9"\n'
        'base_url = "ftp://u:PWBx@example.com/"\n'
    )
    site = write_site(tmp_path, {"content/about.md": "---\ntitle: x\n---\n"}, config)
    result = run_cli("check", cwd=site)
    assert result.returncode == 1
    assert not re.search("PW.x", result.stdout + result.stderr)
    assert (
        "site.toml:4: publish.prod.url: an s3:// URL takes no key or secret: "
        "'s3://AKIA:***@bucket/x'" in result.stderr
    )
    assert (
        "site.toml:7: publish.other.endpoint_url: must be an http(s) URL such as "
        "'https://minio.example.com:9000', not 'ftp://k:***@127.0.0.1:9'" in result.stderr
    )
    assert "site.toml:8: publish.other.base_url: " in result.stderr
    cli = run_cli("publish", "s3://AKIA:PW8x@bucket/x", "--dry-run", cwd=site)
    assert cli.returncode == 2
    assert "PW8x" not in cli.stdout + cli.stderr
    assert "argument TARGET: an s3:// URL takes no key or secret: 's3://AKIA:***@" in cli.stderr


def test_a_bad_target_in_site_toml_is_a_configuration_problem(tmp_path: Path) -> None:
    config = f'{MINIMAL_CONFIG}[publish.production]\nurl = "ftp://example.com/www"\n'
    site = write_site(tmp_path, {"content/about.md": "---\ntitle: x\n---\n"}, config)
    result = run_cli("publish", "production", cwd=site)
    assert result.returncode == 1
    assert result.stderr == (
        "site.toml:4: publish.production.url: unknown kind of target ftp:// "
        "(for a git repository, write git+ftp://…)\nsitegen: 1 error\n"
    )


# -- plans ---------------------------------------------------------------------


def test_compare_sorts_files_into_uploads_updates_stale_and_kept() -> None:
    local = {"index.html": "1", "new.html": "2", "same.css": "3"}
    remote = {
        "index.html": "0",
        "same.css": "3",
        "old.html": "4",
        "CNAME": "5",
        ".well-known/a": "6",
    }
    plan = compare(local, remote, lambda p: local[p] == remote[p], ["CNAME", ".well-known/"])
    assert plan == Plan(
        uploads=("new.html",),
        updates=("index.html",),
        stale=("old.html",),
        kept=(".well-known/a", "CNAME"),
        unchanged=1,
    )
    assert plan.remote_files == 5
    assert plan_lines(plan, delete=True) == [
        "  upload  new.html",
        "  update  index.html",
        "  delete  old.html",
        "  keep    .well-known/a",
        "  keep    CNAME",
    ]
    assert plan_lines(plan, delete=False)[2] == "  stale   old.html"


def test_summaries_say_what_was_and_what_would_be_done() -> None:
    plan = Plan(("a",), ("b", "c"), ("d",), ("CNAME",), 40)
    assert summary(plan, delete=True, dry_run=False) == (
        "1 uploaded, 2 updated, 1 deleted, 40 unchanged, 1 kept"
    )
    assert summary(plan, delete=True, dry_run=True) == (
        "1 to upload, 2 to update, 1 to delete, 40 unchanged, 1 kept"
    )
    assert summary(plan, delete=False, dry_run=False) == (
        "1 uploaded, 2 updated, 40 unchanged, 1 kept, 1 stale left in place (--delete removes them)"
    )


def test_uploads_go_in_stages_from_what_pages_use_to_what_lists_pages() -> None:
    paths = [
        "404.html",
        "assets/css/site.3f9a1c2e.css",
        "atom.xml",
        "about/index.html",
        "index.html",
        "old/address.html",  # a redirect to an article
        "page/2/index.html",
        "pagefind/fragment/ja_0a1b2c3.pf_fragment",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
        "posts/apology/index.html",
        "posts/images/chart.webp",
        "robots.txt",
        "rss.xml",
        "sitemap.xml",
        "static.htm",
        "tags/経営/atom.xml",
        "tags/経営/index.html",
    ]
    pages = {"posts/apology/index.html", "about/index.html", "posts/gone/index.html"}
    assert upload_stages(paths, pages) == [
        (
            "assets/css/site.3f9a1c2e.css",
            "pagefind/fragment/ja_0a1b2c3.pf_fragment",
            "pagefind/pagefind.js",
            "posts/images/chart.webp",
        ),
        ("about/index.html", "posts/apology/index.html"),
        (
            "404.html",
            "index.html",
            "old/address.html",
            "page/2/index.html",
            "static.htm",
            "tags/経営/index.html",
        ),
        (
            "atom.xml",
            "pagefind/pagefind-entry.json",
            "rss.xml",
            "sitemap.xml",
            "tags/経営/atom.xml",
        ),
        ("robots.txt",),
    ]
    assert upload_stages(["b.css", "a.html"], set()) == [("b.css",), ("a.html",)]
    assert upload_stages([], pages) == []


@pytest.mark.parametrize(
    ("stale", "unchanged", "max_deletes", "refused"),
    [
        (1, 4, 256, False),  # 1 of 5: a fifth is fine
        (2, 7, 256, True),  # 2 of 9: more than a fifth
        (257, 5000, 256, True),  # few in proportion, but more than max_deletes
        (256, 5000, 256, False),
        (1, 100, 0, True),  # max_deletes = 0: every deletion needs --yes
        (0, 0, 0, False),
    ],
)
def test_the_deletion_guard(stale: int, unchanged: int, max_deletes: int, refused: bool) -> None:
    plan = Plan(stale=tuple(f"{i}.html" for i in range(stale)), unchanged=unchanged)
    assert (deletion_guard(plan, max_deletes) is not None) == refused


# -- S3 headers and ETags -------------------------------------------------------------


def test_only_fingerprinted_theme_assets_are_cached_for_long() -> None:
    assert is_fingerprinted("assets/css/site.3f9a1c2e.css")
    assert is_fingerprinted("assets/app.0123abcd.js")
    assert not is_fingerprinted("assets/css/site.css")
    assert not is_fingerprinted("images/photo.3f9a1c2e.jpg")  # not the theme's
    assert not is_fingerprinted("assets/css/site.3F9A1C2E.css")
    assert cache_control("index.html", "short", "long") == "short"
    assert cache_control("assets/css/site.3f9a1c2e.css", "short", "long") == "long"


def local_file(tmp_path: Path, data: bytes) -> LocalFile:
    path = tmp_path / "file.bin"
    path.write_bytes(data)
    return LocalFile("file.bin", path, len(data), hashlib.md5(data).hexdigest())


def test_etags_single_multipart_and_unknown(tmp_path: Path) -> None:
    data = bytes(range(256)) * 40  # 10,240 bytes
    local = local_file(tmp_path, data)
    parts = [data[:4096], data[4096:8192], data[8192:]]
    expected = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest() + "-3"
    assert multipart_etag(local, 4096) == expected

    assert etag_verdict(local, RemoteObject("k", local.md5, len(data))) is True
    assert etag_verdict(local, RemoteObject("k", local.md5, len(data) + 1)) is False
    assert etag_verdict(local, RemoteObject("k", expected, len(data)), part_size=4096) is True
    assert etag_verdict(local, RemoteObject("k", "0" * 32, len(data))) is None  # KMS, say
    assert (
        etag_verdict(local, RemoteObject("k", "0" * 32 + "-3", len(data)), part_size=4096) is None
    )


def test_git_blob_ids_are_gits(tmp_path: Path) -> None:
    assert blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert blob_id("経営\n".encode()) == hashlib.sha1(b"blob 7\0" + "経営\n".encode()).hexdigest()


def test_rejected_pushes_are_explained() -> None:
    stale = (
        b"To /srv/pages.git\n ! [rejected]        abc -> gh-pages (fetch first)\nerror: failed\n"
    )
    assert _explain_push(stale) == (
        "push rejected (fetch first): the branch changed since it was read; publish again",
        "",
    )
    hook = b" ! [remote rejected] abc -> gh-pages (pre-receive hook declined)\n"
    assert _explain_push(hook) == ("the remote refused the push (pre-receive hook declined)", "")
    assert _explain_push(b"fatal: Authentication failed\n") == ("fatal: Authentication failed", "")


def test_a_refusal_in_the_remotes_words_is_the_message() -> None:
    github = (
        b"remote: error: GH006: Protected branch update failed for refs/heads/main.        \n"
        b"remote: error: Changes must be made through a pull request.        \n"
        b"To github.com:me/blog.git\n"
        b" ! [remote rejected] abc -> main (protected branch hook declined)\n"
        b"error: failed to push some refs to 'github.com:me/blog.git'\n"
    )
    assert _explain_push(github) == (
        "remote: error: GH006: Protected branch update failed for refs/heads/main.",
        "the remote refused the push: protected branch hook declined",
    )
    large = (
        b"remote: error: Trace: 6e2c0f8a9b1d4e7f\n"
        b"remote: error: See https://gh.io/lfs for more information.\n"
        b" ! [remote rejected] abc -> main (pre-receive hook declined)\n"
    )
    assert _explain_push(large)[0] == "remote: error: See https://gh.io/lfs for more information."


@pytest.mark.parametrize(
    ("output", "line"),
    [
        (  # git over ssh: ssh says why, git only that it could not read
            b"ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n"
            b"fatal: Could not read from remote repository.\n\n"
            b"Please make sure you have the correct access rights\nand the repository exists.\n",
            "ssh: connect to host 127.0.0.1 port 1: Connection refused",
        ),
        (  # the same through rsync
            b"ssh: connect to host example.com port 22: Connection refused\r\n"
            b"rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n"
            b"rsync error: unexplained error (code 255) at io.c(232) [sender=3.2.7]\n",
            "ssh: connect to host example.com port 22: Connection refused",
        ),
        (  # ssh's own words without "ssh:", after its chatter
            b"Warning: Permanently added 'example.com' (ED25519) to the list of known hosts.\r\n"
            b"git@example.com: Permission denied (publickey).\r\n"
            b"fatal: Could not read from remote repository.\n",
            "git@example.com: Permission denied (publickey).",
        ),
        (  # an https host explains a refusal before git's conclusion
            b"remote: Support for password authentication was removed.\n"
            b"fatal: Authentication failed for 'https://github.com/me/blog.git/'\n",
            "remote: Support for password authentication was removed.",
        ),
        (
            b"fatal: '/srv/missing.git' does not appear to be a git repository\n"
            b"fatal: Could not read from remote repository.\n",
            "fatal: '/srv/missing.git' does not appear to be a git repository",
        ),
        (
            b'rsync: [Receiver] mkdir "/srv/a/b" failed: No such file or directory (2)\n'
            b"rsync error: error in file IO (code 11) at main.c(791) [Receiver=3.2.7]\n",
            'rsync: [Receiver] mkdir "/srv/a/b" failed: No such file or directory (2)',
        ),
        (  # the server's rsync escapes the bytes of a Japanese name
            b'rsync: [Receiver] mkdir "/srv/my site/\\#343\\#203\\#226\\#343\\#203\\#255'
            b'\\#343\\#202\\#260" failed: No such file or directory (2)\n',
            'rsync: [Receiver] mkdir "/srv/my site/ブログ" failed: No such file or directory (2)',
        ),
        (  # only a summary: better than nothing
            b"rsync error: error in rsync protocol data stream (code 12)\n",
            "rsync error: error in rsync protocol data stream (code 12)",
        ),
        (b"\n", "no message"),
    ],
)
def test_the_telling_line_gives_the_cause(output: bytes, line: str) -> None:
    assert telling_line(output) == line


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "git+https://x-access-token:ghp_TOKEN@github.com/me/blog.git#gh-pages",
            "git+https://x-access-token:***@github.com/me/blog.git#gh-pages",
        ),
        ("https://ghp_TOKEN@github.com/me/blog", "https://***@github.com/me/blog"),
        ("https://me:p@ss:w@rd@host:8443/x", "https://me:***@host:8443/x"),
        (
            "fatal: unable to access 'https://u:pw@host/x.git/'",
            "fatal: unable to access 'https://u:***@host/x.git/'",
        ),
        ("ssh://git@github.com/me/blog.git", "ssh://git@github.com/me/blog.git"),
        ("git@github.com:me/blog.git", "git@github.com:me/blog.git"),
        ("deploy@example.com:/srv/www", "deploy@example.com:/srv/www"),
        ("s3://blog/ja", "s3://blog/ja"),
        (  # QA: a token in the query was still printed
            "https://host/hook?access_token=abc123&page=2",
            "https://host/hook?access_token=***&page=2",
        ),
        ("https://h/x?X-Amz-Signature=f00&a=1", "https://h/x?X-Amz-Signature=***&a=1"),
        ("https://h/x?q=token", "https://h/x?q=token"),
    ],
)
def test_passwords_and_tokens_in_urls_are_hidden_wherever_a_target_is_shown(
    text: str, shown: str
) -> None:
    assert redacted(text) == shown


def test_a_program_that_quotes_a_url_with_a_token_has_it_hidden() -> None:
    quoting = "echo \"fatal: cannot reach 'https://me:ghp_TOKEN@host/x.git/'\" >&2; exit 128"
    with pytest.raises(SiteError) as failed:
        run(["sh", "-c", quoting], where="pages")
    assert [str(p) for p in failed.value.problems] == [
        "pages: sh failed (exit 128): fatal: cannot reach 'https://me:***@host/x.git/'"
    ]
