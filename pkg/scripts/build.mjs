#!/usr/bin/env node
// Builds the npm package: the crate for wasm32-unknown-unknown (profile `wasm-release`, feature
// `wasm` only), then wasm-bindgen at the version pinned in Cargo.toml, then wasm-opt when it is
// installed. Writes pkg/lblint_bg.wasm and pkg/lblint_bg.js, and prints the sizes.
//
//   node scripts/build.mjs            (or: npm --prefix pkg run build)
//   LBLINT_NO_WASM_OPT=1 ...          skips wasm-opt even when it is installed
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync, renameSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkg = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(pkg);
const say = (s) => console.log(`[lblint build] ${s}`);

function run(cmd, args, opts = {}) {
  say(`${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    console.error(`[lblint build] ${cmd} exited with ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function which(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' });
  return r.error ? null : (r.stdout || '').trim();
}

// 1. The pinned wasm-bindgen version: the CLI must match the crate exactly.
const cargoToml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
const pin = cargoToml.match(/^wasm-bindgen\s*=\s*\{[^}]*version\s*=\s*"=([0-9][^"]*)"/m);
if (!pin) {
  console.error('[lblint build] Cargo.toml does not pin wasm-bindgen with "=X.Y.Z"');
  process.exit(1);
}
const version = pin[1];
const have = which('wasm-bindgen');
if (have !== `wasm-bindgen ${version}`) {
  say(`wasm-bindgen ${version} is needed (found: ${have ?? 'none'}); installing it`);
  // Without --locked: a locked dependency can be newer than the registry's copy here.
  run('cargo', ['install', 'wasm-bindgen-cli', '--version', version]);
}

// 2. The wasm32 target and the crate. `cargo rustc --crate-type cdylib` keeps Cargo.toml's
// [lib] an rlib, so native builds and tests do not also link a cdylib.
const installed = spawnSync('rustup', ['target', 'list', '--installed'], { encoding: 'utf8' });
if (!installed.error && !installed.stdout.split('\n').includes('wasm32-unknown-unknown')) {
  run('rustup', ['target', 'add', 'wasm32-unknown-unknown']);
}
// `-inline-threshold=30` lets LLVM inline small functions that opt-level "z" leaves as calls (its
// own threshold is 5), for the lblint crate only. Measured on the seed 002 pool request given as
// an object (instructions per validate() under callgrind, `node --no-liftoff --predictable`; size
// with gzip -9): "z" alone 223,000 and 142,300 bytes; threshold 20: 213,000 and 144,000; 30:
// 210,000 and 145,200; 50: 206,000 and 151,100 (over budget). The size a threshold costs moves
// with the code: re-measure when this build reports a small margin. Re-measured in time at
// eaac3b9 (npm --prefix pkg run bench, 9 rounds, runs alternating; the object call / the JSON
// text call, and gzipped size): threshold 30 5.41-5.47 / 5.48-5.72 µs, 141,881 bytes; 50
// 5.03-5.22 / 5.27-5.43 µs, 148,138; 60 5.01-5.10 / 5.13-5.22 µs, 149,097; the crate at
// opt-level "s" 4.73-4.96 / 4.82-4.99 µs, 157,181 (over); at 3 4.10-4.15 / 4.20-4.21 µs,
// 200,590 (over). Kept at 30: 60 was 6% faster for 7.2 KB, and met no target the 30 misses.
run('cargo', [
  'rustc', '--lib', '--profile', 'wasm-release', '--target', 'wasm32-unknown-unknown',
  '--no-default-features', '--features', 'wasm', '--crate-type', 'cdylib',
  '--', '-C', 'llvm-args=-inline-threshold=30',
]);
const targetDir = process.env.CARGO_TARGET_DIR
  ? process.env.CARGO_TARGET_DIR
  : join(root, 'target');
const built = join(targetDir, 'wasm32-unknown-unknown', 'wasm-release', 'lblint.wasm');

// 3. wasm-bindgen, bundler target: it emits lblint_bg.js with `__wbg_set_wasm`, which lets
// index.js instantiate (and re-instantiate after a trap) the module itself.
run('wasm-bindgen', [built, '--out-dir', pkg, '--out-name', 'lblint', '--target', 'bundler',
  '--remove-name-section', '--remove-producers-section']);
for (const f of ['lblint.js', 'lblint.d.ts', 'lblint_bg.wasm.d.ts']) {
  rmSync(join(pkg, f), { force: true });
}

// 4. wasm-opt. npm's binaryen (a devDependency) first, then Debian's. Debian's binaryen 108
// rewrites wasm-bindgen's externref table as a funcref table, which breaks the module at start;
// so every optimised file must pass a check, or the unoptimised one is kept.
const wasmFile = join(pkg, 'lblint_bg.wasm');
const rawBefore = statSync(wasmFile).size;
const candidates = [join(pkg, 'node_modules', '.bin', 'wasm-opt'), 'wasm-opt'];
let optimisedBy = null;
for (const wasmOpt of process.env.LBLINT_NO_WASM_OPT ? [] : candidates) {
  const v = which(wasmOpt);
  if (!v) continue;
  const tmp = `${wasmFile}.opt`;
  // The features rustc enables by default for wasm32-unknown-unknown (Rust >= 1.87).
  const features = ['--enable-bulk-memory', '--enable-sign-ext', '--enable-mutable-globals',
    '--enable-nontrapping-float-to-int', '--enable-reference-types', '--enable-multivalue'];
  // -O3 rather than -Oz: measured on this crate with binaryen 132, -O3 gives the smaller gzip
  // (146,268 bytes against 147,004 for -Oz; -Os 146,897, -O2 147,129, -O4 147,167) and 1-1.7%
  // fewer instructions per validate() (benches/instructions.py --wasm). Re-measure when either
  // moves: the size budget is on the gzipped file.
  const r = spawnSync(wasmOpt, ['-O3', ...features, '--strip-debug', '--strip-producers', wasmFile, '-o', tmp],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status === 0 && usable(tmp)) {
    renameSync(tmp, wasmFile);
    optimisedBy = v;
    break;
  }
  rmSync(tmp, { force: true });
  say(`${v}: its output does not instantiate correctly; not using it`);
}
if (!optimisedBy) say('no usable wasm-opt (npm i in pkg/, or apt-get install binaryen): the .wasm is not optimised further');
else say(`optimised with ${optimisedBy}`);

function usable(file) {
  try {
    const m = new WebAssembly.Module(readFileSync(file));
    const imports = {};
    for (const { module, name } of WebAssembly.Module.imports(m)) {
      imports[module] ??= {};
      imports[module][name] = () => {};
    }
    const { exports } = new WebAssembly.Instance(m, imports);
    const table = exports.__wbindgen_externrefs;
    if (table) table.set(table.length - 1, {});
    return true;
  } catch {
    return false;
  }
}

// 5. Sizes.
const bytes = readFileSync(wasmFile);
// `gzip -9` itself when installed (the budget is stated in its terms); zlib level 9 otherwise
// (it comes out a few KB larger).
const gzip = spawnSync('gzip', ['-9', '-c', wasmFile], { maxBuffer: 64 * 1024 * 1024 });
const gzTool = gzip.status === 0 ? 'gzip -9' : 'zlib level 9';
const gz = gzip.status === 0 ? gzip.stdout.length : gzipSync(bytes, { level: 9 }).length;
const kb = (n) => (n / 1024).toFixed(1);
say(`lblint_bg.wasm: ${bytes.length} bytes raw (${kb(bytes.length)} KiB; ${rawBefore} before wasm-opt), ` +
  `${gz} bytes with ${gzTool} (${kb(gz)} KiB)`);
if (!existsSync(join(pkg, 'lblint_bg.js'))) {
  console.error('[lblint build] wasm-bindgen did not write lblint_bg.js');
  process.exit(1);
}
if (gz > 150_000) {
  console.error(`[lblint build] the .wasm exceeds the 150 KB (150000 bytes) gzip -9 budget (${gz} bytes)`);
  process.exit(1);
}
