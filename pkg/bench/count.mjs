#!/usr/bin/env node
// Calls validate() N times on the seed 002 pool request, for counting instructions under
// callgrind (benches/instructions.py --wasm runs it with two N and reports the difference per call):
//
//   node bench/count.mjs object|string N [REQUEST_FILE]
import { readFileSync } from 'node:fs';
import * as lblint from '../index.js';
import { defaultRequest } from './args.mjs';

const [form = 'object', count = '1000', file] = process.argv.slice(2);
const text = readFileSync(file ?? defaultRequest('huaweicloud.elb.v3.CreateMasterSlavePool'), 'utf8');
const request = form === 'string' ? text : JSON.parse(text);
await lblint.init();
let seen = 0;
for (let i = 0; i < Number(count); i++) {
  seen += lblint.validate('huaweicloud.elb.v3.CreateMasterSlavePool', request).diagnostics.length;
}
console.log(seen);
