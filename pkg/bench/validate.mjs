#!/usr/bin/env node
// lblint against ajv in Node, in one run, on the same request:
//
// - per call: µs per validate() with the request as a JSON string and as an object, against ajv
//   with a compiled schema (../schemas/, generated from the rules) checking the object, and
//   checking JSON.parse(text) (what a string costs ajv). Every case runs in each of R rounds,
//   interleaved, so that load on a shared machine hits them alike; the median round counts.
// - where the time of one validate() goes: the request into the module (a string's UTF-8 copy;
//   an object's walk into a tape), the engine and the answer's encoding (both timed inside the
//   module), decoding the answer into objects (the walk and these three with __benchValidate),
//   and the rest (by difference), each timed in short blocks alternating with whole calls.
// - cold start: a fresh Node process per sample (bench/cold.mjs), timed from before the dynamic
//   import to the first result: import + init() + first validate() against import ajv +
//   compile(schema) + first check. Median of N samples each, alternating.
//
//   node bench/validate.mjs [SCHEMA] [--operation ID] [--request FILE] [--rounds R]
//                           [--iterations N] [--cold N] [--json]
//
// Defaults: the Huawei pool schema, the seed 002 example request, 15 rounds of ~50 ms per case,
// 15 cold samples each (--cold 0 skips them). --json prints one JSON document instead of the
// tables (LBLINT_BENCH_JSON=1 appends it to them). A benchmark: it never fails on a timing.
import { readFileSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { PKG, ROOT, commandLine } from './args.mjs';
import { spawnSync } from 'node:child_process';
import * as lblint from '../index.js';

const { args, flag, opt, operation, requestFile } = commandLine();
const rounds = Number(opt('--rounds', 15));
const fixedIterations = opt('--iterations', null);
const coldSamples = Number(opt('--cold', 15));
const asJson = flag('--json');
const schemaFile = args[0] ?? join(ROOT, 'schemas', `${operation}.schema.json`);

const text = readFileSync(requestFile, 'utf8');
const value = JSON.parse(text);
const log = asJson ? () => {} : (s = '') => console.log(s);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { validate, __benchValidate } = lblint;
await lblint.init();
// A build from before the hook (lblint < this bench) is measured without the breakdown.
const parts = typeof __benchValidate === 'function';
const findings = validate(operation, text).diagnostics.length;
const results = {
  node: process.version,
  arch: process.arch,
  operation,
  request: { file: basename(requestFile), bytes: Buffer.byteLength(text), findings },
};

// ---- ajv --------------------------------------------------------------------------------------
let check = null;
if (!existsSync(schemaFile)) {
  log(`ajv: skipped: no schema at ${schemaFile} (pass a schema path as the first argument)`);
} else {
  try {
    const { default: Ajv } = await import('ajv/dist/2020.js');
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
    check = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
    results.ajvVerdict = check(value) ? 'valid' : `invalid (${check.errors.length} errors)`;
    results.schema = basename(schemaFile);
  } catch (e) {
    log(`ajv: skipped: ${e.code === 'ERR_MODULE_NOT_FOUND' ? 'the ajv package is not installed (npm --prefix pkg install)' : e.message}`);
  }
}

// ---- per call ---------------------------------------------------------------------------------
// Each case is a function that runs n calls; each round runs every case for ~50 ms.
const loop = (fn) => (n) => { for (let i = 0; i < n; i += 1) fn(); };
const cases = {
  lblintText: loop(() => validate(operation, text)),
  lblintObject: loop(() => validate(operation, value)),
  jsonParse: loop(() => JSON.parse(text)),
};
if (check) {
  cases.ajvObject = loop(() => check(value));
  cases.ajvText = loop(() => check(JSON.parse(text)));
}
const timeBatch = (run, n) => {
  const t0 = process.hrtime.bigint();
  run(n);
  return Number(process.hrtime.bigint() - t0) / 1000 / n;
};
/** Calls per batch so that one batch takes about `ms`, after a warm-up. */
const calibrate = (run, ms) => {
  run(50);
  let n = 1;
  let t = timeBatch(run, n);
  while (t * n < 20_000) { n *= 4; t = timeBatch(run, n); }
  return Math.max(1, Math.round((ms * 1000) / t));
};
const batch = Object.fromEntries(Object.entries(cases).map(([k, run]) => [k, fixedIterations ? Number(fixedIterations) : calibrate(run, 50)]));
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let r = 0; r < rounds; r += 1) {
  for (const [name, run] of Object.entries(cases)) samples[name].push(timeBatch(run, batch[name]));
}
const us = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
results.perCall = {
  unit: 'µs',
  rounds,
  lblintText: us.lblintText,
  lblintObject: us.lblintObject,
  ajvObject: us.ajvObject ?? null,
  ajvText: us.ajvText ?? null,
  jsonParse: us.jsonParse,
  ratioObject: check ? us.lblintObject / us.ajvObject : null,
  ratioText: check ? us.lblintText / us.ajvText : null,
};

// ---- where the time goes --------------------------------------------------------------------
// One call and each of its parts, alternated in blocks of a few ms, so that each block of the
// call and the blocks of its parts next to it meet the same load (on a shared machine, timing
// them seconds apart and subtracting gives noise). The parts timed inside the module repeat the
// last validate() of the block before them (__benchValidate). Per part: the median over blocks.
// The boundary is what the four parts outside the engine add up to; the engine and the rest
// (argument checks, calls) is the call minus them, block by block. The engine is also timed
// alone, repeating inside the module, as a check: it comes out within a few µs of that (above
// or below: its caches and allocator are warmer, but it runs as one long call).
const encoder = new TextEncoder();
const scratch = new Uint8Array(4 * text.length + 1024);
const breakdown = (request) => {
  const inModule = (name) => (n) => __benchValidate(n, name, request);
  const steps = {
    total: loop(() => validate(operation, request)),
    input: typeof request === 'string' ? loop(() => encoder.encodeInto(request, scratch)) : inModule('tape'),
    answer: inModule('answer'),
    decode: inModule('decode'),
    engine: inModule('engine'),
  };
  validate(operation, request);
  const n = Object.fromEntries(Object.entries(steps).map(([k, run]) => [k, calibrate(run, 3)]));
  validate(operation, request);
  const blocks = Object.fromEntries(Object.keys(steps).map((k) => [k, []]));
  for (let b = 0; b < 12 * rounds; b += 1) {
    for (const [k, run] of Object.entries(steps)) blocks[k].push(timeBatch(run, n[k]));
  }
  const out = {};
  for (const k of Object.keys(steps)) if (k !== 'total') out[k] = median(blocks[k]);
  const boundary = ['input', 'answer', 'decode'];
  const sum = (b) => boundary.reduce((acc, k) => acc + blocks[k][b], 0);
  out.boundary = median(blocks.total.map((_, b) => sum(b)));
  out.engineAndRest = median(blocks.total.map((t, b) => t - sum(b)));
  out.total = median(blocks.total);
  return out;
};
results.breakdown = !parts ? null : { unit: 'µs', text: breakdown(text), object: breakdown(value) };

const f = (x, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
const ratio = (x) => (x === null || x === undefined ? '–' : `${x.toFixed(x < 10 ? 2 : 1)}x`);
log(`request: ${results.request.file} (${results.request.bytes} bytes), operation ${operation}, ${findings} findings`);
log(`node ${process.version}, ${process.arch}${check ? `; ajv: ${results.schema}, the request is ${results.ajvVerdict} for it` : ''}`);
log();
log(`per call, µs (median of ${rounds} interleaved rounds)   lblint       ajv    lblint/ajv`);
log(`  request as an object                          ${f(us.lblintObject).padStart(9)} ${f(us.ajvObject).padStart(9)}  ${ratio(results.perCall.ratioObject).padStart(10)}`);
log(`  request as a JSON string (ajv: JSON.parse)    ${f(us.lblintText).padStart(9)} ${f(us.ajvText).padStart(9)}  ${ratio(results.perCall.ratioText).padStart(10)}`);
log(`  (JSON.parse of the text alone: ${f(us.jsonParse)} µs)`);
log();
const b = results.breakdown;
if (!b) log('(no breakdown: this build of the package has no __benchValidate)');
else {
  log('where one validate() goes, µs (paired blocks)    string    object');
  for (const [key, label] of [
    ['input', 'JS: into the module (encodeInto / tape)'],
    ['answer', 'wasm: encoding the answer'],
    ['decode', 'JS: decoding the answer into objects'],
    ['boundary', 'boundary: the three above'],
    ['engineAndRest', 'engine and the rest: the call minus those'],
    ['engine', '  (the engine timed alone in the module)'],
    ['total', 'total'],
  ]) log(`  ${label.padEnd(44)} ${f(b.text[key]).padStart(8)} ${f(b.object[key]).padStart(9)}`);
}

// ---- cold start -------------------------------------------------------------------------------
if (coldSamples > 0) {
  const child = join(PKG, 'bench', 'cold.mjs');
  const runs = { lblint: [], ajv: [] };
  const kinds = check ? ['lblint', 'ajv'] : ['lblint'];
  for (let i = 0; i < coldSamples; i += 1) {
    for (const which of (i % 2 ? [...kinds].reverse() : kinds)) {
      const r = spawnSync(process.execPath, [child, which, requestFile, operation, schemaFile], { cwd: PKG, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`bench/cold.mjs ${which} failed: ${r.stderr}`);
      runs[which].push(JSON.parse(r.stdout.trim().split('\n').pop()));
    }
  }
  const summary = (xs) => xs.length === 0 ? null : Object.fromEntries(['total', 'import', 'init', 'first'].map((k) => [k, median(xs.map((x) => x[k]))]));
  results.cold = { unit: 'ms', samples: coldSamples, lblint: summary(runs.lblint), ajv: summary(runs.ajv) };
  results.cold.ratio = check ? results.cold.lblint.total / results.cold.ajv.total : null;
  const c = results.cold;
  log();
  log(`cold start, ms (median of ${coldSamples} fresh processes each)   lblint       ajv    lblint/ajv`);
  log(`  import + init/compile + first result          ${f(c.lblint.total, 1).padStart(9)} ${f(c.ajv?.total, 1).padStart(9)}  ${ratio(c.ratio).padStart(10)}`);
  log(`    import                                      ${f(c.lblint.import, 1).padStart(9)} ${f(c.ajv?.import, 1).padStart(9)}`);
  log(`    init() / new Ajv + compile(schema)          ${f(c.lblint.init, 1).padStart(9)} ${f(c.ajv?.init, 1).padStart(9)}`);
  log(`    first validate() / check()                  ${f(c.lblint.first, 1).padStart(9)} ${f(c.ajv?.first, 1).padStart(9)}`);
}

// ---- the issue's targets (reported, never enforced) --------------------------------------------
if (check) {
  const pc = results.perCall;
  results.targets = {
    perCallUnder20us: Math.max(pc.lblintText, pc.lblintObject) < 20,
    atMost10xAjv: pc.ratioObject <= 10,
    atMost3xAjv: pc.ratioObject <= 3,
    coldNoSlowerThanAjv: results.cold ? results.cold.ratio <= 1 : null,
  };
  const t = results.targets;
  const yes = (v) => (v === null ? 'not measured' : v ? 'met' : 'NOT met');
  log();
  log(`targets: per call < 20 µs: ${yes(t.perCallUnder20us)}; ≤ 10x ajv: ${yes(t.atMost10xAjv)} (≤ 3x: ${yes(t.atMost3xAjv)}); cold start ≤ ajv: ${yes(t.coldNoSlowerThanAjv)}`);
}

if (asJson) console.log(JSON.stringify(results, null, 2));
else if (process.env.LBLINT_BENCH_JSON) console.log(JSON.stringify(results));
