"""UI strings: the texts of a theme in the site's language, checked as they are read.

The built-in theme's ``i18n/<language>.toml`` holds every string its templates use;
a site's ``theme/i18n/<language>.toml`` overrides them key by key, and adds strings
of its own for its own templates (``t("greeting", name=…)``). A string names the
values it is given as ``{name}``.

Read from a site's theme, a string is checked against what it can be given — the
values the built-in strings of its key use, in any language, and those the site's
own templates give it — and its key against the keys there are: a misspelt key
(``read_mroe``) would otherwise leave the built-in string in place without a word.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.calc import UI_KEYS
from sitegen.discover import builtin_theme_dir, leads_out
from sitegen.errors import Problems, SiteError, suggestion
from sitegen.keylines import parse_toml, toml_key_lines
from sitegen.sourcetext import decode

ONE = "_one"  # the suffix of a key's form for a count of 1

# The strings whose {name}s the browser fills in: the calculators' messages and the
# search page's. A template hands them over as they are, giving them no values.
FILLED_BY_THE_BROWSER = frozenset({*UI_KEYS, "search_results", "search_results_one", "search_none"})


def placeholders(text: str) -> tuple[str, ...]:
    """The names of the values ``text`` is filled with, ``{name}``, each once; raise
    ValueError for braces ``str.format`` would not take."""
    found: dict[str, None] = {}
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:  # "Single '}' encountered in format string"
        raise ValueError("a { or } that is not part of a {name}") from None
    for _, name, spec, _ in parts:
        if name is None:
            continue
        if not name.isidentifier() or (spec and "{" in spec):
            raise ValueError(f"{{{name}}} is not a name of a value")
        found[name] = None
    return tuple(found)


@dataclass(frozen=True)
class Phrase:
    """A text in the site's language, to be made of the UI string ``key`` by the theme
    (a page's title: 2024年7月, July 2024): its values may be phrases themselves."""

    key: str
    values: tuple[tuple[str, object], ...] = ()


@dataclass(frozen=True)
class UiString:
    """One string, where it comes from, and the values it names."""

    text: str
    origin: str  # "theme/i18n/en.toml:3", or the built-in theme's file
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Calls:
    """The values a theme's templates give each UI string (``t(key, name=…)``)."""

    # key → the names given; None when a call gives values by ``**``, names unknown
    given: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    # the same, for keys made in the template from a first part (``"share_" ~ service``)
    prefixes: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    any_key: bool = False  # a call whose key is made entirely in the template

    def of(self, key: str) -> tuple[bool, frozenset[str] | None]:
        """Whether a template uses ``key`` (or the key it is the ``_one`` form of), and
        the names it is given there (None: any)."""
        keys = {key, key.removesuffix(ONE)}
        names: set[str] = set()
        used = False
        for found in (
            *(self.given[k] for k in keys if k in self.given),
            *(names for p, names in self.prefixes.items() if any(k.startswith(p) for k in keys)),
        ):
            used = True
            if found is None:
                return True, None
            names |= found
        return used, frozenset(names)


@dataclass(frozen=True)
class Layer:
    """A theme's i18n folder: where it is, how its files are named in messages, and
    whether it is the site's own (whose strings are checked)."""

    folder: Path
    label: str  # "theme/i18n" or "(built-in theme) i18n"
    own: bool
    site: Path  # the folder its links may lead within (see discover.walk)


def load(
    layers: Iterable[Layer], language: str, builtin: Path, calls: Calls | None
) -> tuple[dict[str, UiString], Problems]:
    """The strings of ``language``, later layers over earlier ones; the problems of the
    site's own strings, those of every file (one that does not read is an error, and
    adds no strings). ``builtin``: the built-in i18n folder, whose files in every
    language say which keys and values there are. ``calls``: how the site's templates
    call ``t()``; None when they are not known (then only keys are checked)."""
    strings: dict[str, UiString] = {}
    problems = Problems()
    for layer in layers:
        path = layer.folder / f"{language}.toml"
        if not path.is_file() or leads_out(layer.site, path):  # the theme tells why
            continue
        label = f"{layer.label}/{language}.toml"
        try:
            text = decode(path.read_bytes(), label)
            table = parse_toml(text, label)
        except SiteError as error:  # told with the problems of the other files
            problems.add(error.problems)
            continue
        lines = toml_key_lines(text)
        known = _builtin(builtin) if layer.own else {}
        for key, value in table.items():
            line = lines((key,)) if layer.own else 0
            where = Problems(label)
            if not isinstance(value, str):
                where.error(f"{key}: must be text, not {value!r}", line)
            elif layer.own:
                _check(key, value, line, known, calls or Calls(), where)
            problems.add(where)
            if not where.errors:
                origin = f"{label}:{line}" if line else label
                strings[key] = UiString(value, origin, placeholders(value))
    return strings, problems


@functools.cache
def builtin_texts(language: str) -> Mapping[str, str]:
    """The built-in theme's strings of ``language``, as written."""
    path = builtin_theme_dir() / "i18n" / f"{language}.toml"
    return parse_toml(decode(path.read_bytes(), path.name), path.name)


@functools.cache
def builtin_strings(language: str) -> Mapping[str, UiString]:
    """The built-in theme's strings of ``language``, as :func:`fill` takes them."""
    origin = f"(built-in theme) i18n/{language}.toml"
    return {
        key: UiString(text, origin, placeholders(text))
        for key, text in builtin_texts(language).items()
    }


def _builtin(folder: Path) -> dict[str, set[str]]:
    """Each key of the built-in strings, in any language, and the values they use."""
    known: dict[str, set[str]] = {}
    for path in sorted(folder.glob("*.toml")):
        text = decode(path.read_bytes(), path.name)
        for key, value in parse_toml(text, path.name).items():
            known.setdefault(key, set()).update(placeholders(value))
    return known


def _check(
    key: str, text: str, line: int, known: Mapping[str, set[str]], calls: Calls, out: Problems
) -> None:
    """The problems of one string of the site's own theme."""
    try:
        fields = placeholders(text)
    except ValueError as error:
        out.error(f"{key}: {error}", line, "a brace of the text itself is written twice: {{ }}")
        return
    plain = key.removesuffix(ONE)
    built_in = key in known or plain in known
    used, given = calls.of(key)
    if not built_in and not used:
        if not calls.any_key:
            message = (
                f"{key}: no built-in UI string has this key, and no template of the theme uses it"
            )
            otherwise = f'a string of the theme\'s own is used in its templates: t("{key}")'
            keys = sorted({*known, *calls.given})  # a misspelt key of the theme's own too
            out.warn(message, line, suggestion(key, keys, otherwise=otherwise, close=0.75))
        return
    if given is None:
        return  # a template gives it values by **: their names are not known
    allowed = given | known.get(key, set()) | known.get(plain, set())
    for name in fields:
        if name not in allowed:
            gives = ", ".join(sorted(allowed)) or "none"
            message = (
                f"{key}: {{{name}}} is not a value this string is given (it is given: {gives})"
            )
            out.error(message, line, suggestion(name, sorted(allowed)))


class StringMistake(Exception):
    """A string asked for that is not there, or not given a value it names; the message
    says which, the hint what to do."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def fill(strings: Mapping[str, UiString], key: str, values: Mapping[str, object], file: str) -> str:
    """The string ``key`` with its ``{name}``s filled in from ``values``: with a ``count``
    of 1, its ``_one`` form where there is one. A string the browser fills in comes as it
    is when given no values. ``file``: where a string of the site's own would go."""
    asked = key
    if values and values.get("count") == 1:
        key = f"{key}{ONE}"
    found = strings.get(key)
    if found is None:
        key = key.removesuffix(ONE)  # a _one form the language lacks: the key's own
        found = strings.get(key)
        if found is None:
            # Only a near spelling: a key of the theme's own that this language's file
            # lacks yet is not meant to be another key that looks a little like it.
            hint = suggestion(key, sorted(strings), otherwise=f"add it to {file}", close=0.8)
            raise StringMistake(f"t({asked!r}): there is no UI string {key!r}", hint)
    try:  # every page asks for dozens: the checks are made when a value is missing
        return found.text.format(**values)
    except KeyError:
        if not values and key in FILLED_BY_THE_BROWSER:
            return found.text
        name = next(name for name in found.fields if name not in values)
        raise _no_value(asked, name, found, values) from None


def _no_value(key: str, name: str, found: UiString, values: Mapping[str, object]) -> StringMistake:
    """The error of a ``t()`` that gives the string ``found`` no value for ``{name}``."""
    message = (
        f"t({key!r}) gives no value for {{{name}}} of the UI string {found.text!r} "
        f"in {found.origin}"
    )
    if not values:
        return StringMistake(message, f"give it one: t({key!r}, {name}=…)")
    close = suggestion(name, sorted(values))
    gives = f"it gives {', '.join(sorted(values))}; "
    return StringMistake(
        message, gives + (f"in {found.origin}, {close}" if close else f"give {name}=… too")
    )
