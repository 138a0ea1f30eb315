// A thousand hostile inputs, then a valid call: nothing may trap, throw an internal error, or
// leave the module unusable. And a real trap (a Rust panic) costs one call, not the module.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, { validate, operations, restartCount, LblintError, __selfTestPanic } from '../index.js';
import { errorCodes } from './helpers.mjs';

const ALIYUN = 'aliyun.slb.CreateMasterSlaveServerGroup';
const VALID = JSON.stringify({
  RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-1', MasterSlaveBackendServers:
    "[{'ServerId':'i-a','Port':'80','ServerType':'Master'},{'ServerId':'i-b','Port':'80','ServerType':'Slave'}]",
});
const CALLER_ERRORS = new Set(['operation', 'context', 'edition', 'argument']);

function assertHealthy() {
  const r = validate(ALIYUN, VALID);
  assert.deepEqual(errorCodes(r), []);
  const bad = validate(ALIYUN, '{"RegionId": "r"}');
  assert.deepEqual(errorCodes(bad), ['MissingParameter']);
}

// A small deterministic PRNG (mulberry32) so a failure reproduces.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function nested(depth, open, close, inner = '1') {
  return open.repeat(depth) + inner + close.repeat(depth);
}

function deepObject(depth) {
  let v = { ServerId: 'i-a' };
  for (let i = 0; i < depth; i += 1) v = { a: v };
  return v;
}

function hostileInputs() {
  const rand = rng(20260302);
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const ids = operations().map((o) => o.id);
  const randomBytes = (n) => {
    let s = '';
    for (let i = 0; i < n; i += 1) s += String.fromCharCode(Math.floor(rand() * 65536));
    return s;
  };
  const cyclic = {}; cyclic.me = cyclic;
  const throwing = { toJSON() { throw new Error('toJSON says no'); } };
  const fixed = [
    nested(100000, '[', ']'), nested(100000, '{"a":', '}'), nested(129, '[', ']'), nested(127, '[', ']'),
    deepObject(100), deepObject(5000), deepObject(200000),
    '1e999999', '-1e999999', '123456789012345678901234567890123456789', '{"RegionId": 1e400}',
    { RegionId: 1e308 * 10, LoadBalancerId: -0, MasterSlaveBackendServers: [{ Port: Number.MAX_VALUE, Weight: NaN }] },
    { RegionId: 'r', LoadBalancerId: 'lb', MasterSlaveBackendServers: nested(100000, '[', ']') },
    { RegionId: 'r', LoadBalancerId: 'lb', MasterSlaveBackendServers: nested(50000, "[{'a':", '}]') },
    { RegionId: 'r', LoadBalancerId: 'lb', MasterSlaveBackendServers: "[{'ServerId':'\\ud800','Port':'\\uDFFF'}]" },
    '{"RegionId": "\ud800\udc00\ud800", "LoadBalancerId": "\udfff"}', { RegionId: '\ud800', LoadBalancerId: '\udc00x' },
    '"\\ud800"', '{"RegionId": "\\ud800"}', '{"RegionId": "\\udc00\\ud800"}',
    'a'.repeat(8 * 1024 * 1024), JSON.stringify({ RegionId: 'x'.repeat(4 * 1024 * 1024) }),
    { pool: { members: Array.from({ length: 5000 }, (_, i) => ({ address: `10.0.${i % 256}.1`, role: 'master' })) } },
    { Tag: Array.from({ length: 3000 }, () => ({ Key: 'aliyun', Value: 'http://' })) },
    Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`Tag.${i}.Key`, 'k'])),
    cyclic, throwing, 10n ** 400n, Symbol('s'), () => 0, undefined, null, true, 0, -1, [], [[[]]],
    '', ' ', '\u0000', '\ufeff', '\ufeff{}', '{}', '[]', 'null', '{"a":1,"a":2}',
    { 'x-lblint-ignore': ['aliyun/nope', 5, null], $schema: 1 }, { 'x-lblint-ignore': 'all' },
  ];
  const inputs = [];
  for (const request of fixed) inputs.push([pick(ids), request]);
  const wrongOps = [undefined, null, '', 'x', 0, NaN, {}, [], Symbol('op'), () => 1, 1n, ALIYUN.toUpperCase(), `${ALIYUN}\u0000`, 'a'.repeat(100000)];
  const wrongContexts = [0, 'x', '[]', '{"loadbalancer": 5}', '{"subnets": {"a": "10.0.0.0/99"}}', '{"pool": {"members": [{"address": 1}]}}',
    { listener: { protocol: 5 } }, { nope: 1 }, [], cyclic, 5n, '{'.repeat(100000), '\ud800', true];
  const wrongOptions = [0, 'x', [], { edition: 5 }, { edition: '' }, { edition: '\ud800' }, { nope: 1 }, { edition: null }, true];
  for (const op of wrongOps) inputs.push([op, VALID]);
  for (const ctx of wrongContexts) inputs.push([ALIYUN, VALID, ctx]);
  for (const opt of wrongOptions) inputs.push([ALIYUN, VALID, null, opt]);
  const fragments = ['{', '}', '[', ']', '"', "'", ':', ',', 'null', 'true', '1e9999', '-', '0x1', '"\\u', '\\', '\ud800',
    '"ServerId"', '"Port"', '"MasterSlaveBackendServers"', '"pool"', '"member"', '"Tag.1.Key"', '"RegionId"'];
  while (inputs.length < 1000) {
    const kind = rand();
    let request;
    if (kind < 0.3) request = randomBytes(1 + Math.floor(rand() * 400));
    else if (kind < 0.6) request = Array.from({ length: 1 + Math.floor(rand() * 60) }, () => pick(fragments)).join('');
    else if (kind < 0.8) {
      request = { RegionId: pick(['r', 7, null, [], {}]), LoadBalancerId: pick(['lb', '', 1e21]),
        MasterSlaveBackendServers: pick([randomBytes(40), [randomBytes(5)], Array.from({ length: 3 }, () => pick(fragments)).join(''), 5]),
        [randomBytes(3)]: randomBytes(3) };
    } else {
      request = { pool: { members: [{ address: randomBytes(6), protocol_port: pick([0, -1, 1e30, '80', null]) }], healthmonitor: pick([{}, [], 'x']) },
        member: pick([undefined, { address: randomBytes(4) }]) };
    }
    inputs.push([pick([...ids, null]), request, pick([undefined, null, {}, { loadbalancer: { kind: 'shared' } }]), pick([undefined, { edition: '2019' }])]);
  }
  return inputs;
}

before(async () => { await init(); });

test('a thousand hostile inputs: answers or caller errors only, and the module stays usable', () => {
  const inputs = hostileInputs();
  assert.ok(inputs.length >= 1000);
  const restartsBefore = restartCount();
  let reports = 0;
  let callerErrors = 0;
  const internal = [];
  inputs.forEach(([op, request, context, options], i) => {
    try {
      const r = validate(op, request, context, options);
      assert.ok(Array.isArray(r.diagnostics));
      for (const d of r.diagnostics) {
        assert.equal(typeof d.code, 'string');
        assert.equal(typeof d.path, 'string');
      }
      reports += 1;
    } catch (e) {
      assert.ok(e instanceof LblintError, `input ${i}: ${e}`);
      if (CALLER_ERRORS.has(e.kind)) callerErrors += 1;
      else internal.push(`input ${i}: ${e.message}`);
    }
    if (i % 100 === 99) assertHealthy();
  });
  assertHealthy();
  assert.deepEqual(internal, [], 'the engine trapped on these inputs');
  assert.equal(restartCount(), restartsBefore);
  assert.ok(reports > 800, `${reports} reports`);
  assert.ok(callerErrors >= 30, `${callerErrors} caller errors`);
});

// The issue's list, each case named, with the operation it targets: every one is a report (a
// diagnostic for what the provider would reject), never a trap, and the module answers a valid
// call right after each.
function issueList() {
  const POOL = 'huaweicloud.elb.v3.CreateMasterSlavePool';
  const MEMBER = 'huaweicloud.elb.v3.CreateMember';
  const member = (port) => `{"member": {"address": "10.0.0.1", "protocol_port": ${port}}}`;
  const lossy = new TextDecoder().decode(Uint8Array.from([...new TextEncoder().encode('{"pool": {"name": "'), 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d, 0x7d]));
  const members = Array.from({ length: 400000 }, (_, i) => ({ address: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, protocol_port: 80, role: 'slave' }));
  const servers = `[${Array.from({ length: 200000 }, (_, i) => `{'ServerId':'i-${i}','Port':'80','ServerType':'Slave'}`).join(',')}]`;
  const aliyun = (s) => JSON.stringify({ RegionId: 'cn-hangzhou', LoadBalancerId: 'lb-1', MasterSlaveBackendServers: s });
  return [
    ['empty', POOL, ''],
    ['whitespace only', POOL, ' \n\t \r\n '],
    ['truncated JSON', POOL, '{"pool": {"members": [{"address": "10.0.0.1", "protocol_po'],
    ['arrays nested 200,000 deep', POOL, nested(200000, '[', ']')],
    ['objects nested 200,000 deep', POOL, '{"pool":'.repeat(200000)],
    ['invalid UTF-8 decoded lossily', POOL, lossy],
    ['lone surrogates', ALIYUN, '{"RegionId": "\ud800", "LoadBalancerId": "\udfff", "MasterSlaveBackendServers": "[{\'ServerId\':\'\\ud800\'}]"}'],
    ['NUL bytes', POOL, '{"pool": {"name": "a\u0000b"}}\u0000\u0000'],
    ['BOM', MEMBER, `\ufeff${member(0)}`],
    ['1e999999', MEMBER, member('1e999999')],
    ['2^100', MEMBER, member('1267650600228229401496703205376')],
    ['2^100 as a value', MEMBER, { member: { address: '10.0.0.1', protocol_port: 2 ** 100 } }],
    ['-0', MEMBER, member('-0')],
    ['NaN', MEMBER, member('NaN')],
    ['NaN as a value', MEMBER, { member: { address: '10.0.0.1', protocol_port: NaN } }],
    ['duplicate keys', MEMBER, '{"member": {"address": "10.0.0.1", "address": "::1", "protocol_port": 80}}'],
    ['comments', MEMBER, '{\n  // a comment\n  "member": {"address": "10.0.0.1"} /* block */\n}'],
    ['top-level array', POOL, '[{"pool": {}}]'],
    ['top-level string', ALIYUN, '"pool"'],
    ['an 8 MB string value', POOL, JSON.stringify({ pool: { name: 'x'.repeat(8 << 20) } })],
    ['400,000 members', POOL, JSON.stringify({ pool: { lb_algorithm: 'ROUND_ROBIN', protocol: 'TCP', type: 'ip', members } })],
    ['Alibaba server text nested 100,000 deep', ALIYUN, aliyun(nested(100000, '[', ']'))],
    ['Alibaba server text listing 200,000 servers', ALIYUN, aliyun(servers)],
  ];
}

test("the issue's hostile list: a report with an error for each, no trap, and the module keeps working", () => {
  const restartsBefore = restartCount();
  for (const [name, op, request] of issueList()) {
    let r;
    assert.doesNotThrow(() => { r = validate(op, request); }, name);
    assert.ok(Array.isArray(r.diagnostics), name);
    if (name === 'NaN as a value') {
      // A value request goes through JSON.stringify, which writes NaN as null: what a client
      // would send. Without a context, a member's port may be absent.
      assert.deepEqual(r, validate(op, { member: { address: '10.0.0.1', protocol_port: null } }));
    } else if (name !== 'duplicate keys') { // a warning: the last key is read, and the request is valid
      assert.ok(r.diagnostics.some((d) => d.severity === 'error'), `${name}: no error in ${JSON.stringify(r.diagnostics).slice(0, 300)}`);
    }
    assert.ok(r.diagnostics.length <= 1001, `${name}: ${r.diagnostics.length} diagnostics`);
    assertHealthy();
  }
  assert.equal(restartCount(), restartsBefore, 'a case trapped and the module was restarted');
});

test('a panic inside the module fails that call only, and the next call works', () => {
  const before = restartCount();
  for (let i = 0; i < 3; i += 1) {
    assert.throws(() => __selfTestPanic(), (e) => e instanceof LblintError && e.kind === 'internal' && /restarted/.test(e.message));
    assertHealthy();
  }
  assert.equal(restartCount(), before + 3);
});
