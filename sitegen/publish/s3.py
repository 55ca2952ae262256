"""Publish to an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Wasabi…) with boto3.

Which objects changed is decided without downloading anything:

- an object uploaded in one piece has the MD5 of its bytes as its ETag;
- a multipart object's ETag is ``md5(md5(part 1) + … + md5(part N))-N``, so we
  compute that for the local file, with our part size and with the one the
  ETag's part count implies (``aws s3 sync`` uploads with 8 MiB parts, as we do);
- when the ETag says nothing (encrypted with KMS, or another part size) and the
  sizes agree, we read the MD5 we store in every object's metadata (one HEAD).

With ``--force`` every object counts as changed, and is stored again with the
headers of now (a new ``cache_control``, a Content-Type another tool got wrong).

Objects are uploaded in one piece up to 8 MiB and in 8 MiB parts above, with
Content-MD5 so the store checks what it received. A publish killed midway
(SIGKILL) cannot abort its multipart uploads, whose parts the store keeps, and
bills, until they are: the next publish that succeeds aborts those under the
prefix that began before it did. Credentials, region and the
endpoint come from boto3's usual places (environment, ``~/.aws``), or from the
target's ``profile``, ``region`` and ``endpoint_url``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

import boto3
import botocore.config
import botocore.exceptions

from sitegen.errors import Problem, SiteError
from sitegen.mediatypes import content_type
from sitegen.publish.headers import cache_control
from sitegen.publish.plan import LocalFile, Manifest, Plan, compare, upload_stages
from sitegen.targets import PublishTarget, S3Location, redacted

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import (
        CompletedPartTypeDef,
        MultipartUploadTypeDef,
        ObjectIdentifierTypeDef,
    )

MiB = 1024 * 1024
PART_SIZE = 8 * MiB  # aws-cli's and boto3's default, so their uploads compare too
METADATA_MD5 = "md5"  # stored as x-amz-meta-md5
WORKERS = 8
DELETE_BATCH = 1000  # the most DeleteObjects takes at once


@dataclass(frozen=True)
class RemoteObject:
    """An object in the bucket as the listing shows it."""

    key: str
    etag: str  # without quotes
    size: int


def multipart_etag(local: LocalFile, part_size: int) -> str:
    """The ETag S3 gives ``local`` when it is uploaded in parts of ``part_size``."""
    digests = []
    with local.source.open("rb") as stream:
        while chunk := stream.read(part_size):
            digests.append(hashlib.md5(chunk).digest())
    return f"{hashlib.md5(b''.join(digests)).hexdigest()}-{len(digests)}"


def etag_verdict(local: LocalFile, remote: RemoteObject, part_size: int = PART_SIZE) -> bool | None:
    """Whether ``remote`` holds ``local``'s bytes: True, False, or None when the ETag
    cannot tell (then the stored MD5 decides)."""
    if local.size != remote.size:
        return False
    if remote.etag == local.md5:
        return True
    _, dash, count = remote.etag.partition("-")
    if dash and count.isdigit() and int(count) > 0:
        # The part size that gives this many parts, rounded up to whole MiB as tools do.
        implied = math.ceil(math.ceil(local.size / int(count)) / MiB) * MiB
        for size in dict.fromkeys((part_size, implied)):
            fits = size and math.ceil(local.size / size) == int(count)
            if fits and multipart_etag(local, size) == remote.etag:
                return True
    return None


class S3Remote:
    """The objects under one prefix of one bucket."""

    def __init__(
        self,
        location: S3Location,
        settings: PublishTarget,
        where: str,
        pages: Callable[[], Collection[str]],
        workers: int = WORKERS,
        force: bool = False,
    ) -> None:
        self.location = location
        self.force = force  # every object counts as changed: stored again, headers and all
        # Multipart uploads begun before this are not this publish's (see tidy).
        self.opened = dt.datetime.now(dt.UTC)
        self.settings = settings
        self.where = where  # how messages name the target
        self.pages = pages  # the articles' and pages' own output files; asked when uploading
        self.workers = workers
        with self._errors():
            session = boto3.session.Session(profile_name=settings.profile or None)
            self.client: S3Client = session.client(
                "s3",
                endpoint_url=settings.endpoint_url or None,
                region_name=settings.region or None,
                config=botocore.config.Config(
                    retries={"max_attempts": 5, "mode": "standard"},
                    max_pool_connections=workers,
                    # Checksums beyond Content-MD5 are not understood by every S3-compatible store.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                ),
            )

    # -- planning -------------------------------------------------------------

    def plan(self, local: Manifest) -> Plan:
        with self._errors():
            remote = self._list()
            return compare(
                local.files,
                remote,
                lambda path: not self.force and self._same(local.files[path], remote[path]),
                self.settings.keep,
            )

    @property
    def _prefix(self) -> str:
        """What every key of the target begins with: ``prefix/``, or '' for the whole bucket."""
        return f"{self.location.prefix}/" if self.location.prefix else ""

    def _list(self) -> dict[str, RemoteObject]:
        """Every object under the prefix, by path relative to it."""
        prefix = self._prefix
        found: dict[str, RemoteObject] = {}
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.location.bucket, Prefix=prefix
        )
        for page in pages:
            for item in page.get("Contents", []):
                path = item["Key"][len(prefix) :]
                if path:  # "prefix/" itself is a folder marker, not a file of the site
                    etag = item.get("ETag", "").strip('"').lower()
                    found[path] = RemoteObject(item["Key"], etag, item.get("Size", 0))
        return found

    def _same(self, local: LocalFile, remote: RemoteObject) -> bool:
        verdict = etag_verdict(local, remote)
        if verdict is not None:
            return verdict
        head = self.client.head_object(Bucket=self.location.bucket, Key=remote.key)
        return head.get("Metadata", {}).get(METADATA_MD5) == local.md5

    # -- changing -------------------------------------------------------------

    def apply(self, plan: Plan, local: Manifest, delete: bool) -> None:
        # Each object is live as soon as it is stored: assets first, then the pages,
        # then what lists them, so nothing live points to an object not there yet. A
        # failure stops before the next stage (and before any deletion).
        stages = upload_stages(plan.transfers, self.pages()) if plan.transfers else []
        for stage in stages:
            self._each([local.files[path] for path in stage], self._upload, "upload")
        if delete and plan.stale:
            with self._errors():
                self._delete(plan.stale)

    def tidy(self, local: Manifest) -> list[str]:
        """Abort the multipart uploads of the site's files (``local``'s) under the prefix
        that began before this publish: those of a publish killed midway, whose parts
        the store keeps (and bills). Uploads of other keys are another tool's (a backup,
        another site in the same bucket), and are left alone."""
        ours = {self._prefix + path for path in local.files}
        with self._errors():
            try:
                left = [
                    upload
                    for upload in self._multipart_uploads()
                    if upload["Key"] in ours and upload["Initiated"] < self.opened
                ]
                for upload in left:
                    self.client.abort_multipart_upload(
                        Bucket=self.location.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
            except botocore.exceptions.ClientError as error:
                code = str(error.response.get("Error", {}).get("Code", ""))
                if code not in _NOT_ALLOWED:
                    raise
                # The publish itself succeeded: this is no reason to fail it.
                return [
                    f"note: could not abort unfinished multipart uploads ({code}): allow "
                    "s3:ListBucketMultipartUploads and s3:AbortMultipartUpload, or give the "
                    "bucket a lifecycle rule that aborts incomplete multipart uploads"
                ]
        if not left:
            return []
        paths = [upload["Key"][len(self._prefix) :] for upload in left]
        uploads = "upload" if len(left) == 1 else "uploads"
        return [
            f"aborted {len(left)} unfinished multipart {uploads} of the site's files, left by"
            f" an interrupted publish (the store kept their parts): {_some(paths)}"
        ]

    def _multipart_uploads(self) -> list[MultipartUploadTypeDef]:
        pages = self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.location.bucket, Prefix=self._prefix
        )
        return [upload for page in pages for upload in page.get("Uploads", [])]

    def _each(
        self, files: Sequence[LocalFile], action: Callable[[LocalFile], None], verb: str
    ) -> None:
        """Run ``action`` on every file in parallel; report failures grouped by reason."""
        failures: dict[str, list[str]] = {}
        with ThreadPoolExecutor(max_workers=self.workers) as pool:
            outcomes = pool.map(lambda file: (file.path, self._attempt(action, file)), files)
            for path, reason in outcomes:
                if reason:
                    failures.setdefault(reason, []).append(path)
        if failures:
            raise SiteError(
                Problem(self.where, 0, f"could not {verb} {_some(paths)}: {reason}")
                for reason, paths in failures.items()
            )

    def _attempt(self, action: Callable[[LocalFile], None], file: LocalFile) -> str:
        try:
            with self._errors():
                action(file)
        except SiteError as error:
            return error.problems[0].message
        return ""

    def _upload(self, file: LocalFile) -> None:
        bucket, key = self.location.bucket, self.location.key(file.path)
        kind = content_type(file.path)
        cache = cache_control(
            file.path, self.settings.cache_control, self.settings.cache_control_assets
        )
        metadata = {METADATA_MD5: file.md5}
        if file.size <= PART_SIZE:
            data = file.read()
            self.client.put_object(
                Bucket=bucket,
                Key=key,
                Body=data,
                ContentMD5=_base64_md5(data),
                ContentType=kind,
                CacheControl=cache,
                Metadata=metadata,
            )
            return
        upload = self.client.create_multipart_upload(
            Bucket=bucket, Key=key, ContentType=kind, CacheControl=cache, Metadata=metadata
        )
        try:
            self._upload_parts(file, key, upload["UploadId"])
        except BaseException:
            self.client.abort_multipart_upload(Bucket=bucket, Key=key, UploadId=upload["UploadId"])
            raise

    def _upload_parts(self, file: LocalFile, key: str, upload_id: str) -> None:
        """Upload ``file`` in parts of :data:`PART_SIZE`, as :func:`multipart_etag` expects."""
        bucket = self.location.bucket
        parts: list[CompletedPartTypeDef] = []
        with file.source.open("rb") as stream:
            while chunk := stream.read(PART_SIZE):
                number = len(parts) + 1
                done = self.client.upload_part(
                    Bucket=bucket,
                    Key=key,
                    UploadId=upload_id,
                    PartNumber=number,
                    Body=chunk,
                    ContentMD5=_base64_md5(chunk),
                )
                parts.append({"PartNumber": number, "ETag": done["ETag"]})
        self.client.complete_multipart_upload(
            Bucket=bucket, Key=key, UploadId=upload_id, MultipartUpload={"Parts": parts}
        )

    def _delete(self, paths: Sequence[str]) -> None:
        keys = [self.location.key(path) for path in paths]
        errors: list[str] = []
        for start in range(0, len(keys), DELETE_BATCH):
            batch: list[ObjectIdentifierTypeDef] = [
                {"Key": key} for key in keys[start : start + DELETE_BATCH]
            ]
            done = self.client.delete_objects(
                Bucket=self.location.bucket, Delete={"Objects": batch, "Quiet": True}
            )
            errors += [f"{e.get('Key')}: {e.get('Message')}" for e in done.get("Errors", [])]
        if errors:
            raise SiteError.at(self.where, 0, f"could not delete {_some(errors)}")

    # -- errors ---------------------------------------------------------------

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """boto3's exceptions as one line each, saying what to do; a URL they quote
        (``endpoint_url``) with its password hidden (see targets.redacted)."""
        try:
            yield
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as error:
            message, hint = _explained(error, self.location)
            raise SiteError.at(self.where, 0, redacted(message), redacted(hint)) from None


def _explained(
    error: botocore.exceptions.BotoCoreError | botocore.exceptions.ClientError,
    location: S3Location,
) -> tuple[str, str]:
    """A message and a hint for one of boto3's exceptions."""
    if isinstance(error, botocore.exceptions.NoCredentialsError):
        return (
            "no credentials found",
            "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or profile = … in the target",
        )
    if isinstance(error, botocore.exceptions.ProfileNotFound):
        return str(error), "see ~/.aws/config"
    if isinstance(error, botocore.exceptions.EndpointConnectionError):
        return f"cannot connect to {error.kwargs.get('endpoint_url')}", ""
    if isinstance(error, botocore.exceptions.ClientError):
        return _client_error(error, location)
    return str(error), ""


# What a store answers when the credentials may not list or abort multipart uploads,
# or it cannot.
_NOT_ALLOWED = ("AccessDenied", "403", "NotImplemented", "501")


def _client_error(error: botocore.exceptions.ClientError, location: S3Location) -> tuple[str, str]:
    """A message and a hint for an error the store answered with."""
    details = error.response.get("Error", {})
    code = str(details.get("Code", ""))
    message = str(details.get("Message", "")) or str(error)
    if code == "NoSuchBucket":
        return (
            f"the bucket {location.bucket!r} does not exist",
            "create it, or check the name and endpoint_url",
        )
    if code in ("AccessDenied", "403", "AllAccessDisabled"):
        return (
            f"access denied: {message}",
            "the credentials need s3:ListBucket, s3:PutObject and s3:DeleteObject",
        )
    if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch"):
        return (
            f"the credentials were refused ({code})",
            "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        )
    return f"{code or 'error'}: {message}", ""


def _base64_md5(data: bytes) -> str:
    return base64.b64encode(hashlib.md5(data).digest()).decode("ascii")


def _some(items: Sequence[str], shown: int = 3) -> str:
    """``a, b, c and 5 more``."""
    head = ", ".join(items[:shown])
    return f"{head} and {len(items) - shown} more" if len(items) > shown else head
