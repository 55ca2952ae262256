"""The text of a file a person wrote: UTF-8, with or without a byte-order mark.

Content, data files, ``site.toml``, a theme's strings and templates are all read
this way, so a file saved in another encoding (Shift_JIS, UTF-16, as some Windows
editors do) is the same one-line error naming it wherever it is.
"""

from __future__ import annotations

from sitegen.errors import SiteError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) and normalise line endings to LF; raise
    SiteError naming ``path`` and the line of the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(raw, error, path) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def not_utf8(raw: bytes, error: UnicodeDecodeError, path: str) -> SiteError:
    """The error of ``raw``, the bytes of ``path``, that are not UTF-8 (``error``)."""
    line = raw[: error.start].count(b"\n") + 1
    hint = "save the file as UTF-8"
    if raw.startswith(_UTF16_BOMS):
        line, hint = 1, "this is UTF-16; save the file as UTF-8"
    else:
        try:
            raw.decode("shift_jis")
            hint = "this looks like Shift_JIS; save the file as UTF-8"
        except UnicodeDecodeError:
            pass
    return SiteError.at(path, line, "not UTF-8 text", hint)
