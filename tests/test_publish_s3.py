"""Publishing to an S3-compatible bucket: headers, the prefix boundary, multipart ETags, errors."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import sys
from pathlib import Path

import boto3.s3.transfer
import botocore.exceptions
import publishkit
import pytest
from publishkit import S3Bucket, bucket_name, free_port, make_site, run_publish
from sitekit import article, run_cli

from sitegen.errors import SiteError
from sitegen.publish.plan import LocalFile, Manifest
from sitegen.publish.s3 import S3Remote
from sitegen.targets import PublishTarget, S3Location

aws_env, moto_endpoint = publishkit.aws_env, publishkit.moto_endpoint

MiB = 1024 * 1024


@pytest.fixture
def bucket(request: pytest.FixtureRequest, aws_env: None, moto_endpoint: str) -> S3Bucket:
    return S3Bucket(moto_endpoint, bucket_name(request.node.nodeid))


def test_objects_get_content_type_and_cache_control_by_kind(
    tmp_path: Path, bucket: S3Bucket
) -> None:
    site = make_site(tmp_path / "site", bucket.table() + 'cache_control = "max-age=60"\n')
    (site / "static/fonts").mkdir()
    (site / "static/fonts/NotoSansJP.ttf").write_bytes(b"\0\1\0\0")
    (site / "static/seminar.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    run_publish(site)
    heads = {
        key.removeprefix("blog/"): bucket.client.head_object(Bucket=bucket.bucket, Key=key)
        for key in bucket.all_keys()
    }
    css = next(path for path in heads if path.startswith("assets/css/site."))
    assert heads["index.html"]["ContentType"] == "text/html; charset=utf-8"
    assert heads["index.html"]["CacheControl"] == "max-age=60"
    assert heads["tags/経営/index.html"]["ContentType"] == "text/html; charset=utf-8"
    assert heads["robots.txt"]["ContentType"] == "text/plain; charset=utf-8"
    assert heads["robots.txt"]["CacheControl"] == "max-age=60"  # not fingerprinted
    assert heads[css]["ContentType"] == "text/css; charset=utf-8"
    assert heads[css]["CacheControl"] == "public, max-age=31536000, immutable"
    assert heads["fonts/NotoSansJP.ttf"]["ContentType"] == "font/ttf"
    assert heads["seminar.ics"]["ContentType"] == "text/calendar; charset=utf-8"
    assert ".sitegen-output" not in heads


def test_nothing_goes_live_before_what_it_points_to(
    tmp_path: Path, bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Objects are live one by one: assets, then articles and pages, then the pages
    listing them, then feeds and the sitemap, then robots.txt naming the sitemap."""
    site = make_site(tmp_path / "site", bucket.table())
    # Each object uploaded: the bucket's objects (path → ETag) as its upload began.
    live_at_start: dict[str, dict[str, str]] = {}
    upload = S3Remote._upload

    def watched(self: S3Remote, file: LocalFile) -> None:
        pages = bucket.client.get_paginator("list_objects_v2").paginate(
            Bucket=bucket.bucket, Prefix="blog/"
        )
        live_at_start[file.path] = {
            item["Key"].removeprefix("blog/"): item["ETag"].strip('"')
            for page in pages
            for item in page.get("Contents", [])
        }
        upload(self, file)

    monkeypatch.setattr(S3Remote, "_upload", watched)
    run_publish(site)
    articles = {
        "posts/apology/index.html",
        "posts/call-center/index.html",
        "posts/levers/index.html",
        "about/index.html",
    }
    html = {path for path in live_at_start if path.endswith(".html")}
    lists = html - articles
    feeds = {path for path in live_at_start if path.endswith("atom.xml") or "rss" in path}
    assets = set(live_at_start) - html - feeds - {"sitemap.xml", "robots.txt"}
    assert "index.html" in lists and "tags/経営/index.html" in lists
    assert {"atom.xml", "rss.xml", "tags/経営/atom.xml"} <= feeds
    assert any(path.startswith("assets/css/") for path in assets)
    for path in articles:
        assert assets <= live_at_start[path].keys(), path
    for path in lists:
        assert assets | articles <= live_at_start[path].keys(), path
    for path in (*feeds, "sitemap.xml"):
        assert assets | html <= live_at_start[path].keys(), path
    assert assets | html | feeds | {"sitemap.xml"} <= live_at_start["robots.txt"].keys()

    # An edited article is live in its new version before the lists and feeds naming it.
    live_at_start.clear()
    (site / "content/posts/2024-04-02-levers.md").write_text(
        article("売上を伸ばす四つのレバー", "2024-04-02", tags="[マーケティング]"), "utf-8"
    )
    run_publish(site)
    edited = bucket.files()["posts/levers/index.html"]
    assert "四つ" in edited.decode()
    new_etag = hashlib.md5(edited).hexdigest()
    assert live_at_start["posts/levers/index.html"]["posts/levers/index.html"] != new_etag
    for path in ("index.html", "atom.xml", "tags/マーケティング/index.html"):
        assert live_at_start[path]["posts/levers/index.html"] == new_etag, path


def test_delete_never_touches_keys_outside_the_prefix(tmp_path: Path, bucket: S3Bucket) -> None:
    site = make_site(tmp_path / "site", bucket.table())
    run_publish(site)
    outside = {"blog2/index.html": b"a", "other/index.html": b"b", "blog": b"c", "blog/": b""}
    for key, data in outside.items():
        bucket.client.put_object(Bucket=bucket.bucket, Key=key, Body=data)
    bucket.plant({"stale.html": b"x"})

    result = run_publish(site, delete=True, yes=True)
    assert result.plan.stale == ("stale.html",)
    keys = bucket.all_keys()
    assert set(outside) <= set(keys)
    assert "blog/stale.html" not in keys


def test_large_files_go_up_in_parts_and_compare_by_multipart_etag(
    tmp_path: Path, bucket: S3Bucket
) -> None:
    site = make_site(tmp_path / "site", bucket.table())
    video = random.Random(7).randbytes(9 * MiB)  # two 8 MiB parts
    (site / "static/video.bin").write_bytes(video)
    run_publish(site)
    head = bucket.client.head_object(Bucket=bucket.bucket, Key="blog/video.bin")
    assert head["ETag"].strip('"').endswith("-2")
    assert bucket.files()["video.bin"] == video
    assert run_publish(site).plan.updates == ()

    # Uploaded by another tool with 5 MiB parts: the ETag's part count tells the size.
    five = boto3.s3.transfer.TransferConfig(
        multipart_threshold=5 * MiB, multipart_chunksize=5 * MiB
    )
    bucket.client.upload_file(
        str(site / "static/video.bin"), bucket.bucket, "blog/video.bin", Config=five
    )
    assert run_publish(site).plan.updates == ()

    (site / "static/video.bin").write_bytes(video[:-1] + b"!")
    assert run_publish(site).plan.updates == ("video.bin",)


def test_an_etag_that_says_nothing_falls_back_to_the_stored_md5(
    tmp_path: Path, bucket: S3Bucket
) -> None:
    site = make_site(tmp_path / "site", bucket.table())
    data = random.Random(8).randbytes(9 * MiB)
    (site / "static/data.bin").write_bytes(data)
    run_publish(site)
    # Uploaded again in parts of 6 and 3 MiB: neither 8 MiB nor the 5 MiB two parts imply.
    md5 = hashlib.md5(data).hexdigest()
    client, key = bucket.client, "blog/data.bin"
    upload = client.create_multipart_upload(Bucket=bucket.bucket, Key=key, Metadata={"md5": md5})
    parts = []
    for number, chunk in enumerate((data[: 6 * MiB], data[6 * MiB :]), start=1):
        done = client.upload_part(
            Bucket=bucket.bucket,
            Key=key,
            UploadId=upload["UploadId"],
            PartNumber=number,
            Body=chunk,
        )
        parts.append({"PartNumber": number, "ETag": done["ETag"]})
    client.complete_multipart_upload(
        Bucket=bucket.bucket, Key=key, UploadId=upload["UploadId"], MultipartUpload={"Parts": parts}
    )
    assert run_publish(site).plan.updates == ()


def test_a_failed_upload_deletes_nothing(
    tmp_path: Path, bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path / "site", bucket.table())
    run_publish(site)
    bucket.plant({"stale.html": b"x"})
    (site / "content/about.md").write_text("---\ntitle: 改訂\n---\n\n改訂。\n", "utf-8")
    upload = S3Remote._upload

    def failing(self: S3Remote, file: object) -> None:
        if getattr(file, "path", "") == "about/index.html":
            error = {"Error": {"Code": "SlowDown", "Message": "Please reduce your request rate."}}
            raise botocore.exceptions.ClientError(error, "PutObject")  # type: ignore[arg-type]
        upload(self, file)  # type: ignore[arg-type]

    monkeypatch.setattr(S3Remote, "_upload", failing)
    with pytest.raises(SiteError) as failed:
        run_publish(site, delete=True)
    assert [str(p) for p in failed.value.problems] == [
        f"production ({bucket.url}): could not upload about/index.html: "
        "SlowDown: Please reduce your request rate."
    ]
    assert "stale.html" in bucket.files()


def test_errors_are_one_line_each_with_exit_1(
    tmp_path: Path, bucket: S3Bucket, moto_endpoint: str
) -> None:
    site = make_site(
        tmp_path / "site", f'url = "s3://no-such-bucket/blog"\nendpoint_url = "{moto_endpoint}"\n'
    )
    missing = run_cli("publish", cwd=site)
    assert missing.returncode == 1
    assert missing.stderr == (
        "production (s3://no-such-bucket/blog): the bucket 'no-such-bucket' does not exist "
        "(hint: create it, or check the name and endpoint_url)\nsitegen: 1 error\n"
    )


def test_no_credentials_is_a_clear_error(
    tmp_path: Path, bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    site = make_site(tmp_path / "site", bucket.table())
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    assert [str(p) for p in failed.value.problems] == [
        f"production ({bucket.url}): no credentials found (hint: set AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY, or profile = … in the target)"
    ]
    assert bucket.all_keys() == []


def test_without_boto3_the_error_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "boto3", None)
    monkeypatch.delitem(sys.modules, "sitegen.publish.s3", raising=False)
    site = make_site(tmp_path / "site", 'url = "s3://bucket/blog"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    assert [str(p) for p in failed.value.problems] == [
        "production (s3://bucket/blog): publishing to S3 needs boto3, which is not installed "
        "(hint: pip install boto3 (sitegen's s3 extra))"
    ]


def test_force_stores_every_object_again_with_the_headers_of_now(
    tmp_path: Path, bucket: S3Bucket
) -> None:
    """Headers are no part of the comparison: a new cache_control, or a Content-Type
    another tool got wrong, reaches an object whose bytes are unchanged with --force."""
    site = make_site(tmp_path / "site", bucket.table())
    run_publish(site)
    robots = bucket.files()["robots.txt"]
    bucket.client.put_object(
        Bucket=bucket.bucket, Key="blog/robots.txt", Body=robots, ContentType="binary/octet-stream"
    )
    with (site / "site.toml").open("a", encoding="utf-8") as config:
        config.write('cache_control = "public, max-age=60"\n')  # in [publish.production]

    def head(path: str) -> tuple[str, str]:
        found = bucket.client.head_object(Bucket=bucket.bucket, Key=f"blog/{path}")
        return found["ContentType"], found["CacheControl"]

    assert run_publish(site).plan.transfers == ()  # the bytes are the same
    assert head("index.html") == ("text/html; charset=utf-8", "public, max-age=300")

    forced = run_cli("publish", "--force", cwd=site)
    assert forced.returncode == 0, forced.stderr
    count = len(bucket.files())
    assert re.fullmatch(
        rf"published to production \({bucket.url}\): 0 uploaded, {count} updated, 0 unchanged"
        r" in \d+\.\d\d s",
        forced.stdout.splitlines()[-1],
    )
    assert head("index.html") == ("text/html; charset=utf-8", "public, max-age=60")
    assert head("robots.txt") == ("text/plain; charset=utf-8", "public, max-age=60")
    css = next(path for path in bucket.files() if path.startswith("assets/css/site."))
    assert head(css)[1] == "public, max-age=31536000, immutable"


def _begin_upload(bucket: S3Bucket, key: str) -> str:
    """Begin a multipart upload of ``key`` with one part, and leave it unfinished."""
    upload = bucket.client.create_multipart_upload(Bucket=bucket.bucket, Key=key)
    bucket.client.upload_part(
        Bucket=bucket.bucket, Key=key, UploadId=upload["UploadId"], PartNumber=1, Body=b"x" * 100
    )
    return upload["UploadId"]


def _unfinished(bucket: S3Bucket) -> list[str]:
    listed = bucket.client.list_multipart_uploads(Bucket=bucket.bucket)
    return sorted(upload["Key"] for upload in listed.get("Uploads", []))


def test_unfinished_multipart_uploads_of_a_killed_publish_are_aborted_by_the_next(
    tmp_path: Path, bucket: S3Bucket
) -> None:
    """A publish killed midway leaves its multipart uploads, whose parts the store bills;
    the next one that succeeds aborts those of the site's files under its prefix (a dry
    run none); another tool's, of other keys, it leaves alone."""
    site = make_site(tmp_path / "site", bucket.table())
    run_publish(site)
    _begin_upload(bucket, "blog/index.html")
    _begin_upload(bucket, "blog/robots.txt")
    _begin_upload(bucket, "blog/backups/db.tar")  # not a file of the site
    _begin_upload(bucket, "blog2/index.html")  # outside the prefix

    dry = run_cli("publish", "--dry-run", cwd=site)
    assert dry.returncode == 0, dry.stderr
    assert len(_unfinished(bucket)) == 4

    done = run_cli("publish", cwd=site)  # nothing to upload: it tidies all the same
    assert done.returncode == 0, done.stderr
    assert _unfinished(bucket) == ["blog/backups/db.tar", "blog2/index.html"]
    assert done.stdout.splitlines()[-2] == (
        "aborted 2 unfinished multipart uploads of the site's files, left by an interrupted"
        " publish (the store kept their parts): index.html, robots.txt"
    )


def test_only_multipart_uploads_begun_before_the_publish_are_aborted(
    tmp_path: Path, bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not another publish's, begun meanwhile. (moto gives every upload the same
    time of 2010, so the times are made up here.)"""
    remote = S3Remote(S3Location(bucket.bucket, "blog"), PublishTarget(url=bucket.url), "x", set)
    second = dt.timedelta(seconds=1)
    uploads = [
        {"Key": "blog/old.bin", "UploadId": "1", "Initiated": remote.opened - second},
        {"Key": "blog/new.bin", "UploadId": "2", "Initiated": remote.opened + second},
    ]
    aborted: list[str] = []
    monkeypatch.setattr(remote, "_multipart_uploads", lambda: uploads)
    monkeypatch.setattr(
        remote.client, "abort_multipart_upload", lambda **k: aborted.append(k["Key"])
    )
    assert remote.tidy(_manifest("old.bin", "new.bin")) == [
        "aborted 1 unfinished multipart upload of the site's files, left by an interrupted"
        " publish (the store kept their parts): old.bin"
    ]
    assert aborted == ["blog/old.bin"]


def test_credentials_that_may_not_abort_uploads_do_not_fail_the_publish(
    tmp_path: Path, bucket: S3Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    remote = S3Remote(S3Location(bucket.bucket, "blog"), PublishTarget(url=bucket.url), "x", set)

    def refused() -> None:
        error = {"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}
        raise botocore.exceptions.ClientError(error, "ListMultipartUploads")  # type: ignore[arg-type]

    monkeypatch.setattr(remote, "_multipart_uploads", refused)
    assert remote.tidy(_manifest("index.html")) == [
        "note: could not abort unfinished multipart uploads (AccessDenied): allow "
        "s3:ListBucketMultipartUploads and s3:AbortMultipartUpload, or give the bucket a "
        "lifecycle rule that aborts incomplete multipart uploads"
    ]


def _manifest(*paths: str) -> Manifest:
    """A built site of ``paths`` (tidy looks only at their names)."""
    return Manifest(Path("/nowhere"), {path: LocalFile(path, Path(path), 0, "") for path in paths})


def test_a_password_in_the_endpoint_url_is_hidden(tmp_path: Path, aws_env: None) -> None:
    port = free_port()  # nothing listens there
    endpoint = f"http://minio:s3cr3t@127.0.0.1:{port}"
    site = make_site(tmp_path / "site", f'url = "s3://blog/ja"\nendpoint_url = "{endpoint}"\n')
    with pytest.raises(SiteError) as failed:
        run_publish(site)
    assert [str(p) for p in failed.value.problems] == [
        f"production (s3://blog/ja): cannot connect to http://minio:***@127.0.0.1:{port}/blog"
        "?list-type=2&prefix=ja%2F&encoding-type=url"
    ]
