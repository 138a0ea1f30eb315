#!/usr/bin/env node
// lblint against ajv in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core),
// through the demo page, on the same request:
//
// - per call: on the demo page (pkg/demo, served on loopback as `npm run demo` does, the package
//   loaded by the page itself), µs per validate() with the request as an object and as a JSON
//   string, against ajv's compiled validator for the same schema checking the object and
//   JSON.parse(text). Interleaved rounds, the median round counts (as bench/validate.mjs).
// - cold start: each sample in a new browser context (its own renderer and caches; the server
//   sends no-store, so neither the .wasm nor its compiled code is cached), on a blank page of the
//   same origin, timed with performance.now() from before the dynamic import to the first result.
//   lblint: import + init() (fetch, compile, instantiate) + first validate(). ajv twice:
//   "standalone", the validator ajv generates for the schema ahead of time (ajv/dist/standalone,
//   run here in Node), loaded as one ES module: what a site that ships a compiled schema pays;
//   and "import + compile", ajv itself loaded in the page and compiling the schema there, as in
//   the Node bench.
//
// ajv is CommonJS and the package has no bundler; a few lines below (bundle()) wrap the modules
// that ajv/dist/2020.js requires (or the standalone validator requires) into one ES module, each
// in a function scope with its own `require`, which is all a bundler would do for them.
//
//   node bench/browser.mjs [SCHEMA] [--operation ID] [--request FILE] [--rounds R] [--cold N]
//                          [--fresh-browser] [--json]
//
// --fresh-browser launches a new browser for every cold sample instead of a new context (slower;
// for checking that contexts share nothing that matters). A benchmark: it never fails on a timing.
// LBLINT_CHROMIUM overrides the browser path.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire, builtinModules } from 'node:module';
import { join, dirname, basename, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../demo/serve.mjs';

const PKG = join(dirname(fileURLToPath(import.meta.url)), '..');
const ROOT = join(PKG, '..');
const CHROMIUM = process.env.LBLINT_CHROMIUM || '/usr/bin/chromium';
const args = process.argv.slice(2);
const flag = (name) => {
  const i = args.indexOf(name);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const [v] = args.splice(i, 2).slice(1);
  return v;
};
const operation = opt('--operation', 'huaweicloud.elb.v3.CreateMasterSlavePool');
const requestFile = opt('--request', join(ROOT, 'examples', 'requests',
  operation.startsWith('aliyun') ? 'aliyun-seed-001.json' : operation.endsWith('CreateMember') ? 'huawei-member-seed-004.json' : 'huawei-pool-seed-002.json'));
const rounds = Number(opt('--rounds', 9));
const coldSamples = Number(opt('--cold', 15));
const freshBrowser = flag('--fresh-browser');
const asJson = flag('--json');
const schemaFile = args[0] ?? join(ROOT, 'schemas', `${operation}.schema.json`);
const log = asJson ? () => {} : (s = '') => console.log(s);

if (!existsSync(CHROMIUM)) {
  console.error(`no browser at ${CHROMIUM} (apt-get install -y chromium, or set LBLINT_CHROMIUM)`);
  process.exit(1);
}
if (!existsSync(join(PKG, 'lblint_bg.wasm'))) {
  console.error('the package is not built: npm --prefix pkg run build');
  process.exit(1);
}
const text = readFileSync(requestFile, 'utf8');
const schema = JSON.parse(readFileSync(schemaFile, 'utf8'));
const ajvOptions = { allErrors: true, strict: false, validateFormats: false };

// ---- ajv for the browser ----------------------------------------------------------------------
/**
 * One ES module from CommonJS modules: the entry (a file, or `source` standing for it) and every
 * module it requires, found by their literal require("...") calls and resolved as Node would.
 * A require that does not resolve to a file is kept as an error thrown when it is called.
 */
function bundle(entry, source) {
  const ids = new Map();
  const defs = [];
  const add = (file, code) => {
    if (ids.has(file)) return ids.get(file);
    const id = defs.length;
    ids.set(file, id);
    defs.push(null);
    code ??= readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      defs[id] = `[function (module) { module.exports = ${code}; }, {}]`;
      return id;
    }
    const resolve = createRequire(file).resolve;
    const deps = {};
    for (const [, spec] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      if (Object.hasOwn(deps, spec)) continue;
      let path = null;
      try { path = resolve(spec); } catch { /* not installed: an error if it is ever required */ }
      deps[spec] = path && isAbsolute(path) && !builtinModules.includes(spec) ? add(path) : -1;
    }
    defs[id] = `[function (module, exports, require) {\n${code}\n}, ${JSON.stringify(deps)}]`;
    return id;
  };
  add(entry, source);
  return `// Generated by pkg/bench/browser.mjs from ${basename(entry)} and the modules it requires.
const defs = [\n${defs.join(',\n')}\n];
const cache = [];
function load(id) {
  if (cache[id]) return cache[id].exports;
  const module = (cache[id] = { exports: {} });
  const [define, deps] = defs[id];
  define.call(module.exports, module, module.exports, (spec) => {
    if (!(deps[spec] >= 0)) throw new Error(spec + ' is not in this bundle');
    return load(deps[spec]);
  });
  return module.exports;
}
export default load(0);
`;
}

const require = createRequire(join(PKG, 'package.json'));
const { default: Ajv } = require('ajv/dist/2020');
const { default: standaloneCode } = require('ajv/dist/standalone');
const ahead = new Ajv({ ...ajvOptions, code: { source: true } });
const standalone = standaloneCode(ahead, ahead.compile(schema));
const js = 'text/javascript; charset=utf-8';
const extra = {
  '/bench/blank.html': { type: 'text/html; charset=utf-8', body: '<!doctype html><meta charset="utf-8"><title>lblint cold start</title><link rel="icon" href="data:,">' },
  // The standalone validator requires ajv's runtime helpers (ucs2length): they are bundled in.
  '/bench/ajv-standalone.mjs': { type: js, body: bundle(join(PKG, 'bench', 'ajv-standalone.cjs'), standalone) },
  '/bench/ajv.mjs': { type: js, body: bundle(require.resolve('ajv/dist/2020')) },
};

// ---- the browser ------------------------------------------------------------------------------
const { chromium } = await import('playwright-core');
const { server, url } = await serve({ port: 0, extra });
const origin = new URL(url).origin;
const launchArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const launch = () => chromium.launch({ executablePath: CHROMIUM, headless: true, args: launchArgs });
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const results = { operation, request: { file: basename(requestFile), bytes: Buffer.byteLength(text) }, schema: basename(schemaFile) };
let browser = await launch();
results.browser = `Chromium ${browser.version()} (headless)`;

try {
  // ---- per call, on the demo page -------------------------------------------------------------
  const context = await browser.newContext();
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  const demo = `${url}?op=${encodeURIComponent(operation)}`;
  await page.goto(demo);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30000 });
  const samples = await page.evaluate(async ({ operation, text, rounds }) => {
    // The page's own instance of the package (demo.js imported it from the same URL).
    const lblint = await import('/index.js');
    const { default: check } = await import('/bench/ajv-standalone.mjs');
    const value = JSON.parse(text);
    const loop = (fn) => (n) => { for (let i = 0; i < n; i += 1) fn(); };
    const part = (request, name) => (n) => { lblint.validate(operation, request); lblint.__benchValidate(n, name); };
    const cases = {
      lblintText: loop(() => lblint.validate(operation, text)),
      engineText: part(text, 'engine'),
      lblintObject: loop(() => lblint.validate(operation, value)),
      engineObject: part(value, 'engine'),
      ajvObject: loop(() => check(value)),
      ajvText: loop(() => check(JSON.parse(text))),
    };
    // A build from before the hook is measured without the engine's own time.
    if (typeof lblint.__benchValidate !== 'function') {
      delete cases.engineText;
      delete cases.engineObject;
    }
    const time = (run, n) => { const t0 = performance.now(); run(n); return ((performance.now() - t0) * 1000) / n; };
    const batch = {};
    for (const [name, run] of Object.entries(cases)) {
      run(50);
      let n = 1;
      while (time(run, n) * n < 20_000) n *= 4;
      batch[name] = Math.max(1, Math.round(100_000 / time(run, n)));
    }
    const out = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    for (let r = 0; r < rounds; r += 1) for (const [name, run] of Object.entries(cases)) out[name].push(time(run, batch[name]));
    out.findings = lblint.validate(operation, text).diagnostics.length;
    out.ajvValid = check(value);
    return out;
  }, { operation, text, rounds });
  await context.close();
  if (pageErrors.length) throw new Error(`errors on the demo page: ${pageErrors.join('; ')}`);
  const us = (k) => median(samples[k]);
  results.request.findings = samples.findings;
  results.ajvVerdict = samples.ajvValid ? 'valid' : 'invalid';
  results.perCall = {
    unit: 'µs',
    rounds,
    page: demo.replace(origin, ''),
    lblintText: us('lblintText'),
    lblintObject: us('lblintObject'),
    ajvObject: us('ajvObject'),
    ajvText: us('ajvText'),
    engineText: samples.engineText ? us('engineText') : null,
    engineObject: samples.engineObject ? us('engineObject') : null,
  };
  results.perCall.ratioObject = results.perCall.lblintObject / results.perCall.ajvObject;
  results.perCall.ratioText = results.perCall.lblintText / results.perCall.ajvText;

  // ---- cold start -----------------------------------------------------------------------------
  const kinds = ['lblint', 'ajvStandalone', 'ajvCompile'];
  const runs = Object.fromEntries(kinds.map((k) => [k, []]));
  const coldOnce = async (kind) => {
    if (freshBrowser) {
      await browser.close();
      browser = await launch();
    }
    const ctx = await browser.newContext();
    try {
      const p = await ctx.newPage();
      await p.goto(`${origin}/bench/blank.html`);
      return await p.evaluate(async ({ kind, operation, text, schema, ajvOptions }) => {
        const value = JSON.parse(text);
        const t0 = performance.now();
        let t1;
        let t2;
        let result;
        if (kind === 'lblint') {
          const lblint = await import('/index.js');
          t1 = performance.now();
          await lblint.init();
          t2 = performance.now();
          result = lblint.validate(operation, value).diagnostics.length;
        } else if (kind === 'ajvStandalone') {
          const { default: check } = await import('/bench/ajv-standalone.mjs');
          t1 = t2 = performance.now();
          result = check(value) ? 0 : check.errors.length;
        } else {
          const { default: Ajv } = await import('/bench/ajv.mjs');
          t1 = performance.now();
          const check = new Ajv(ajvOptions).compile(schema);
          t2 = performance.now();
          result = check(value) ? 0 : check.errors.length;
        }
        const t3 = performance.now();
        return { total: t3 - t0, import: t1 - t0, init: t2 - t1, first: t3 - t2, result };
      }, { kind, operation, text, schema, ajvOptions });
    } finally {
      await ctx.close();
    }
  };
  if (coldSamples > 0) {
    for (const kind of kinds) await coldOnce(kind); // the browser's own first-use costs, discarded
    for (let i = 0; i < coldSamples; i += 1) {
      for (let k = 0; k < kinds.length; k += 1) {
        const kind = kinds[(i + k) % kinds.length];
        runs[kind].push(await coldOnce(kind));
      }
    }
    const summary = (xs) => Object.fromEntries(['total', 'import', 'init', 'first'].map((k) => [k, median(xs.map((x) => x[k]))]));
    results.cold = { unit: 'ms', samples: coldSamples, isolation: freshBrowser ? 'a new browser per sample' : 'a new context per sample' };
    for (const k of kinds) results.cold[k] = summary(runs[k]);
    results.cold.ratioStandalone = results.cold.lblint.total / results.cold.ajvStandalone.total;
    results.cold.ratioCompile = results.cold.lblint.total / results.cold.ajvCompile.total;
  }
} finally {
  await browser.close();
  server.close();
}

// ---- report -----------------------------------------------------------------------------------
const f = (x, d = 2) => (x === null || x === undefined ? '–' : x.toFixed(d));
const ratio = (x) => `${x.toFixed(x < 10 ? 2 : 1)}x`;
const pc = results.perCall;
log(`${results.browser}; request ${results.request.file} (${results.request.bytes} bytes, ${results.request.findings} findings), ${operation}`);
log(`ajv: ${results.schema} compiled ahead of time (ajv/dist/standalone), the request is ${results.ajvVerdict} for it`);
log();
log(`per call on the demo page ${pc.page}, µs (median of ${rounds} rounds)`);
log('                                             lblint       ajv    lblint/ajv   lblint engine');
log(`  request as an object                    ${f(pc.lblintObject).padStart(9)} ${f(pc.ajvObject).padStart(9)}  ${ratio(pc.ratioObject).padStart(10)}  ${f(pc.engineObject).padStart(12)}`);
log(`  request as a JSON string (ajv: parse)   ${f(pc.lblintText).padStart(9)} ${f(pc.ajvText).padStart(9)}  ${ratio(pc.ratioText).padStart(10)}  ${f(pc.engineText).padStart(12)}`);
if (results.cold) {
  const c = results.cold;
  log();
  log(`cold start, ms (median of ${c.samples}, ${c.isolation})`);
  log('                                     lblint   ajv standalone   ajv import+compile');
  for (const [k, label] of [['total', 'import to first result'], ['import', '  import'], ['init', '  init() / compile(schema)'], ['first', '  first validate() / check()']]) {
    log(`  ${label.padEnd(30)} ${f(c.lblint[k], 1).padStart(8)} ${f(c.ajvStandalone[k], 1).padStart(16)} ${f(c.ajvCompile[k], 1).padStart(20)}`);
  }
  log(`  lblint/ajv                              ${ratio(c.ratioStandalone).padStart(16)} ${ratio(c.ratioCompile).padStart(20)}`);
}
if (asJson) console.log(JSON.stringify(results, null, 2));
else if (process.env.LBLINT_BENCH_JSON) console.log(JSON.stringify(results));
