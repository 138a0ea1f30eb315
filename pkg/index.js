// lblint for JavaScript: the Rust engine compiled to WebAssembly, with a small glue that owns the
// JS-facing types. Everything crosses the boundary as one JSON string each way.
//
// Traps: the module is built with panic = "abort", so a Rust panic (a bug) is a wasm trap. Any
// exception that escapes the module fails that one call with an LblintError of kind "internal",
// and the module is re-instantiated from the already-compiled WebAssembly.Module before the next
// call: no input leaves the package dead.
import * as bg from './lblint_bg.js';

/** The error thrown for a wrong call (unknown operation, invalid context or edition) or a trap. */
export class LblintError extends Error {
  constructor(kind, message) {
    super(message);
    this.name = 'LblintError';
    /** "operation" | "context" | "edition" | "argument" | "internal" | "init" */
    this.kind = kind;
  }
}

const WASM_URL = new URL('./lblint_bg.wasm', import.meta.url);
// Memory only grows in wasm; past this, the instance is replaced by a fresh one after the call.
const MEMORY_CEILING = 64 * 1024 * 1024;

let compiled = null;
let current = null;
let initPromise = null;
let operationIds = [];
let restarts = 0;

async function compileFrom(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return WebAssembly.compile(source);
  }
  if (typeof Response !== 'undefined' && source instanceof Response) {
    return compileResponse(source);
  }
  const url = source === undefined ? WASM_URL : new URL(String(source), import.meta.url);
  if (url.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    return WebAssembly.compile(await readFile(fileURLToPath(url)));
  }
  return compileResponse(await fetch(url));
}

async function compileResponse(response) {
  if (!response.ok) {
    throw new LblintError('init', `cannot load ${response.url || 'the .wasm'}: HTTP ${response.status}`);
  }
  const type = response.headers.get('content-type') || '';
  if (typeof WebAssembly.compileStreaming === 'function' && type.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

function instantiate() {
  if (current) {
    // Detach the old memory's buffer so the views that lblint_bg.js caches are rebuilt over
    // the new instance's memory (growing by 0 pages detaches it, per the JS API).
    try { current.memory.grow(0); } catch { /* already unusable */ }
  }
  const imports = {};
  for (const { module } of WebAssembly.Module.imports(compiled)) imports[module] = bg;
  const instance = new WebAssembly.Instance(compiled, imports);
  bg.__wbg_set_wasm(instance.exports);
  if (typeof instance.exports.__wbindgen_start === 'function') instance.exports.__wbindgen_start();
  current = instance.exports;
}

/**
 * Loads and compiles the module. Call (and await) once before the other functions; later calls
 * return the same promise. In Node it reads lblint_bg.wasm next to this file; in a browser it
 * fetches it relative to this module. `source` overrides where the .wasm comes from.
 */
export function init(source) {
  if (!initPromise) {
    initPromise = (async () => {
      compiled = await compileFrom(source);
      instantiate();
      operationIds = unwrap(call(() => bg.operations())).map((o) => o.id);
    })();
    initPromise.catch(() => { initPromise = null; });
  }
  return initPromise;
}
export default init;

function call(fn) {
  if (!current) {
    throw new LblintError('init', 'lblint is not initialised: await init() first');
  }
  let out;
  try {
    out = fn();
  } catch (e) {
    restarts += 1;
    instantiate();
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new LblintError('internal', `lblint failed inside the WebAssembly module (${what}); ` +
      'the module was restarted and the next call will work. Please report this input.');
  }
  if (current.memory.buffer.byteLength > MEMORY_CEILING) instantiate();
  return out;
}

function unwrap(text) {
  const envelope = JSON.parse(text);
  if (envelope.error) throw new LblintError(envelope.error.kind, envelope.error.message);
  return envelope.ok;
}

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v;
}

/**
 * Validates one request. `request` is a JSON string (diagnostics then carry line and column) or
 * a value (they do not). Problems with the request are diagnostics, never exceptions; a wrong
 * operation, context or options object throws an LblintError.
 */
export function validate(operation, request, context, options) {
  if (!current) throw new LblintError('init', 'lblint is not initialised: await init() first');
  let op = '';
  if (operation !== null && operation !== undefined) {
    if (typeof operation !== 'string' || operation === '') {
      throw new LblintError('operation',
        `the operation must be an operation id (got ${typeof operation === 'string' ? 'an empty string' : describe(operation)}), ` +
        `or null to infer it from the request; valid operations: ${operationIds.join(', ')}`);
    }
    op = operation;
  }
  let form = 0;
  let text;
  if (typeof request === 'string') {
    text = request;
  } else {
    form = 1;
    try {
      text = JSON.stringify(request);
      if (text === undefined) text = 'null';
    } catch (e) {
      form = 2;
      text = `the request cannot be serialised to JSON (${e instanceof Error ? e.message : String(e)})`;
    }
  }
  let ctx = '';
  if (context !== null && context !== undefined) {
    if (typeof context === 'string') {
      ctx = context;
    } else {
      try {
        ctx = JSON.stringify(context) ?? '';
      } catch (e) {
        throw new LblintError('context', `invalid context: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (ctx === '') throw new LblintError('context', `invalid context: expected an object, got ${describe(context)}`);
    }
  }
  let edition = '';
  if (options !== null && options !== undefined) {
    if (typeof options !== 'object' || Array.isArray(options)) {
      throw new LblintError('argument', `options must be an object such as {edition: "2024-03-14"}, got ${describe(options)}`);
    }
    for (const key of Object.keys(options)) {
      if (key !== 'edition') throw new LblintError('argument', `unknown option \`${key}\`; the only option is \`edition\``);
    }
    if (options.edition !== undefined && options.edition !== null) {
      if (typeof options.edition !== 'string') {
        throw new LblintError('edition', `the edition must be a string, got ${describe(options.edition)}`);
      }
      edition = options.edition;
      if (edition === '') throw new LblintError('edition', 'the edition must not be empty');
    }
  }
  const report = unwrap(call(() => bg.validate(op, text, form, ctx, edition)));
  return { operation: report.operation, diagnostics: report.diagnostics };
}

/** The rule catalogue: `{rules, builtins, known_codes}` (as `lblint rules --format json`). */
export function rules() {
  return unwrap(call(() => bg.rules()));
}

/** The operations lblint knows: `[{id, provider, title}]`. */
export function operations() {
  return unwrap(call(() => bg.operations()));
}

/** How many times the module was re-instantiated after a trap (for monitoring and tests). */
export function restartCount() {
  return restarts;
}

/** For the package's own tests: makes the module panic (a trap) inside one call. */
export function __selfTestPanic() {
  return call(() => bg.__selfTestPanic());
}
