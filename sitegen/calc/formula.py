"""The formula language: a tokenizer, a recursive-descent parser and static checks.

Grammar (lowest precedence first; ``**`` is right-associative and binds tighter than a unary
minus on its left, so ``-2 ** 2`` is -4, as in Python)::

    formula     := comparison END
    comparison  := additive [("<" | "<=" | ">" | ">=" | "==" | "!=") additive]
    additive    := multiplicative (("+" | "-") multiplicative)*
    multiplicative := unary (("*" | "/" | "%") unary)*
    unary       := "-" unary | power
    power       := primary ["**" unary]
    primary     := NUMBER | NAME | NAME "(" [comparison ("," comparison)*] ")" | "(" comparison ")"

Numbers are ``123``, ``0.05`` or ``1_000`` (an underscore only between digits). Comparisons
give 1 or 0 and do not chain. The text is never handed to Python's ``eval`` or ``ast``: the
result is a tiny tree of frozen dataclasses. Columns are 1-based and count code points (the
JavaScript twin counts the same way).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from sitegen.calc.numbers import FormulaError, new_context
from sitegen.frozen import pickled_as_values

MAX_LENGTH = 500
MAX_DEPTH = 32

COMPARISONS = ("<", "<=", ">", ">=", "==", "!=")
#: Function name -> (fewest, most) arguments; ``None`` means no upper limit.
FUNCTIONS: dict[str, tuple[int, int | None]] = {
    "abs": (1, 1),
    "ceil": (1, 1),
    "floor": (1, 1),
    "if": (3, 3),
    "max": (2, None),
    "min": (2, None),
    "round": (1, 2),
}

_TOKEN = re.compile(
    r"(?P<space>[ \t\r\n]+)"
    r"|(?P<number>[0-9][0-9_]*(?:\.[0-9_]+)?)"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<op>\*\*|<=|>=|==|!=|[-+*/%<>(),])"
)
_VALID_NUMBER = re.compile(r"[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?")


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # "number", "name", "op" or "end"
    text: str
    column: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Number:
    value: Decimal
    column: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Name:
    name: str
    column: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Negate:
    operand: Node
    column: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class BinaryOp:
    op: str
    left: Node
    right: Node
    column: int


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]
    column: int


Node = Number | Name | Negate | BinaryOp | Call


@pickled_as_values
@dataclass(frozen=True, slots=True)
class Formula:
    """A parsed formula: its source text and its syntax tree."""

    source: str
    tree: Node

    @property
    def names(self) -> tuple[str, ...]:
        """The names the formula reads, in order of first appearance."""
        return tuple(dict.fromkeys(node.name for node in walk(self.tree) if isinstance(node, Name)))


def walk(node: Node) -> Iterator[Node]:
    """Every node of a tree, parents before children, left to right."""
    yield node
    match node:
        case Negate(operand=operand):
            yield from walk(operand)
        case BinaryOp(left=left, right=right):
            yield from walk(left)
            yield from walk(right)
        case Call(args=args):
            for arg in args:
                yield from walk(arg)


def tokenize(source: str) -> list[Token]:
    """Split a formula into tokens, ending with an ``end`` token."""
    tokens: list[Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        column = position + 1
        if match is None:
            raise FormulaError(
                "syntax", f"unexpected character {_describe(source[position])} at column {column}"
            )
        kind, text = match.lastgroup or "", match.group()
        if kind == "number" and not _VALID_NUMBER.fullmatch(text):
            raise FormulaError("syntax", f"malformed number '{text}' at column {column}")
        if kind != "space":
            tokens.append(Token(kind, text, column))
        position = match.end()
    tokens.append(Token("end", "", len(source) + 1))
    return tokens


def _describe(char: str) -> str:
    """``'#'`` for printable ASCII, ``'×' (U+00D7)`` beyond it, ``U+0007`` for controls."""
    point = ord(char)
    if 0x21 <= point <= 0x7E:
        return f"'{char}'"
    return f"'{char}' (U+{point:04X})" if point > 0xA0 else f"U+{point:04X}"


def parse_formula(source: str) -> Formula:
    """Parse a formula, or raise :class:`FormulaError` (``syntax``, ``too_long``, ``too_deep``)."""
    if len(source) > MAX_LENGTH:
        raise FormulaError(
            "too_long", f"formula too long ({len(source)} characters, the limit is {MAX_LENGTH})"
        )
    if not source.strip(" \t\r\n"):
        raise FormulaError("syntax", "empty formula")
    return Formula(source, _Parser(tokenize(source)).parse())


class _Parser:
    """Recursive descent over the token list, one method per grammar rule."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.position = 0
        self.depth = 0

    def parse(self) -> Node:
        tree = self.comparison()
        self.expect_end()
        return tree

    def peek(self) -> Token:
        return self.tokens[self.position]

    def advance(self) -> Token:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def accept(self, *texts: str) -> Token | None:
        token = self.peek()
        if token.kind == "op" and token.text in texts:
            self.position += 1
            return token
        return None

    def expect(self, text: str) -> Token:
        token = self.accept(text)
        if token is None:
            raise self.unexpected(self.peek())
        return token

    def expect_end(self) -> None:
        if self.peek().kind != "end":
            raise self.unexpected(self.peek())

    @staticmethod
    def unexpected(token: Token) -> FormulaError:
        if token.kind == "end":
            return FormulaError("syntax", f"unexpected end of formula at column {token.column}")
        return FormulaError("syntax", f"unexpected '{token.text}' at column {token.column}")

    @contextmanager
    def nested(self, token: Token) -> Iterator[None]:
        """Count one level of nesting; the bound keeps recursion (here and in JS) shallow."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(
                "too_deep",
                f"formula nested too deeply at column {token.column} (the limit is {MAX_DEPTH})",
            )
        yield
        self.depth -= 1

    def comparison(self) -> Node:
        left = self.additive()
        operator = self.accept(*COMPARISONS)
        if operator is None:
            return left
        return BinaryOp(operator.text, left, self.additive(), operator.column)

    def additive(self) -> Node:
        node = self.multiplicative()
        while operator := self.accept("+", "-"):
            node = BinaryOp(operator.text, node, self.multiplicative(), operator.column)
        return node

    def multiplicative(self) -> Node:
        node = self.unary()
        while operator := self.accept("*", "/", "%"):
            node = BinaryOp(operator.text, node, self.unary(), operator.column)
        return node

    def unary(self) -> Node:
        minus = self.accept("-")
        if minus is None:
            return self.power()
        with self.nested(minus):
            return Negate(self.unary(), minus.column)

    def power(self) -> Node:
        base = self.primary()
        operator = self.accept("**")
        if operator is None:
            return base
        with self.nested(operator):
            return BinaryOp("**", base, self.unary(), operator.column)

    def primary(self) -> Node:
        token = self.advance()
        if token.kind == "number":
            return Number(new_context().create_decimal(token.text.replace("_", "")), token.column)
        if token.kind == "name":
            opening = self.accept("(")
            if opening is None:
                return Name(token.text, token.column)
            with self.nested(opening):
                return Call(token.text, self.arguments(), token.column)
        if token.kind == "op" and token.text == "(":
            with self.nested(token):
                inner = self.comparison()
                self.expect(")")
                return inner
        raise self.unexpected(token)

    def arguments(self) -> tuple[Node, ...]:
        if self.accept(")"):
            return ()
        args = [self.comparison()]
        while self.accept(","):
            args.append(self.comparison())
        self.expect(")")
        return tuple(args)


def check_formula(formula: Formula, known: Collection[str]) -> list[FormulaError]:
    """Static checks: unknown names and functions, wrong numbers of arguments.

    Returns every problem, in order of column.
    """
    problems: list[FormulaError] = []
    for node in walk(formula.tree):
        if isinstance(node, Name) and node.name not in known:
            problems.append(
                FormulaError("unknown_name", f"unknown name '{node.name}'", subject=node.name)
            )
        elif isinstance(node, Call):
            problem = check_call(node)
            if problem is not None:
                problems.append(problem)
    return problems


def check_call(call: Call) -> FormulaError | None:
    """The problem with a function call (unknown function, wrong arity), if any."""
    if call.function not in FUNCTIONS:
        return FormulaError(
            "unknown_function", f"unknown function '{call.function}'", subject=call.function
        )
    fewest, most = FUNCTIONS[call.function]
    if fewest <= len(call.args) and (most is None or len(call.args) <= most):
        return None
    if most is None:
        wanted = f"at least {fewest}"
    elif fewest == most:
        wanted = str(fewest)
    else:
        wanted = f"{fewest} or {most}"
    return FormulaError(
        "arity",
        f"{call.function}() takes {wanted} argument{'' if wanted == '1' else 's'}, "
        f"got {len(call.args)}",
    )
