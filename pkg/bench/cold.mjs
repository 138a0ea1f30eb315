#!/usr/bin/env node
// One cold-start sample, run by validate.mjs in a fresh Node process per sample:
//
//   node bench/cold.mjs lblint|ajv REQUEST_FILE [OPERATION SCHEMA_FILE]
//
// Reads the request (and the schema) and parses them first, then measures with performance.now()
// from before the dynamic import to after the first result: for lblint import + init() + the first
// validate(); for ajv import + new Ajv() + compile(schema) + the first check. Both validate the
// request as an object. Prints one JSON line: {total, import, init, first} in ms, and the result.
import { readFileSync } from 'node:fs';

const [which, requestFile, operation, schemaFile] = process.argv.slice(2);
const request = JSON.parse(readFileSync(requestFile, 'utf8'));
const schema = which === 'ajv' ? JSON.parse(readFileSync(schemaFile, 'utf8')) : null;

const t0 = performance.now();
let t1;
let t2;
let result;
if (which === 'lblint') {
  const lblint = await import('../index.js');
  t1 = performance.now();
  await lblint.init();
  t2 = performance.now();
  result = lblint.validate(operation, request).diagnostics.length;
} else if (which === 'ajv') {
  const { default: Ajv } = await import('ajv/dist/2020.js');
  t1 = performance.now();
  const check = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  t2 = performance.now();
  result = check(request) ? 0 : check.errors.length;
} else {
  throw new Error(`usage: cold.mjs lblint|ajv REQUEST_FILE [OPERATION SCHEMA_FILE] (got ${which})`);
}
const t3 = performance.now();
console.log(JSON.stringify({ which, total: t3 - t0, import: t1 - t0, init: t2 - t1, first: t3 - t2, result }));
