"""What open pages follow: which build is served, and what the last build got wrong.

The preview publishes a :class:`Status` after every build. Each HTML page it serves
carries the id of the build it came from; the reload script compares that id with
the status streamed to it (server-sent events) and reloads the page, or shows the
build's problems in an overlay. The script is added to responses only: the files
that ``build`` writes never contain it.
"""

from __future__ import annotations

import html
import json
import secrets
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

from sitegen.errors import Problem

PREFIX = "/__sitegen__/"
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "reload.js"

# The overlay's own words; the site's theme cannot change them (the theme may be what is broken).
OVERLAY_STRINGS = {
    "ja": {
        "title": "ビルドに失敗しました",
        "note": "ファイルを直して保存すると、自動で再読み込みします。"
        "それまでは前回ビルドできたサイトを表示しています。",
        "note_unbuilt": "ファイルを直して保存すると、自動で再読み込みします。"
        "まだ一度もビルドできていないため、表示できるサイトはありません。",
        "hint": "ヒント",
        "close": "閉じる",
    },
    "en": {
        "title": "The build failed",
        "note": "Fix the file and save: the page reloads by itself. "
        "Until then you see the last site that built.",
        "note_unbuilt": "Fix the file and save: the page reloads by itself. "
        "No build has succeeded yet, so there is no site to show.",
        "hint": "hint",
        "close": "Close",
    },
}


@dataclass(frozen=True)
class Status:
    """The state of the preview after a build.

    ``build`` names the site being served: it changes whenever a build changed the
    output (and differs between two runs of the server). ``problems`` are the errors
    of the last build, empty when it succeeded. ``unbuilt``: no site is served, as
    no build has succeeded yet.
    """

    build: str
    problems: tuple[Problem, ...] = ()
    language: str = "ja"
    unbuilt: bool = False
    # The addresses of articles and pages that the build moved (old URL, new URL): a
    # page open at an old one goes to the new, as Hugo's server follows a change.
    moved: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> str:
        strings = dict(OVERLAY_STRINGS.get(self.language, OVERLAY_STRINGS["ja"]))
        unbuilt_note = strings.pop("note_unbuilt")
        if self.unbuilt:
            strings["note"] = unbuilt_note
        problems = [
            {"location": p.location, "message": p.message, "hint": p.hint} for p in self.problems
        ]
        data = {
            "build": self.build,
            "problems": problems,
            "lang": self.language,
            "moved": dict(self.moved),
            **strings,
        }
        return json.dumps(data, ensure_ascii=False, sort_keys=True)


class LiveState:
    """The current :class:`Status`, shared by the builder thread and the request threads."""

    def __init__(self, language: str = "ja") -> None:
        # A new id per run, so that pages left open from an earlier run reload too.
        self._run = secrets.token_hex(4)
        self._version = 0
        self._closed = False
        self._changed = threading.Condition()
        self._status = Status(self._label(), (), language)
        self._sent: dict[object, Status] = {}  # each open stream → the last status it sent

    def _label(self) -> str:
        return f"{self._run}.{self._version}"

    @property
    def current(self) -> Status:
        with self._changed:
            return self._status

    def built(self, changed: bool, language: str, moved: tuple[tuple[str, str], ...] = ()) -> None:
        """A build succeeded; ``changed`` says whether it changed any file of the output,
        ``moved`` which addresses it moved (see Status)."""
        with self._changed:
            if changed:
                self._version += 1
            self._publish(Status(self._label(), (), language, moved=moved))

    def failed(self, problems: Sequence[Problem], language: str, unbuilt: bool = False) -> None:
        """A build failed with ``problems``; the output still holds the last good site,
        or none (``unbuilt``: no build has succeeded yet)."""
        with self._changed:
            self._publish(Status(self._label(), tuple(problems), language, unbuilt))

    def _publish(self, status: Status) -> None:
        if status != self._status:
            self._status = status
            self._changed.notify_all()

    def wait(self, seen: Status, timeout: float) -> Status | None:
        """The status once it differs from ``seen`` or ``timeout`` passed; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._status is not seen, timeout)
            return None if self._closed else self._status

    @property
    def listeners(self) -> int:
        """How many pages listen to the stream."""
        with self._changed:
            return len(self._sent)

    def sent(self, stream: object, status: Status) -> None:
        """``stream`` sent ``status`` to its page."""
        with self._changed:
            self._sent[stream] = status
            self._changed.notify_all()

    def gone(self, stream: object) -> None:
        """``stream`` ended: its page no longer listens."""
        with self._changed:
            self._sent.pop(stream, None)
            self._changed.notify_all()

    def until_heard(self, timeout: float) -> None:
        """Wait until every open stream sent the current status, or ``timeout`` passed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or all(s is self._status for s in self._sent.values()),
                timeout,
            )

    def close(self) -> None:
        """Wake every waiting stream so that its thread can end."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


def event(status: Status) -> bytes:
    """``status`` as one server-sent event."""
    return f"event: status\ndata: {status.to_json()}\n\n".encode()


def inject(page: bytes, build: str) -> bytes:
    """``page`` with the reload script added before its last ``</body>``; an XML
    document named as a page (a feed's copy at ``/feed/``: see feeds.alias_output)
    stays as it is."""
    if page.startswith(b"<?xml"):
        return page
    tag = f'<script src="{SCRIPT_PATH}" data-build="{html.escape(build)}"></script>\n'.encode()
    end = page.lower().rfind(b"</body>")
    return page + tag if end < 0 else page[:end] + tag + page[end:]


def reload_script() -> bytes:
    """The browser side: ``reload.js``, shipped beside this module."""
    return resources.files(__package__).joinpath("reload.js").read_bytes()
