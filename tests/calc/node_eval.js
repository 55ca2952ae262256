// Test helper: runs a batch of requests through the browser evaluator under node.
// stdin: a JSON array of {formula, inputs} (evaluate) or {value, format, unit, lang} (format);
// stdout: a JSON array of answers, in the same order, shaped like Python's.
'use strict';
const path = require('path');
const calc = require(path.join(__dirname, '..', '..', 'theme', 'static', 'js', 'calculator.js'));

function answer(request) {
  if ('formula' in request) return calc.evaluateFormula(request.formula, request.inputs || {});
  const value = calc.parseDecimal(request.value);
  return { text: calc.formatValue(value, request.format, request.unit || '', request.lang || 'ja') };
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(answer))));
