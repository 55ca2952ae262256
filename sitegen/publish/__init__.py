"""Publishing the built site to static hosting: S3-compatible buckets, rsync, git branches.

:func:`publish` builds with production settings, compares the build with the
remote and changes only what differs. Deletion is opt-in and bounded. The core
(:mod:`.plan`, :mod:`.core`) knows no target; each kind of target is one module
(:mod:`.s3`, :mod:`.rsync`, :mod:`.git`) imported only when it is used.
"""

from __future__ import annotations

from sitegen.publish.core import PublishOptions, PublishResult, UnknownTarget, publish

__all__ = ["PublishOptions", "PublishResult", "UnknownTarget", "publish"]
