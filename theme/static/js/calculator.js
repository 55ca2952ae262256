/*
 * sitegen cost-calculator widgets (vanilla ES2020, no dependencies, no build step).
 *
 * Two halves:
 *  1. A pure formula engine, the twin of the Python package sitegen.calc: the same tokenizer,
 *     parser, exact decimal arithmetic (BigInt coefficient + exponent, 34 significant digits,
 *     half-up after every operation), bounds, error kinds and messages, and number formats.
 *     tests/calc/corpus.json holds both to the same digits.
 *  2. The widget: every element with [data-calculator] reads its JSON spec from the
 *     <script type="application/json" class="calculator-spec"> inside it, recomputes its outputs
 *     on each input/change event (a result it cannot compute shows a dash, and its
 *     [data-result-for] row gets the class calculator-failed), reads its number fields (text
 *     fields, so 「13万」 reaches it whole) as readers type numbers, shows their numbers grouped
 *     (1,300,000) except while the reader types in them, steps them on ArrowUp and
 *     ArrowDown, lifts the readonly that keeps them still without it, mirrors non-default inputs
 *     it accepts into the page URL as ?<widget id>.<input name>=<value> (so a shared link or a
 *     reload restores them), and resets to the defaults on its reset button.
 *
 * Under node, module.exports is the engine (plus the widget functions); in a page it is
 * window.SitegenCalculator and the widgets start by themselves.
 */
(function (root, factory) {
  'use strict';
  const api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
    return;
  }
  root.SitegenCalculator = api;
  if (typeof document === 'undefined') return;
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', () => api.initAll(document));
  } else {
    api.initAll(document);
  }
})(typeof globalThis !== 'undefined' ? globalThis : this, function () {
  'use strict';

  // ---- Limits (documented in sitegen/calc/numbers.py and formula.py) ----
  const PRECISION = 34;
  const MAX_ADJUSTED = 23; // |x| < 10^24
  const MIN_ADJUSTED = -40; // |x| >= 10^-40 unless 0
  const MAX_EXPONENT = 100;
  const MAX_ROUND_DIGITS = 30;
  const MAX_LENGTH = 500;
  const MAX_DEPTH = 32;

  class FormulaError extends Error {
    constructor(kind, message, located = false) {
      super(message);
      this.kind = kind;
      this.located = located;
    }

    /** This error with the column of the innermost failing node appended (only once). */
    at(column) {
      return this.located ? this : new FormulaError(this.kind, `${this.message} at column ${column}`, true);
    }
  }

  // ---- Exact decimals: {c: BigInt, e: Number} meaning c * 10^e, without trailing zeros ----
  const ZERO = { c: 0n, e: 0 };
  const ONE = { c: 1n, e: 0 };
  const pow10 = (n) => 10n ** BigInt(n);
  const absBig = (c) => (c < 0n ? -c : c);
  const digitCount = (c) => absBig(c).toString().length;
  const adjusted = (x) => digitCount(x.c) - 1 + x.e;

  function normal(c, e) {
    if (c === 0n) return ZERO;
    while (c % 10n === 0n) {
      c /= 10n;
      e += 1;
    }
    return { c, e };
  }

  /** c * 10^e rounded to PRECISION significant digits, half-up (ties away from zero). */
  function rounded(c, e) {
    let m = absBig(c);
    const extra = digitCount(m) - PRECISION;
    if (extra > 0) {
      const unit = pow10(extra);
      const rest = m % unit;
      m /= unit;
      e += extra;
      if (2n * rest >= unit) m += 1n;
    }
    return normal(c < 0n ? -m : m, e);
  }

  const tooLarge = () => new FormulaError('too_large', 'number too large (the limit is 10^24 in magnitude)');
  const tooSmall = () => new FormulaError('too_small', 'number too small (the limit is 10^-40 in magnitude)');
  const divisionByZero = () => new FormulaError('division_by_zero', 'division by zero');

  function checked(x) {
    if (x.c === 0n) return ZERO;
    if (adjusted(x) > MAX_ADJUSTED) throw tooLarge();
    if (adjusted(x) < MIN_ADJUSTED) throw tooSmall();
    return x;
  }

  /** Both coefficients scaled to the smaller exponent, so they can be compared or added. */
  function aligned(a, b) {
    const e = Math.min(a.e, b.e);
    return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
  }

  function compare(a, b) {
    const [x, y] = aligned(a, b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  const negate = (x) => ({ c: -x.c, e: x.e });
  const add = (a, b) => {
    const [x, y, e] = aligned(a, b);
    return rounded(x + y, e);
  };
  const multiply = (a, b) => rounded(a.c * b.c, a.e + b.e);

  /** Correctly rounded quotient: at least one digit past the precision, then half-up. */
  function divide(a, b) {
    if (b.c === 0n) throw divisionByZero();
    if (a.c === 0n) return ZERO;
    // Truncating is enough: with a spare digit, the dropped remainder never decides a tie.
    const shift = Math.max(0, PRECISION + 1 + digitCount(b.c) - digitCount(a.c));
    return rounded((a.c * pow10(shift)) / b.c, a.e - b.e - shift);
  }

  /** Truncated remainder, the sign of the dividend (BigInt % does exactly that); exact. */
  function remainder(a, b) {
    if (b.c === 0n) throw divisionByZero();
    const [x, y, e] = aligned(a, b);
    return normal(x % y, e);
  }

  const isWhole = (x) => x.e >= 0;
  const toNumber = (x) => Number(x.c * pow10(x.e)); // only for small whole numbers

  function power(base, exponent) {
    if (!isWhole(exponent)) throw new FormulaError('exponent', 'exponent must be a whole number');
    if (adjusted(exponent) > 2 || Math.abs(toNumber(exponent)) > MAX_EXPONENT) {
      throw new FormulaError('exponent', `exponent out of range (the limit is ${MAX_EXPONENT})`);
    }
    const n = toNumber(exponent);
    if (n === 0) return ONE;
    if (base.c === 0n) {
      if (n < 0) throw divisionByZero();
      return ZERO;
    }
    // |base| lies in [10^a, 10^(a+1)): refuse what must be out of bounds before computing it.
    const a = adjusted(base);
    const low = Math.min(a * n, (a + 1) * n);
    const high = Math.max(a * n, (a + 1) * n);
    if (low > MAX_ADJUSTED + 1) throw tooLarge();
    if (high < MIN_ADJUSTED - 1) throw tooSmall();
    const exact = absBig(base.c) ** BigInt(Math.abs(n));
    // base ** n == coefficient ** n * 10 ** (e * n), for negative n too.
    const result = n > 0 ? rounded(exact, base.e * n) : divide({ c: 1n, e: base.e * n }, { c: exact, e: 0 });
    return checked(base.c < 0n && n % 2 !== 0 ? negate(result) : result);
  }

  /** x * 10^places rounded half-up (away from zero) to a whole BigInt. */
  function scaledHalfUp(x, places) {
    const shift = x.e + places;
    if (shift >= 0) return x.c * pow10(shift);
    const unit = pow10(-shift);
    let q = absBig(x.c) / unit;
    if (2n * (absBig(x.c) % unit) >= unit) q += 1n;
    return x.c < 0n ? -q : q;
  }

  /** round(x, places): half-up to `places` decimals, exact (never more digits than x). */
  function roundPlaces(x, places) {
    if (x.c === 0n || x.e >= -places) return x;
    return normal(scaledHalfUp(x, places), -places);
  }

  function floor(x) {
    if (x.e >= 0) return x;
    const unit = pow10(-x.e);
    const q = x.c / unit;
    return normal(x.c < 0n && x.c % unit !== 0n ? q - 1n : q, 0);
  }

  function ceil(x) {
    if (x.e >= 0) return x;
    const unit = pow10(-x.e);
    const q = x.c / unit;
    return normal(x.c > 0n && x.c % unit !== 0n ? q + 1n : q, 0);
  }

  /** Exact decimal from text such as "1200", "-0.05" or "1.2E+3"; null if it is not one. */
  function parseDecimal(text) {
    const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,6}))?$/.exec(String(text).trim());
    if (!match || (match[2] === '' && !match[3])) return null;
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const c = BigInt((whole || '0') + fraction);
    return rounded(sign === '-' ? -c : c, Number(exponent) - fraction.length);
  }

  /** The exact value as plain text: no exponent, no trailing zeros ("1200", "0.25"). */
  function plain(x) {
    if (x.c === 0n) return '0';
    let digits = absBig(x.c).toString();
    if (x.e >= 0) {
      digits += '0'.repeat(x.e);
    } else {
      const point = digits.length + x.e;
      digits =
        point > 0 ? `${digits.slice(0, point)}.${digits.slice(point)}` : `0.${'0'.repeat(-point)}${digits}`;
    }
    return (x.c < 0n ? '-' : '') + digits;
  }

  // ---- Tokenizer (columns count code points, as Python does) ----
  const isDigit = (ch) => ch >= '0' && ch <= '9';
  const isNameStart = (ch) => (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch === '_';
  const isNamePart = (ch) => isNameStart(ch) || isDigit(ch);
  const OPERATORS = ['**', '<=', '>=', '==', '!=', '-', '+', '*', '/', '%', '<', '>', '(', ')', ','];
  const VALID_NUMBER = /^[0-9]+(?:_[0-9]+)*(?:\.[0-9]+(?:_[0-9]+)*)?$/;

  /** 'x' for printable ASCII, '×' (U+00D7) beyond it, U+0007 for control characters. */
  function describeCharacter(ch) {
    const point = ch.codePointAt(0);
    const code = `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
    if (point >= 0x21 && point <= 0x7e) return `'${ch}'`;
    return point > 0xa0 ? `'${ch}' (${code})` : code;
  }

  function scan(chars, start, accepts) {
    let end = start;
    while (end < chars.length && accepts(chars[end])) end += 1;
    return end;
  }

  function tokenize(source) {
    const chars = Array.from(source);
    const tokens = [];
    let i = 0;
    while (i < chars.length) {
      const ch = chars[i];
      const column = i + 1;
      if (' \t\r\n'.includes(ch)) {
        i += 1;
      } else if (isDigit(ch)) {
        let end = scan(chars, i, (c) => isDigit(c) || c === '_');
        if (
          chars[end] === '.' &&
          end + 1 < chars.length &&
          (isDigit(chars[end + 1]) || chars[end + 1] === '_')
        ) {
          end = scan(chars, end + 1, (c) => isDigit(c) || c === '_');
        }
        const text = chars.slice(i, end).join('');
        if (!VALID_NUMBER.test(text))
          throw new FormulaError('syntax', `malformed number '${text}' at column ${column}`);
        tokens.push({ kind: 'number', text, column });
        i = end;
      } else if (isNameStart(ch)) {
        const end = scan(chars, i, isNamePart);
        tokens.push({ kind: 'name', text: chars.slice(i, end).join(''), column });
        i = end;
      } else {
        const text = OPERATORS.find((op) => chars.slice(i, i + op.length).join('') === op);
        if (!text)
          throw new FormulaError(
            'syntax',
            `unexpected character ${describeCharacter(ch)} at column ${column}`,
          );
        tokens.push({ kind: 'op', text, column });
        i += text.length;
      }
    }
    tokens.push({ kind: 'end', text: '', column: chars.length + 1 });
    return tokens;
  }

  // ---- Parser: the grammar of sitegen/calc/formula.py, producing plain-object nodes ----
  const COMPARISONS = ['<', '<=', '>', '>=', '==', '!='];
  const FUNCTIONS = {
    abs: [1, 1],
    ceil: [1, 1],
    floor: [1, 1],
    if: [3, 3],
    max: [2, null],
    min: [2, null],
    round: [1, 2],
  };

  function parseFormula(source) {
    const length = Array.from(source).length;
    if (length > MAX_LENGTH) {
      throw new FormulaError(
        'too_long',
        `formula too long (${length} characters, the limit is ${MAX_LENGTH})`,
      );
    }
    if (/^[ \t\r\n]*$/.test(source)) throw new FormulaError('syntax', 'empty formula');
    const tokens = tokenize(source);
    let position = 0;
    let depth = 0;

    const peek = () => tokens[position];
    const accept = (...texts) => {
      const token = tokens[position];
      if (token.kind !== 'op' || !texts.includes(token.text)) return null;
      position += 1;
      return token;
    };
    const unexpected = (token) =>
      token.kind === 'end'
        ? new FormulaError('syntax', `unexpected end of formula at column ${token.column}`)
        : new FormulaError('syntax', `unexpected '${token.text}' at column ${token.column}`);
    const nested = (token, parse) => {
      depth += 1;
      if (depth > MAX_DEPTH) {
        throw new FormulaError(
          'too_deep',
          `formula nested too deeply at column ${token.column} (the limit is ${MAX_DEPTH})`,
        );
      }
      const node = parse();
      depth -= 1;
      return node;
    };

    function comparison() {
      const left = additive();
      const operator = accept(...COMPARISONS);
      return operator
        ? { type: 'binary', op: operator.text, left, right: additive(), column: operator.column }
        : left;
    }
    function additive() {
      let node = multiplicative();
      for (let operator; (operator = accept('+', '-'));) {
        node = {
          type: 'binary',
          op: operator.text,
          left: node,
          right: multiplicative(),
          column: operator.column,
        };
      }
      return node;
    }
    function multiplicative() {
      let node = unary();
      for (let operator; (operator = accept('*', '/', '%'));) {
        node = { type: 'binary', op: operator.text, left: node, right: unary(), column: operator.column };
      }
      return node;
    }
    function unary() {
      const minus = accept('-');
      if (!minus) return power();
      return nested(minus, () => ({ type: 'negate', operand: unary(), column: minus.column }));
    }
    function power() {
      const base = primary();
      const operator = accept('**');
      if (!operator) return base;
      return nested(operator, () => ({
        type: 'binary',
        op: '**',
        left: base,
        right: unary(),
        column: operator.column,
      }));
    }
    function primary() {
      const token = tokens[position];
      position += 1;
      if (token.kind === 'number') {
        return { type: 'number', value: parseDecimal(token.text.replace(/_/g, '')), column: token.column };
      }
      if (token.kind === 'name') {
        const opening = accept('(');
        if (!opening) return { type: 'name', name: token.text, column: token.column };
        return nested(opening, () => ({
          type: 'call',
          fn: token.text,
          args: callArguments(),
          column: token.column,
        }));
      }
      if (token.kind === 'op' && token.text === '(') {
        return nested(token, () => {
          const inner = comparison();
          if (!accept(')')) throw unexpected(peek());
          return inner;
        });
      }
      throw unexpected(token);
    }
    function callArguments() {
      if (accept(')')) return [];
      const args = [comparison()];
      while (accept(',')) args.push(comparison());
      if (!accept(')')) throw unexpected(peek());
      return args;
    }

    const tree = comparison();
    if (peek().kind !== 'end') throw unexpected(peek());
    return { source, tree };
  }

  function* walk(node) {
    yield node;
    if (node.type === 'negate') yield* walk(node.operand);
    if (node.type === 'binary') {
      yield* walk(node.left);
      yield* walk(node.right);
    }
    if (node.type === 'call') for (const arg of node.args) yield* walk(arg);
  }

  function checkCall(call) {
    if (!Object.prototype.hasOwnProperty.call(FUNCTIONS, call.fn)) {
      return new FormulaError('unknown_function', `unknown function '${call.fn}'`);
    }
    const [fewest, most] = FUNCTIONS[call.fn];
    const count = call.args.length;
    if (fewest <= count && (most === null || count <= most)) return null;
    const wanted =
      most === null ? `at least ${fewest}` : fewest === most ? `${fewest}` : `${fewest} or ${most}`;
    return new FormulaError(
      'arity',
      `${call.fn}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${count}`,
    );
  }

  /** Static checks: unknown names and functions, wrong arity; every problem, in column order. */
  function checkFormula(formula, known) {
    const problems = [];
    for (const node of walk(formula.tree)) {
      if (node.type === 'name' && !known.has(node.name)) {
        problems.push(new FormulaError('unknown_name', `unknown name '${node.name}'`));
      } else if (node.type === 'call') {
        const problem = checkCall(node);
        if (problem) problems.push(problem);
      }
    }
    return problems;
  }

  // ---- Evaluator ----
  const ARITHMETIC = {
    '+': add,
    '-': (a, b) => add(a, negate(b)),
    '*': multiply,
    '/': divide,
    '%': remainder,
    '**': power,
  };
  const COMPARE = {
    '<': (order) => order < 0,
    '<=': (order) => order <= 0,
    '>': (order) => order > 0,
    '>=': (order) => order >= 0,
    '==': (order) => order === 0,
    '!=': (order) => order !== 0,
  };

  /**
   * The value of a parsed formula. `values` is a Map from name to a decimal or to a failure
   * ({kind, message}); reading a failure fails with kind "dependency" (or "input" when the
   * failure is an invalid input, which only the widget produces).
   */
  function evaluate(formula, values) {
    function value(node) {
      try {
        return checked(compute(node));
      } catch (error) {
        throw error instanceof FormulaError ? error.at(node.column) : error;
      }
    }
    function compute(node) {
      switch (node.type) {
        case 'number':
          return node.value;
        case 'name':
          return lookup(node.name);
        case 'negate':
          return negate(value(node.operand));
        case 'binary': {
          const left = value(node.left);
          const right = value(node.right);
          if (node.op in COMPARE) return COMPARE[node.op](compare(left, right)) ? ONE : ZERO;
          return ARITHMETIC[node.op](left, right);
        }
        default:
          return call(node);
      }
    }
    function lookup(name) {
      if (!values.has(name)) throw new FormulaError('unknown_name', `unknown name '${name}'`);
      const found = values.get(name);
      // An invalid input, or an output that read one.
      if (found.kind === 'input') throw new FormulaError('input', `'${name}' has no valid value`);
      if (found.kind !== undefined) throw new FormulaError('dependency', `'${name}' could not be computed`);
      return found;
    }
    function call(node) {
      const problem = checkCall(node);
      if (problem) throw problem;
      if (node.fn === 'if') {
        // Lazy: only the chosen branch is evaluated.
        const [condition, then, otherwise] = node.args;
        return value(value(condition).c !== 0n ? then : otherwise);
      }
      const args = node.args.map(value);
      const pick = (wanted) => args.reduce((best, x) => (compare(x, best) === wanted ? x : best));
      switch (node.fn) {
        case 'min':
          return pick(-1);
        case 'max':
          return pick(1);
        case 'abs':
          return { c: absBig(args[0].c), e: args[0].e };
        case 'floor':
          return floor(args[0]);
        case 'ceil':
          return ceil(args[0]);
        default: {
          const digits = args.length === 2 ? args[1] : ZERO;
          if (!isWhole(digits) || adjusted(digits) > 1 || Math.abs(toNumber(digits)) > MAX_ROUND_DIGITS) {
            throw new FormulaError(
              'argument',
              `round() digits must be a whole number from -${MAX_ROUND_DIGITS} to ${MAX_ROUND_DIGITS}`,
            );
          }
          return roundPlaces(args[0], toNumber(digits));
        }
      }
    }
    return value(formula.tree);
  }

  const failure = (error) => ({ ok: false, kind: error.kind, message: error.message });

  /**
   * Parse, check and evaluate one formula over inputs given as decimal strings, like Python's
   * evaluate_formula: {ok: true, value: "plain text"} or {ok: false, kind, message}.
   */
  function evaluateFormula(source, inputs) {
    try {
      const formula = parseFormula(source);
      const names = Object.keys(inputs);
      const problems = checkFormula(formula, new Set(names));
      if (problems.length) throw problems[0];
      const values = new Map(names.map((name) => [name, checked(parseDecimal(inputs[name]))]));
      return { ok: true, value: plain(evaluate(formula, values)) };
    } catch (error) {
      if (error instanceof FormulaError) return failure(error);
      throw error;
    }
  }

  /** Evaluate [{name, parsed}] in order, each seeing the earlier ones; name -> value|failure. */
  function evaluateInOrder(outputs, inputs) {
    const values = new Map(inputs);
    const results = new Map();
    for (const output of outputs) {
      let outcome;
      try {
        outcome = evaluate(output.parsed, values);
      } catch (error) {
        if (!(error instanceof FormulaError)) throw error;
        outcome = { kind: error.kind, message: error.message };
      }
      values.set(output.name, outcome);
      results.set(output.name, outcome);
    }
    return results;
  }

  // ---- Formats: the twin of sitegen/calc/format.py ----
  const FORMATS = ['number', 'yen', 'yen_man', 'percent', 'money'];
  const MONEY_DECIMALS = 2; // cents, unless an output sets decimals
  // The units of yen_man, largest first, by power of ten (MAN_UNITS in sitegen/calc/format.py).
  const MAN_UNITS = [
    [20, '垓'],
    [16, '京'],
    [12, '兆'],
    [8, '億'],
    [4, '万'],
  ];
  const grouped = (n) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

  function decimalText(x, places, shift = 0) {
    const scaled = scaledHalfUp(x, places + shift);
    const unit = pow10(places);
    const fraction = (absBig(scaled) % unit).toString().padStart(places, '0').replace(/0+$/, '');
    return (scaled < 0n ? '-' : '') + grouped(absBig(scaled) / unit) + (fraction ? `.${fraction}` : '');
  }

  /** The exact value with its whole part grouped by three, as a field shows it ("1,234.5678"). */
  function groupedPlain(x) {
    const [whole, fraction] = plain({ c: absBig(x.c), e: x.e }).split('.');
    return (x.c < 0n ? '-' : '') + grouped(whole) + (fraction ? `.${fraction}` : '');
  }

  /** "-S$4,275.00": sign, symbol (a space after one that ends with a letter), fixed decimals. */
  function moneyText(x, symbol, places) {
    const scaled = scaledHalfUp(x, places);
    const unit = pow10(places);
    const space = /[A-Za-z]$/.test(symbol) ? ' ' : '';
    const cents = places ? `.${(absBig(scaled) % unit).toString().padStart(places, '0')}` : '';
    return `${scaled < 0n ? '-' : ''}${symbol}${space}${grouped(absBig(scaled) / unit)}${cents}`;
  }

  function manText(yen) {
    if (yen === 0n) return '0';
    let text = '';
    for (const [exponent, name] of MAN_UNITS) {
      const size = pow10(exponent);
      const group = yen / size;
      yen %= size;
      if (group) text += grouped(group) + name;
    }
    return yen ? text + grouped(yen) : text;
  }

  /**
   * `unit` as it follows a number: at once in Japanese ("130,000人"), after a space in English
   * ("130,000 people") but for a sign ("3.5%", "20°C") or the x of a multiple ("2.5x").
   */
  function unitAfterNumber(unit, language) {
    if (!unit || language === 'ja' || unit.toLowerCase() === 'x') return unit;
    return /^[\p{S}\p{P}]/u.test(unit) ? unit : ` ${unit}`;
  }

  /** Format a decimal for readers, exactly as sitegen.calc.format_value does. */
  function formatValue(x, format, unit = '', language = 'ja', decimals = null) {
    if (!FORMATS.includes(format)) throw new Error(`unknown format ${format}`);
    if (format === 'percent') return `${decimalText(x, 2, 2)}%`;
    if (format === 'money') return moneyText(x, unit, decimals === null ? MONEY_DECIMALS : decimals);
    if (format === 'number') {
      return decimalText(x, 2) + unitAfterNumber(unit, language);
    }
    const yen = scaledHalfUp(x, 0);
    const sign = yen < 0n ? '-' : '';
    if (language === 'en') return `${sign}¥${grouped(absBig(yen))}`;
    if (format === 'yen_man') return `${sign}${manText(absBig(yen))}円`;
    return `${sign}${grouped(absBig(yen))}円`;
  }

  // ---- Numbers as readers type them: the twin of sitegen/calc/typed.py (its docstring has the rules) ----
  const MAX_TYPED_LENGTH = 200;
  const SIGNS = { '+': '', '-': '-', '\u2212': '-', '\u30fc': '-', '▲': '-', '△': '-' };
  // The magnitudes of yen_man (a group of four digits each) and the two inside a group.
  const LARGE_UNITS = new Map(MAN_UNITS.map(([exponent, name]) => [name, exponent]));
  const SMALL_UNITS = new Map([
    ['千', 3],
    ['百', 2],
  ]);
  const MAGNITUDES = [...LARGE_UNITS.keys(), ...SMALL_UNITS.keys()].join('');
  // Figures, then a 千 or 百, then a unit of yen_man: each optional but the figures.
  const TERM = new RegExp(
    `([0-9.,]+)([${[...SMALL_UNITS.keys()].join('')}]?)([${[...LARGE_UNITS.keys()].join('')}]?)`,
    'y',
  );
  const LEADING_AMOUNT = /^(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)$/;
  const LATER_AMOUNT = /^(?:[0-9]{1,4}|[0-9],[0-9]{3})$/;
  const MAGNITUDE_PREFIX = new RegExp(`^[${MAGNITUDES}]*`);
  // Units written as a word whose currency sign may also stand before the number: ¥1,000円.
  const WORD_SIGNS = { 円: '¥' };
  // The English magnitudes a number may end with (ENGLISH_MAGNITUDES in sitegen/calc/typed.py).
  const ENGLISH_MAGNITUDES = {
    k: 3,
    thousand: 3,
    m: 6,
    mn: 6,
    million: 6,
    bn: 9,
    billion: 9,
    tn: 12,
    trillion: 12,
  };
  const ENGLISH = new RegExp(
    `^(.*?)(${Object.keys(ENGLISH_MAGNITUDES)
      .sort((a, b) => b.length - a.length)
      .join('|')})$`,
    'i',
  );
  // The full-width currency signs ￠ ￡ ￥ ￦ (the other full-width forms are shifted as a block).
  const HALF_WIDTH_SIGNS = { '\uffe0': '\u00a2', '\uffe1': '\u00a3', '\uffe5': '\u00a5', '\uffe6': '\u20a9' };

  /** Full-width ASCII forms, currency signs and 全角スペース made half-width, spaces removed. */
  const halfWidth = (text) =>
    text
      .replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
      .replace(/[\uffe0\uffe1\uffe5\uffe6]/g, (ch) => HALF_WIDTH_SIGNS[ch])
      .replace(/[ \t\r\n\u3000]+/g, '');

  /** The currency sign ($, €, £, ¥…) that `unit` ends with ("$" for "US$"), or "". */
  const currencySign = (unit) => (/\p{Sc}$/u.test(unit) ? unit.slice(-1) : '');

  /**
   * [typed without the field's unit, whether it had it]: the unit after the number ("5.5S$")
   * or before it, after a sign ("-S$5.5"). A unit that ends with a currency sign may be written
   * as that sign; one of WORD_SIGNS as its sign before the number, also with the unit after it
   * ("¥1,000円").
   */
  function withoutUnit(typed, unit) {
    const spellings = [unit, currencySign(unit), WORD_SIGNS[unit]].filter((spelling) => spelling);
    const after = spellings.find((spelling) => typed.endsWith(spelling)) || '';
    if (after) {
      typed = typed.slice(0, -after.length);
      if (currencySign(after)) return [typed, true]; // never a sign on both sides: $5$
    }
    const sign = SIGNS[typed.slice(0, 1)] === undefined ? '' : typed.slice(0, 1);
    for (const spelling of spellings) {
      if (spelling !== after && typed.startsWith(spelling, sign.length)) {
        return [sign + typed.slice(sign.length + spelling.length), true];
      }
    }
    return [typed, Boolean(after)];
  }

  /**
   * Whether figures after the first fit the `room` (a power of ten) below the magnitude before
   * them: one digit before 千 or 百 (`counted`), at most four otherwise.
   */
  function fits(figures, room, counted) {
    const digits = Math.min(room, counted ? 1 : 4);
    return LATER_AMOUNT.test(figures) && figures.replace(/,/g, '').length <= digits;
  }

  /**
   * {scaled, shift, magnitude}: `typed` (no sign, no unit) is scaled * 10^-shift; magnitude says
   * whether it was written with one. null: no number.
   */
  function figures(typed) {
    const english = ENGLISH.exec(typed);
    if (english) typed = english[1];
    const terms = [];
    let end = 0;
    TERM.lastIndex = 0;
    for (let term; (term = TERM.exec(typed)); end = TERM.lastIndex) terms.push(term);
    // None, or a magnitude without figures or repeated: 万, 13万万.
    if (!terms.length || end !== typed.length) return null;
    // Each term's power of ten: its 千 or 百, and the unit of yen_man that closes its group.
    let exponents = [];
    let group = 0;
    for (const term of [...terms].reverse()) {
      group = term[3] ? LARGE_UNITS.get(term[3]) : term[2] ? group : 0;
      exponents.unshift((SMALL_UNITS.get(term[2]) || 0) + group);
    }
    if (english) {
      if (terms.length > 1 || exponents[0]) return null; // both kinds of magnitude: 1万k
      exponents = [ENGLISH_MAGNITUDES[english[2].toLowerCase()]];
    }
    // Magnitudes out of order: 1万2億, 5百千.
    if (exponents.some((exponent, i) => i > 0 && exponents[i - 1] <= exponent)) return null;
    const leading = terms[0][1];
    if (!LEADING_AMOUNT.test(leading)) return null;
    const later = terms.slice(1);
    if (!later.every((term, i) => fits(term[1], exponents[i] - exponents[i + 1], Boolean(term[2])))) return null;
    // Exact, in units of the leading figures' last decimal; only they may have decimals.
    const [whole, fraction = ''] = leading.replace(/,/g, '').split('.');
    let scaled = BigInt(whole + fraction) * pow10(exponents[0]);
    later.forEach((term, i) => {
      scaled += BigInt(term[1].replace(/,/g, '')) * pow10(exponents[i + 1] + fraction.length);
    });
    const magnitude = Boolean(english) || terms.length > 1 || exponents[0] > 0;
    return { scaled, shift: fraction.length, magnitude };
  }

  /** [the Japanese magnitude a field's unit starts with, its power of ten]: ["万", 4] for 万円. */
  function fieldMagnitude(unit) {
    const prefix = MAGNITUDE_PREFIX.exec(unit)[0];
    const read = prefix ? figures(`1${prefix}`) : null;
    return read ? [prefix, read.scaled.toString().length - 1] : ['', 0];
  }

  /**
   * The number a reader typed ("13万", "１，０００", "−5", "1億2,000万円", "US$1.3m"), exact;
   * null when the text is not one. `unit` is the field's own unit, which may end or begin it.
   */
  function parseTyped(text, unit = '') {
    const own = halfWidth(unit);
    const [prefix, scale] = fieldMagnitude(own); // a field in 万円 counts in 10^4 yen
    const [unitless, marked] = withoutUnit(halfWidth(text), own.slice(prefix.length));
    let typed = unitless;
    const sign = SIGNS[typed.slice(0, 1)];
    if (sign !== undefined) typed = typed.slice(1);
    if (typed.length > MAX_TYPED_LENGTH) return null;
    const read = figures(typed);
    if (read === null) return null;
    // An amount in yen, in a field in 万円.
    const shift = read.shift + (read.magnitude || marked ? scale : 0);
    return rounded(sign === '-' ? -read.scaled : read.scaled, -shift);
  }

  // ---- The widget ----
  const DASH = '—';
  const INPUT_FAILURE = { kind: 'input', message: 'invalid input' };

  /** Read one number field: {value} or {problem: message key, params}. */
  function readNumber(element, spec, language) {
    if (element.value.trim() === '') return { problem: 'calc_input_empty' };
    const value = parseTyped(element.value, spec.unit);
    if (value === null) return { problem: 'calc_input_not_number' };
    if (!withinBounds(value)) return { problem: 'calc_input_out_of_range' };
    const shown = (text) => formatValue(parseDecimal(text), 'number', '', language);
    if (spec.min !== null && compare(value, parseDecimal(spec.min)) < 0) {
      return { problem: 'calc_input_below_min', params: { min: shown(spec.min) } };
    }
    if (spec.max !== null && compare(value, parseDecimal(spec.max)) > 0) {
      return { problem: 'calc_input_above_max', params: { max: shown(spec.max) } };
    }
    return { value };
  }

  /**
   * ArrowUp / ArrowDown on a number field, which is a text field: a value outside min..max
   * moves to the nearest bound, else one `step` (1 when the calculator gives none) up or down,
   * stopping at min and max. Text that is no number is left alone; an empty field counts from 0.
   */
  function stepped(field, direction) {
    const text = field.element.value;
    const current = text.trim() === '' ? ZERO : parseTyped(text, field.spec.unit);
    if (current === null || !withinBounds(current)) return null;
    const low = field.spec.min === null ? null : parseDecimal(field.spec.min);
    const high = field.spec.max === null ? null : parseDecimal(field.spec.max);
    const within = (x) =>
      low !== null && compare(x, low) < 0 ? low : high !== null && compare(x, high) > 0 ? high : x;
    const inside = within(current);
    if (compare(inside, current) !== 0) return inside;
    const step = parseDecimal(field.spec.step);
    return within(add(current, direction > 0 ? step : negate(step)));
  }

  /** Whether `x` lies within the magnitude bounds every value must keep (below 10^24). */
  function withinBounds(x) {
    try {
      checked(x);
      return true;
    } catch (error) {
      return false;
    }
  }

  function message(spec, key, params = {}) {
    const text = spec.messages[key] || key;
    return text.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? params[name] : whole));
  }

  function initAll(root) {
    root.querySelectorAll('[data-calculator]').forEach(init);
  }

  /** Start one widget: restore inputs from the URL, compute, and follow every change. */
  function init(section) {
    if (section.dataset.calculatorReady) return;
    section.dataset.calculatorReady = 'true';
    const spec = JSON.parse(section.querySelector('script.calculator-spec').textContent);
    const outputs = spec.outputs.map((output) => ({ ...output, parsed: parseFormula(output.formula) }));
    const fields = spec.inputs.map((input) => ({
      spec: input,
      element: section.querySelector(`[data-input="${input.name}"]`),
      message: section.querySelector(`[data-message-for="${input.name}"]`),
      key: `${section.id}.${input.name}`,
    }));

    // Values from the address (a shared scenario), as if the reader had typed them: a number
    // the widget would not accept (mistyped, beyond its limits) stays in its field with its
    // message, so the reader sees what the link asked for; an option a choice lacks leaves
    // the default. The address then keeps only what was accepted (see rememberInUrl).
    const params = new URLSearchParams(window.location.search);
    for (const field of fields) {
      const saved = params.get(field.key);
      if (saved === null) continue;
      if (field.spec.type === 'choice') {
        if (field.spec.options.includes(saved)) field.element.value = saved;
        continue;
      }
      field.element.value = saved;
      if (!readNumber(field.element, field.spec, spec.lang).problem) {
        showNumber(field, parseTyped(saved, field.spec.unit));
      }
    }

    let announce = () => {}; // set once the widget shows its first results, below
    const update = () => {
      recompute(section, spec, fields, outputs);
      rememberInUrl(fields, spec);
      announce();
    };
    section.addEventListener('input', update);
    section.addEventListener('change', update);
    section.addEventListener('keydown', (event) => {
      const field = fields.find((item) => item.element === event.target && item.spec.type === 'number');
      const direction = { ArrowUp: 1, ArrowDown: -1 }[event.key];
      // While an input method composes (「まん」 → 万), the arrows choose among its candidates.
      if (!field || !direction || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      const next = stepped(field, direction);
      if (next === null) return;
      showNumber(field, next);
      update();
    });
    // What the reader typed stays as typed while they type (the caret stays put); once they
    // leave the field, a number written in figures alone shows as the field shows its
    // default: 1300000000 as 1,300,000,000. One written with a magnitude (13万, 1億2,000万,
    // 1.3 billion) reads well as it is and stays, and so does one the field refuses (its
    // message says why; regrouped, a number too long would show other digits). Nothing is
    // recomputed: the number is the same.
    section.addEventListener('focusout', (event) => {
      const field = fields.find((item) => item.element === event.target && item.spec.type === 'number');
      if (!field || MAGNITUDE_WRITTEN.test(field.element.value)) return;
      const read = readNumber(field.element, field.spec, spec.lang);
      if (read.problem) return;
      showNumber(field, read.value);
      announceValue(field);
    });
    const reset = section.querySelector('[data-calculator-reset]');
    if (reset) {
      reset.hidden = false;
      reset.addEventListener('click', () => {
        for (const field of fields) {
          if (field.spec.type === 'number') showNumber(field, parseDecimal(field.spec.value));
          else field.element.value = field.spec.value;
        }
        update();
      });
    }
    // Without the script the fields cannot be changed (the results would not follow them).
    for (const field of fields) {
      field.element.readOnly = false;
      field.element.disabled = false;
    }
    recompute(section, spec, fields, outputs);
    if (fields.some((field) => params.has(field.key))) rememberInUrl(fields, spec);
    announce = announceResults(section, spec); // from now on, what changes is said
  }

  // A magnitude written in a field: Japanese units, or English ones after a figure.
  const MAGNITUDE_WRITTEN = /[万億兆京垓千百]|[0-9０-９]\s*(?:k|thousand|mn?|million|bn|billion|tn|trillion)(?![a-z])/i;

  /** Put a number in a field as the page shows its default: grouped by three (1,300,000). */
  function showNumber(field, number) {
    field.element.value = groupedPlain(number);
  }

  /**
   * Tell assistive technology the value of a number field, which is a text field with the role
   * of a spin button: aria-valuenow the number it holds ("13万" is 130000), aria-valuetext the
   * text as shown. Without aria-valuenow Chromium announces a spin button's value as 0, so text
   * that is no number has none (aria-invalid says why) and is announced as typed.
   * recompute calls it, so it follows typing, pasting, the arrows, reset and the URL alike.
   */
  function announceValue(field) {
    const text = field.element.value;
    const number = parseTyped(text, field.spec.unit);
    if (number === null) field.element.removeAttribute('aria-valuenow');
    else field.element.setAttribute('aria-valuenow', plain(number));
    field.element.setAttribute('aria-valuetext', text);
  }

  /** How long the reader pauses before the results are said: typing 130000 says them once. */
  const ANNOUNCE_AFTER_MS = 700;

  /**
   * A function that, called after each change, says the results that changed since they were
   * last said ("支払総額: 1億7,740万円"), once the changes pause, in the widget's one polite
   * live region. The results themselves are no live regions: a screen reader would read every
   * one of them again at each keystroke.
   */
  function announceResults(section, spec) {
    const region = section.querySelector('[data-calculator-announce]');
    const said = new Map(spec.outputs.map((output) => [output.name, shownResult(section, output.name)]));
    let timer = null;
    return () => {
      if (!region) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const changed = [];
        for (const output of spec.outputs) {
          const shown = shownResult(section, output.name);
          if (shown === said.get(output.name)) continue;
          said.set(output.name, shown);
          const label = section.querySelector(`[data-result-for="${output.name}"] dt`);
          changed.push(`${label ? label.textContent : output.name}: ${shown}`);
        }
        if (changed.length) region.textContent = changed.join(spec.lang === 'ja' ? '、' : ', ');
      }, ANNOUNCE_AFTER_MS);
    };
  }

  /** A result as the page shows it: its value, or why it cannot be computed. */
  function shownResult(section, name) {
    const error = section.querySelector(`[data-error-for="${name}"]`);
    return (error && error.textContent) || section.querySelector(`[data-output="${name}"]`).textContent;
  }

  function recompute(section, spec, fields, outputs) {
    const values = new Map();
    for (const field of fields) {
      const read =
        field.spec.type === 'choice'
          ? { value: parseDecimal(field.element.value) || INPUT_FAILURE }
          : readNumber(field.element, field.spec, spec.lang);
      const problem = read.problem ? message(spec, read.problem, read.params) : '';
      if (field.message) showText(field.message, problem);
      field.element.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (field.spec.type === 'number') announceValue(field);
      values.set(field.spec.name, problem ? INPUT_FAILURE : read.value);
    }
    for (const [name, outcome] of evaluateInOrder(outputs, values)) {
      const output = outputs.find((item) => item.name === name);
      const failed = outcome.kind !== undefined;
      showText(
        section.querySelector(`[data-output="${name}"]`),
        failed ? DASH : formatValue(outcome, output.format, output.unit, spec.lang, output.decimals),
      );
      // The row's look follows the result: greyed while it cannot be computed.
      const row = section.querySelector(`[data-result-for="${name}"]`);
      if (row) row.classList.toggle('calculator-failed', failed);
      const error = section.querySelector(`[data-error-for="${name}"]`);
      const key = `calc_error_${outcome.kind}`;
      if (error) showText(error, failed ? message(spec, key in spec.messages ? key : 'calc_error_other') : '');
    }
  }

  /**
   * Put `text` in `element` only when it changes: writing the same text again is a change all
   * the same, which a live region (a field's message) would have a screen reader say again.
   */
  function showText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  /**
   * Keep non-default inputs in the query string (?widget.input=value), defaults out of it, as
   * numbers: 「13万」 is kept as 130000. A value the field refuses (abc, one below its min) is
   * left out too, so a shared link or a reload never holds what the widget would not take: it
   * shows the default there.
   */
  function rememberInUrl(fields, spec) {
    const url = new URL(window.location.href);
    for (const field of fields) {
      const read =
        field.spec.type === 'number'
          ? readNumber(field.element, field.spec, spec.lang)
          : { value: parseDecimal(field.element.value) };
      const saved = read.value ? plain(read.value) : field.spec.value;
      if (saved === field.spec.value) url.searchParams.delete(field.key);
      else url.searchParams.set(field.key, saved);
    }
    try {
      window.history.replaceState(window.history.state, '', url.toString());
    } catch (error) {
      // Some browsers refuse to rewrite file:// URLs; the widget still works without it.
    }
  }

  return {
    PRECISION,
    FormulaError,
    tokenize,
    parseFormula,
    checkFormula,
    evaluate,
    evaluateFormula,
    evaluateInOrder,
    parseDecimal,
    parseTyped,
    plain,
    groupedPlain,
    formatValue,
    initAll,
    init,
  };
});
