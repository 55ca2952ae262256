// Test helper: runs a batch of requests through the browser evaluator under node.
// stdin: a JSON array of {formula, inputs} (evaluate), {outputs, inputs} (evaluate in order),
// {value, format, unit, decimals, lang} (format), {value, field: true} (a field's text) or
// {typed, unit} (read what a reader typed);
// stdout: a JSON array of answers, in the same order, shaped like Python's.
'use strict';
const path = require('path');
const calc = require(path.join(__dirname, '..', '..', 'theme', 'static', 'js', 'calculator.js'));

// {outputs: [[name, formula]], inputs: {name: "decimal" or null for an invalid input}}
function evaluateOutputs(request) {
  const inputs = Object.entries(request.inputs).map(([name, text]) => [
    name,
    text === null ? { kind: 'input', message: 'invalid input' } : calc.parseDecimal(text),
  ]);
  const outputs = request.outputs.map(([name, formula]) => ({ name, parsed: calc.parseFormula(formula) }));
  const results = {};
  for (const [name, outcome] of calc.evaluateInOrder(outputs, inputs)) {
    results[name] = outcome.kind === undefined ? { value: calc.plain(outcome) } : outcome;
  }
  return results;
}

function answer(request) {
  if ('typed' in request) {
    const value = calc.parseTyped(request.typed, request.unit);
    return { value: value === null ? null : calc.plain(value) };
  }
  if ('outputs' in request) return evaluateOutputs(request);
  if ('formula' in request) return calc.evaluateFormula(request.formula, request.inputs || {});
  const value = calc.parseDecimal(request.value);
  if ('field' in request) return { text: calc.groupedPlain(value) };
  const shown = calc.formatValue(value, request.format, request.unit || '', request.lang || 'ja', request.decimals ?? null);
  return { text: shown };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(answer))));
