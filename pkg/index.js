// lblint for JavaScript: the Rust engine compiled to WebAssembly, with a small glue that owns the
// JS-facing types.
//
// The boundary (src/wasm.rs documents the format): a request is written as UTF-8 straight into an
// input buffer the module keeps between calls (TextEncoder.encodeInto: one copy, no allocation);
// a request object is walked into the same buffer as a tape (src/wasm/tape.rs), with no
// JSON.stringify and no JSON parse in the module; the operation goes as a number. The answer is a few u32 words plus one UTF-8 text that holds
// the report's strings: a clean report is three words read and nothing to decode, and a report
// with diagnostics is one TextDecoder call and a slice per string, never a JSON.parse. Codes and
// rule ids come once per instance, then by number. A context and edition the same as the last
// call's are not sent again: the module kept them parsed.
//
// Traps: the module is built with panic = "abort", so a Rust panic (a bug) is a wasm trap. Any
// exception that escapes the module fails that one call with an LblintError of kind "internal",
// and the module is re-instantiated from the already-compiled WebAssembly.Module before the next
// call: no input leaves the package dead.
// wasm-bindgen's glue for the exports (lblint_bg.js), loaded by init() beside the .wasm.
let bg = null;

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
// The input buffer's usual length, and past what length it is given back after a call.
const INPUT_USUAL = 16 * 1024;
const INPUT_KEEP = 1024 * 1024;
const SEVERITIES = ['error', 'warning', 'info'];
const ERROR_KINDS = ['operation', 'context', 'edition', 'internal'];
// The answer's layout (src/wasm.rs, `Answer`).
const HEADER_WORDS = 6;
const DIAGNOSTIC_WORDS = 10;
const STRING_INTERNED = 0;
const STRING_NEW = 1;
const FLAG_HELP = 1 << 2;
const FLAG_LINE = 1 << 3;
const FLAG_COLUMN = 1 << 4;
const FORM_SAME_OPTIONS = 1 << 4;
const FORM_VALUE = 1;
const FORM_UNSERIALIZABLE = 2;
const FORM_TAPE = 3;
// The tape (src/wasm/tape.rs): its tags, the nesting past which a value goes to JSON.stringify
// instead (the module refuses more than 128, as serde_json does), and the most bytes a tape may
// take before the value goes to JSON.stringify (which then decides, as it did before tapes).
const TAPE_NULL = 0;
const TAPE_FALSE = 1;
const TAPE_TRUE = 2;
const TAPE_STRING = 3;
const TAPE_NUMBER = 4;
const TAPE_ARRAY = 5;
const TAPE_OBJECT = 6;
const TAPE_MAX_DEPTH = 100;
const TAPE_MAX_BYTES = 64 * 1024 * 1024;
const wellFormed = typeof String.prototype.isWellFormed === 'function'
  ? (s) => s.isWellFormed()
  : () => false;

const encoder = new TextEncoder();
let decoder = new TextDecoder('utf-8', { ignoreBOM: true });
let decodedBytes = 0;

let compiled = null;
let current = null;
let initPromise = null;
let operationIds = [];
let operationIndex = new Map();
let restarts = 0;
// Views over the instance's memory (growing it detaches them: then they are rebuilt), the input
// buffer (address, length, a view of it) and the codes and rule ids the instance sent so far.
let bytes = null;
let words = null;
let dataView = null;
let inputAddress = 0;
let inputLength = 0;
let inputView = null;
let interned = [];
// The context and edition (as sent) whose parsed options the module kept from the last call
// (null: none kept).
let keptCtx = null;
let keptEdition = null;
// The arguments and the answer's address of the last validateInput call, for __benchValidate.
const last = [-1, 0, 0, 0, 0, 0, 0];

async function compileFrom(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return WebAssembly.compile(source);
  }
  // Only an object can be a Response. In Node the first touch of the global `Response` loads
  // its fetch implementation (~30 ms, most of a cold start), so the default path never does.
  if (source !== null && typeof source === 'object' && !(source instanceof URL) &&
      typeof Response !== 'undefined' && source instanceof Response) {
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
  interned = [];
  keptCtx = null;
  reserve(INPUT_USUAL);
}

function views() {
  bytes = new Uint8Array(current.memory.buffer);
  words = new Uint32Array(current.memory.buffer);
  dataView = new DataView(current.memory.buffer);
  inputView = bytes.subarray(inputAddress, inputAddress + inputLength);
}

/** Makes the input buffer `length` bytes long (its content is kept). */
function reserve(length) {
  inputAddress = bg.inputBuffer(length);
  inputLength = length;
  views();
}

/** Writes `text` as UTF-8 into the input buffer at byte `at`, growing it; answers the bytes written. */
function put(text, at) {
  // UTF-8 takes at least one byte per UTF-16 unit, so this much room is needed in any case.
  if (at + text.length > inputLength) reserve(Math.max(at + text.length, 2 * inputLength));
  let { read, written } = encoder.encodeInto(text, at === 0 ? inputView : bytes.subarray(inputAddress + at, inputAddress + inputLength));
  while (read < text.length) {
    // Non-ASCII text that did not fit: room for the worst case (3 bytes a unit) of the rest.
    const end = at + written;
    reserve(Math.max(end + 3 * (text.length - read), 2 * inputLength));
    const more = encoder.encodeInto(text.slice(read), bytes.subarray(inputAddress + end, inputAddress + inputLength));
    read += more.read;
    written += more.written;
  }
  return written;
}

// ---- the tape ------------------------------------------------------------------------------
// A JS value is written into the input buffer as a tape (src/wasm/tape.rs documents the layout)
// by a walk over it, instead of JSON.stringify and a JSON parse in the module. The walk writes
// only what JSON.stringify writes the same way: plain objects (their own enumerable string keys,
// in the same order, members that are undefined, functions or symbols skipped), arrays (those
// elements as null), strings without lone surrogates, numbers, booleans, null. For anything
// else it answers -1 and the value goes through JSON.stringify, as before. A getter runs once per
// walk, so again when a walk starts over on a larger buffer or gives the value to JSON.stringify
// (JSON.stringify alone ran it once).
let tapeAt = 0;
let tapeEnd = 0;
// The bytes the walk stopped for when the buffer was too short (0: it did not stop for room).
let tapeWanted = 0;

/** Writes `value` as a tape at byte `at` of the input buffer; answers its length, or -1. */
function writeTape(value, at) {
  // Someone gave Object.prototype an enumerable property: for...in would visit it.
  for (const inherited in Object.prototype) return -1;
  for (;;) {
    tapeAt = inputAddress + at;
    tapeEnd = inputAddress + inputLength;
    tapeWanted = 0;
    let done;
    try {
      done = tapeValue(value, 0);
    } catch {
      // A getter or a proxy threw: JSON.stringify meets the same and reports it.
      return -1;
    }
    if (done) return tapeAt - inputAddress - at;
    if (tapeWanted === 0) return -1;
    const length = Math.max(tapeAt - inputAddress + tapeWanted, 2 * inputLength);
    if (length > TAPE_MAX_BYTES) return -1;
    reserve(length);
  }
}

function tapeRoom(n) {
  tapeWanted = n;
  return false;
}

function tapeValue(v, depth) {
  switch (typeof v) {
    case 'string':
      if (tapeAt + 1 > tapeEnd) return tapeRoom(1);
      bytes[tapeAt++] = TAPE_STRING;
      return tapeString(v);
    case 'number':
      if (tapeAt + 9 > tapeEnd) return tapeRoom(9);
      bytes[tapeAt] = TAPE_NUMBER;
      dataView.setFloat64(tapeAt + 1, v, true);
      tapeAt += 9;
      return true;
    case 'boolean':
      if (tapeAt + 1 > tapeEnd) return tapeRoom(1);
      bytes[tapeAt++] = v ? TAPE_TRUE : TAPE_FALSE;
      return true;
    case 'object':
      if (v === null) {
        if (tapeAt + 1 > tapeEnd) return tapeRoom(1);
        bytes[tapeAt++] = TAPE_NULL;
        return true;
      }
      if (depth >= TAPE_MAX_DEPTH || typeof v.toJSON === 'function') return false;
      if (tapeAt + 5 > tapeEnd) return tapeRoom(5);
      if (Array.isArray(v)) {
        const n = v.length;
        bytes[tapeAt] = TAPE_ARRAY;
        dataView.setUint32(tapeAt + 1, n, true);
        tapeAt += 5;
        for (let i = 0; i < n; i += 1) {
          const e = v[i];
          const t = typeof e;
          if (t === 'undefined' || t === 'function' || t === 'symbol') {
            if (tapeAt + 1 > tapeEnd) return tapeRoom(1);
            bytes[tapeAt++] = TAPE_NULL;
          } else if (!tapeValue(e, depth + 1)) {
            return false;
          }
        }
        return true;
      }
      {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== null) return false;
        bytes[tapeAt] = TAPE_OBJECT;
        const countAt = tapeAt + 1;
        tapeAt += 5;
        let count = 0;
        // for...in visits the own enumerable string keys in JSON.stringify's order, and nothing
        // inherited: writeTape checked that Object.prototype has no enumerable property.
        for (const key in v) {
          const e = v[key];
          const t = typeof e;
          if (t === 'undefined' || t === 'function' || t === 'symbol') continue;
          if (!tapeString(key) || !tapeValue(e, depth + 1)) return false;
          count += 1;
        }
        dataView.setUint32(countAt, count, true);
        return true;
      }
    default:
      // undefined, a function or a symbol at the top, or a BigInt anywhere.
      return false;
  }
}

/** A string's UTF-8 length and bytes. */
function tapeString(s) {
  const n = s.length;
  // UTF-8 takes at most three bytes per UTF-16 unit.
  if (tapeAt + 4 + 3 * n > tapeEnd) return tapeRoom(4 + 3 * n);
  const start = tapeAt + 4;
  let i = 0;
  for (; i < n; i += 1) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) break;
    bytes[start + i] = c;
  }
  let length = i;
  if (i < n) {
    // JSON.stringify writes a lone surrogate as an escape, which the module refuses as
    // serde_json does; encodeInto would write U+FFFD instead.
    if (!wellFormed(s)) return false;
    length += encoder.encodeInto(i === 0 ? s : s.slice(i), bytes.subarray(start + i, tapeEnd)).written;
  }
  dataView.setUint32(tapeAt, length, true);
  tapeAt = start + length;
  return true;
}

/** Validates in the module; answers the report, or the LblintError of a wrong call (not thrown). */
function run(opCode, opName, request, form, ctx, edition) {
  if (bytes.byteLength === 0) views();
  const opLength = opName === '' ? 0 : put(opName, 0);
  let requestLength = -1;
  if (form === FORM_VALUE) {
    requestLength = writeTape(request, opLength);
    if (requestLength >= 0) {
      form = FORM_TAPE;
    } else {
      try {
        request = JSON.stringify(request);
        if (request === undefined) request = 'null';
      } catch (e) {
        form = FORM_UNSERIALIZABLE;
        request = `the request cannot be serialised to JSON (${e instanceof Error ? e.message : String(e)})`;
      }
    }
  }
  if (requestLength < 0) requestLength = put(request, opLength);
  let ctxLength = 0;
  let editionLength = 0;
  // The same context and edition as the last call: the module parses them once, not per call.
  if (keptCtx === ctx && keptEdition === edition) {
    form |= FORM_SAME_OPTIONS;
  } else {
    if (ctx !== '') ctxLength = put(ctx, opLength + requestLength);
    if (edition !== '') editionLength = put(edition, opLength + requestLength + ctxLength);
  }
  const address = bg.validateInput(opCode, opLength, requestLength, form, ctxLength, editionLength, 0);
  last[0] = opCode; last[1] = opLength; last[2] = requestLength; last[3] = form; last[4] = ctxLength; last[5] = editionLength;
  last[6] = address;
  if (bytes.byteLength === 0) views();
  if (words[(address >>> 2) + 5] === 1) {
    keptCtx = ctx;
    keptEdition = edition;
  } else {
    keptCtx = null;
  }
  const answer = read(address);
  if (inputLength > INPUT_KEEP) reserve(INPUT_USUAL);
  return answer;
}

/**
 * Decodes an answer (src/wasm.rs, `Answer`) at `address`. `replay` (for __benchValidate) reads
 * an answer a second time: the strings it introduced are in the table already.
 */
function read(address, replay = false) {
  const w = words;
  let i = address >>> 2;
  const op = w[i + 1];
  const n = w[i + 2];
  if (w[i] === 0 && n === 0) return { operation: op === 0 ? null : operationIds[op - 1], diagnostics: [] };
  const start = w[i + 3];
  const length = w[i + 4];
  const text = length === 0 ? '' : decode(bytes.subarray(start, start + length));
  if (w[i] !== 0) return new LblintError(ERROR_KINDS[op] ?? 'internal', text);
  const diagnostics = [];
  let at = 0;
  for (i += HEADER_WORDS; diagnostics.length < n; i += DIAGNOSTIC_WORDS) {
    let code;
    if (w[i] === STRING_INTERNED) code = interned[w[i + 1]];
    else {
      code = text.slice(at, at += w[i + 1]);
      if (w[i] === STRING_NEW && !replay) interned.push(code);
    }
    let rule;
    if (w[i + 2] === STRING_INTERNED) rule = interned[w[i + 3]];
    else {
      rule = text.slice(at, at += w[i + 3]);
      if (w[i + 2] === STRING_NEW && !replay) interned.push(rule);
    }
    const flags = w[i + 4];
    const d = {
      code,
      rule,
      severity: SEVERITIES[flags & 3],
      path: text.slice(at, at += w[i + 5]),
      message: text.slice(at, at += w[i + 6]),
    };
    if (flags & FLAG_HELP) d.help = text.slice(at, at += w[i + 7]);
    if (flags & FLAG_LINE) d.line = w[i + 8];
    if (flags & FLAG_COLUMN) d.column = w[i + 9];
    diagnostics.push(d);
  }
  return { operation: op === 0 ? null : operationIds[op - 1], diagnostics };
}

// TextDecoder, renewed every 2 GB decoded (Safari's stops working past that, as wasm-bindgen notes).
function decode(view) {
  decodedBytes += view.length;
  if (decodedBytes > 2_000_000_000) {
    decoder = new TextDecoder('utf-8', { ignoreBOM: true });
    decodedBytes = view.length;
  }
  return decoder.decode(view);
}

/**
 * Loads and compiles the module. Call (and await) once before the other functions; later calls
 * return the same promise. In Node it reads lblint_bg.wasm next to this file; in a browser it
 * fetches it relative to this module. `source` overrides where the .wasm comes from.
 */
export function init(source) {
  if (!initPromise) {
    initPromise = (async () => {
      // The glue and the .wasm load side by side: in a browser, two fetches at once instead of
      // one after the other (a static import would fetch the glue before init() could start).
      [bg, compiled] = await Promise.all([import('./lblint_bg.js'), compileFrom(source)]);
      instantiate();
      operationIds = unwrap(call(() => bg.operations())).map((o) => o.id);
      operationIndex = new Map(operationIds.map((id, i) => [id, i + 1]));
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
  let opCode = 0;
  let opName = '';
  if (operation !== null && operation !== undefined) {
    if (typeof operation !== 'string' || operation === '') {
      throw new LblintError('operation',
        `the operation must be an operation id (got ${typeof operation === 'string' ? 'an empty string' : describe(operation)}), ` +
        `or null to infer it from the request; valid operations: ${operationIds.join(', ')}`);
    }
    opCode = operationIndex.get(operation) ?? 0;
    // An id the module does not know goes as text, for the module's own error message.
    if (opCode === 0) opName = operation;
  }
  // A string is JSON text; any other value is written as a tape or, failing that, serialised
  // (in run()).
  const form = typeof request === 'string' ? 0 : FORM_VALUE;
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
  const answer = call(() => run(opCode, opName, request, form, ctx, edition));
  if (answer instanceof LblintError) throw answer;
  return answer;
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

/**
 * For pkg/bench only (not part of the API): repeats one part of the last validate() call `times`
 * times, so that the bench can tell the engine's time from the boundary's: "engine" (the module's
 * work on the same input, without encoding the answer), "answer" (encoding the answer), "decode"
 * (the glue reading the answer into objects) or "tape" (walking `value`, the last call's request
 * object, into the input buffer again). Call it right after validate().
 */
export function __benchValidate(times, part, value) {
  if (last[0] < 0) throw new LblintError('argument', 'call validate() first');
  if (!['engine', 'answer', 'decode', 'tape'].includes(part)) throw new LblintError('argument', `unknown part ${part}`);
  if (part === 'tape' && (last[3] & ~FORM_SAME_OPTIONS) !== FORM_TAPE) throw new LblintError('argument', 'the last call sent no tape');
  return call(() => {
    if (part === 'tape') {
      // The same bytes again, where the last call wrote them.
      for (let i = 0; i < times; i += 1) writeTape(value, last[1]);
      return;
    }
    if (part === 'decode') {
      for (let i = 0; i < times; i += 1) read(last[6], true);
      return;
    }
    const address = bg.validateInput(last[0], last[1], last[2], last[3], last[4], last[5], 2 * times + (part === 'engine' ? 0 : 1));
    if (bytes.byteLength === 0) views();
    // The new answer is read once, as validate() would: the table of strings stays in step.
    read(last[6] = address);
  });
}

/**
 * For the package's own tests (not part of the API): how the last validate() sent its request:
 * "text" (a string), "tape" (a value, walked), "json" (a value through JSON.stringify) or
 * "unserializable".
 */
export function __lastForm() {
  return ['text', 'json', 'unserializable', 'tape'][last[3] & ~FORM_SAME_OPTIONS];
}

/** For the package's own tests: makes the module panic (a trap) inside one call. */
export function __selfTestPanic() {
  return call(() => bg.__selfTestPanic());
}
