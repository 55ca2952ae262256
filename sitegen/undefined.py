"""What a template asked of a value that the value does not have, told in a theme
author's words: the article by its file rather than ``'sitegen.model.Article object'``,
and the names it does have.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping

from sitegen.errors import suggestion
from sitegen.model import Article, Extra

# Mappings with more keys than this are not listed in a hint (the tags of a site).
_LISTED = 12

# Records whose name in the templates is not their class's.
_NAMES = {"PageInfo": "page", "SiteView": "site"}


def missing(value: object, name: object) -> tuple[str, str] | None:
    """The message and hint for ``value.name`` (or ``value[name]``) that is not there;
    None for a value of no record or mapping of sitegen's."""
    shown = repr(name)
    if isinstance(value, Extra):  # a key is missing, and then used as more than text
        hint = "a key an article does not have is empty: show it, or test it with {% if %}"
        return f"extra has no key {shown}", hint
    if isinstance(value, Article):
        if not isinstance(name, str):
            return f"the {value.kind} {value.source} has no {shown}", ""
        message = f"the {value.kind} {value.source} has no field {shown}"
        if name in value.extra:
            return message, f"it is a front-matter key sitegen does not read: extra.{name}"
        own = f"its front-matter keys that sitegen does not read are in extra: extra.{name}"
        return message, suggestion(name, _fields(value), otherwise=own, close=0.8)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value).__name__
        what = _NAMES.get(kind) or re.sub(r"(?<!^)(?=[A-Z])", " ", kind).lower()
        names = _fields(value)
        return f"{what} has no field {shown}", suggestion(str(name), names, listing="its fields")
    if isinstance(value, Mapping):
        keys = sorted(str(key) for key in value)
        listing = "its keys" if len(keys) <= _LISTED else ""
        otherwise = "" if keys else "it is empty"
        return f"the mapping has no key {shown}", suggestion(str(name), keys, listing, otherwise)
    return None


def _fields(value: object) -> list[str]:
    return [f.name for f in dataclasses.fields(value) if not f.name.startswith("_")]  # type: ignore[arg-type]
