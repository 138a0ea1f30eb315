#!/usr/bin/env node
// Calls validate() N times on the seed 002 pool request, for counting instructions under
// callgrind (benches/instructions.py --wasm runs it with two N and reports the difference per call):
//
//   node bench/count.mjs object|string N [REQUEST_FILE]
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as lblint from '../index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [form = 'object', count = '1000', file] = process.argv.slice(2);
const text = readFileSync(file ?? join(ROOT, 'examples', 'requests', 'huawei-pool-seed-002.json'), 'utf8');
const request = form === 'string' ? text : JSON.parse(text);
await lblint.init();
let seen = 0;
for (let i = 0; i < Number(count); i++) {
  seen += lblint.validate('huaweicloud.elb.v3.CreateMasterSlavePool', request).diagnostics.length;
}
console.log(seen);
