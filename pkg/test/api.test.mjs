// The package API contract (README "WebAssembly / npm"), in Node.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import init, { validate, rules, operations, LblintError } from '../index.js';
import { corpus, errorCodes, ROOT } from './helpers.mjs';

const ALIYUN = 'aliyun.slb.CreateMasterSlaveServerGroup';
const DIAGNOSTIC_KEYS = new Set(['code', 'rule', 'severity', 'path', 'message', 'help', 'line', 'column']);

before(async () => {
  await init();
  await init(); // idempotent
});

test('every fixture of every corpus yields exactly its error codes, as text and as a value', () => {
  const cases = corpus();
  assert.ok(cases.length >= 15, `only ${cases.length} fixtures found`);
  assert.ok(cases.some((c) => c.dir === 'aliyun'));
  const failures = [];
  for (const c of cases) {
    const fromText = validate(c.operation, c.text, c.context);
    if (JSON.stringify(errorCodes(fromText)) !== JSON.stringify(c.codes)) {
      failures.push(`${c.dir}/${c.name} (text): expected ${c.codes}, got ${errorCodes(fromText)}`);
    }
    let value;
    try { value = JSON.parse(c.text); } catch { continue; }
    const fromValue = validate(c.operation, value, c.context && JSON.parse(c.context));
    if (JSON.stringify(errorCodes(fromValue)) !== JSON.stringify(c.codes)) {
      failures.push(`${c.dir}/${c.name} (value): expected ${c.codes}, got ${errorCodes(fromValue)}`);
    }
  }
  assert.deepEqual(failures, []);
});

test('diagnostics have the CLI fields; line and column only for string requests', () => {
  const text = '{\n  "RegionId": "cn-hangzhou",\n  "LoadBalancerId": ""\n}';
  const fromText = validate(ALIYUN, text);
  assert.equal(fromText.operation, ALIYUN);
  const d = fromText.diagnostics.find((x) => x.path === '/LoadBalancerId');
  assert.ok(d, JSON.stringify(fromText));
  assert.equal(d.severity, 'error');
  assert.equal(d.code, 'MissingParameter');
  assert.equal(d.rule, 'aliyun/required-parameters');
  assert.equal(typeof d.message, 'string');
  assert.deepEqual([d.line, d.column], [3, 21]);
  for (const diag of fromText.diagnostics) {
    for (const k of Object.keys(diag)) assert.ok(DIAGNOSTIC_KEYS.has(k), `unexpected field ${k}`);
  }
  const fromValue = validate(ALIYUN, JSON.parse(text));
  const v = fromValue.diagnostics.find((x) => x.path === '/LoadBalancerId');
  assert.equal(v.code, 'MissingParameter');
  assert.ok(!('line' in v) && !('column' in v), JSON.stringify(v));
});

test('bad request content is a diagnostic, never an exception', () => {
  const r = validate(ALIYUN, '{"RegionId": ');
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.diagnostics[0].rule, 'lblint/syntax');
  assert.equal(r.diagnostics[0].code, 'InvalidParameter');
  assert.equal(r.diagnostics[0].line, 1);
  const cyclic = { RegionId: 'r' };
  cyclic.self = cyclic;
  const c = validate('huaweicloud.elb.v3.CreateMember', cyclic);
  assert.equal(c.diagnostics[0].rule, 'lblint/syntax');
  assert.equal(c.diagnostics[0].code, 'ELB.8902');
  assert.ok(!('line' in c.diagnostics[0]));
  for (const req of [undefined, null, 42, 'null', [], () => 1, 10n]) {
    const r2 = validate(ALIYUN, req);
    assert.ok(r2.diagnostics.some((x) => x.severity === 'error'), String(req));
  }
});

test('an unknown operation throws an Error listing the valid ids', () => {
  const ids = operations().map((o) => o.id);
  for (const bad of ['aliyun.slb.Nope', '', 7, {}, ['x']]) {
    assert.throws(() => validate(bad, '{}'), (e) => {
      assert.ok(e instanceof Error && e instanceof LblintError);
      assert.equal(e.kind, 'operation');
      for (const id of ids) assert.ok(e.message.includes(id), e.message);
      return true;
    });
  }
  assert.throws(() => validate(null, { nothing: 1 }), /infer/);
});

test('null infers the operation from the content', () => {
  const r = validate(null, { pool: { protocol: 'TCP' } });
  assert.equal(r.operation, 'huaweicloud.elb.v3.CreateMasterSlavePool');
  const broken = validate(null, '{"pool": ');
  assert.equal(broken.operation, null);
  assert.deepEqual(broken.diagnostics.map((d) => [d.rule, d.code]), [['lblint/syntax', 'InvalidJSON']]);
});

test('an invalid context throws an Error naming the key; a valid one shapes the report', () => {
  assert.throws(() => validate(ALIYUN, '{}', { listener: { protocl: 'TCP' } }),
    (e) => e instanceof LblintError && e.kind === 'context' && e.message.includes('protocl'));
  assert.throws(() => validate(ALIYUN, '{}', '{"loadbalancr": {}}'), /loadbalancr/);
  assert.throws(() => validate(ALIYUN, '{}', 5), (e) => e.kind === 'context');
  const text = readFileSync(join(ROOT, 'tests/fixtures/aliyun/eni-on-shared-instance.json'), 'utf8');
  const without = validate(ALIYUN, text);
  const withCtx = validate(ALIYUN, text, { loadbalancer: { edition: 'shared' } });
  const withText = validate(ALIYUN, text, '{"loadbalancer": {"edition": "shared"}}');
  assert.ok(!without.diagnostics.some((d) => d.rule === 'aliyun/eni-eci-needs-performance-instance'));
  assert.ok(withCtx.diagnostics.some((d) => d.rule === 'aliyun/eni-eci-needs-performance-instance'));
  assert.deepEqual(withCtx, withText);
});

test('options select the documentation edition; wrong options throw', () => {
  const req = { RegionId: 'r', LoadBalancerId: 'lb', MasterSlaveBackendServers: [
    { ServerId: 'i-a', Port: 80, ServerType: 'Master' }, { ServerId: 'i-b', Port: 80, ServerType: 'Slave' }] };
  assert.deepEqual(errorCodes(validate(ALIYUN, req)), []);
  assert.deepEqual(errorCodes(validate(ALIYUN, req, null, { edition: '2024-03-14' })), ['MissingParameter']);
  assert.throws(() => validate(ALIYUN, req, null, { edition: '1999' }), (e) => e.kind === 'edition');
  assert.throws(() => validate(ALIYUN, req, null, { editon: '2024' }), (e) => e.kind === 'argument' && /editon/.test(e.message));
  assert.throws(() => validate(ALIYUN, req, null, 'x'), (e) => e.kind === 'argument');
});

test('rules() is the catalogue and operations() the registry, and the .d.ts agrees', () => {
  const ops = operations();
  const ids = ops.map((o) => o.id);
  assert.ok(ids.includes(ALIYUN));
  for (const o of ops) {
    assert.ok(['aliyun', 'huaweicloud'].includes(o.provider));
    assert.equal(typeof o.title, 'string');
  }
  const cat = rules();
  assert.ok(cat.rules.length >= 30);
  for (const r of cat.rules) {
    assert.match(r.id, /^[a-z]+\/[a-z0-9-]+$/);
    assert.ok(['error', 'warning', 'info'].includes(r.severity));
    for (const op of r.operations) assert.ok(ids.includes(op), `${r.id}: ${op}`);
  }
  assert.ok(cat.builtins.some((b) => b.id === 'lblint/syntax'));
  assert.ok(Array.isArray(cat.known_codes));
  const dts = readFileSync(new URL('../index.d.ts', import.meta.url), 'utf8');
  const union = dts.match(/export type OperationId =([^;]+);/)[1];
  const declared = [...union.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  assert.deepEqual(declared, ids, 'index.d.ts OperationId must list exactly operations()');
});
