#!/usr/bin/env node
// Microseconds per validate() for a typical request, against ajv validating the same request
// with a JSON Schema (the schemas in ../schemas/ are generated from the rules).
//
//   node bench/validate.mjs [SCHEMA] [--operation ID] [--request FILE] [--iterations N]
//
// Defaults: the Huawei pool schema and the seed 002 example request. When no schema file exists,
// ajv is skipped with a message and only lblint is measured.
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import init, { validate } from '../index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const [v] = args.splice(i, 2).slice(1);
  return v;
};
const operation = opt('--operation', 'huaweicloud.elb.v3.CreateMasterSlavePool');
const requestFile = opt('--request', join(ROOT, 'examples', 'requests',
  operation.startsWith('aliyun') ? 'aliyun-seed-001.json' : operation.endsWith('CreateMember') ? 'huawei-member-seed-004.json' : 'huawei-pool-seed-002.json'));
const iterations = Number(opt('--iterations', 20000));
const schemaFile = args[0] ?? join(ROOT, 'schemas', `${operation}.schema.json`);

const text = readFileSync(requestFile, 'utf8');
const value = JSON.parse(text);

function time(label, fn) {
  for (let i = 0; i < Math.min(2000, iterations); i += 1) fn(); // warm up
  const runs = [];
  for (let r = 0; r < 5; r += 1) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) fn();
    runs.push(Number(process.hrtime.bigint() - t0) / 1000 / iterations);
  }
  runs.sort((a, b) => a - b);
  const median = runs[2];
  console.log(`${label.padEnd(52)} ${median.toFixed(2).padStart(8)} µs/call  (median of 5 × ${iterations})`);
  return median;
}

await init();
const findings = validate(operation, text).diagnostics;
console.log(`request: ${basename(requestFile)} (${text.length} bytes), operation ${operation}, ${findings.length} findings`);
console.log(`node ${process.version}, ${process.arch}`);
const results = {};
results.text = time('lblint validate(op, JSON string)', () => validate(operation, text));
results.value = time('lblint validate(op, object)', () => validate(operation, value));
results.parse = time('JSON.parse of the same text (for scale)', () => JSON.parse(text));

if (!existsSync(schemaFile)) {
  console.log(`ajv: skipped: no schema at ${schemaFile} (pass a schema path as the first argument)`);
} else {
  let Ajv;
  try {
    ({ default: Ajv } = await import('ajv/dist/2020.js'));
  } catch {
    console.log('ajv: skipped: the ajv package is not installed (npm --prefix pkg install)');
  }
  if (Ajv) {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
    const check = ajv.compile(schema);
    const ok = check(value);
    console.log(`ajv: schema ${basename(schemaFile)}; the request is ${ok ? 'valid' : `invalid (${check.errors.length} errors)`} for it`);
    results.ajv = time('ajv compiled schema, validate(object)', () => check(value));
    results.ajvText = time('ajv compiled schema, validate(JSON.parse(text))', () => check(JSON.parse(text)));
  }
}
if (process.env.LBLINT_BENCH_JSON) console.log(JSON.stringify(results));
