// A request given as a JS value is walked into a tape (src/wasm/tape.rs) instead of going through
// JSON.stringify. The tape must stand for exactly what JSON.stringify would have written: every
// value here gets the answer its JSON text gets (without line and column), and whatever the walk
// does not write the same way goes through JSON.stringify, as before.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import init, { validate, restartCount, __lastForm } from '../index.js';
import { corpus } from './helpers.mjs';

const MEMBER = 'huaweicloud.elb.v3.CreateMember';
const POOL = 'huaweicloud.elb.v3.CreateMasterSlavePool';

before(async () => { await init(); });

// Without line and column, in one order (a text's report is in the order of its positions).
const unplaced = (report) => report.diagnostics.map(({ line, column, ...d }) => JSON.stringify(d)).sort();

/** validate(op, value) sent as `form`, with the answer of its JSON.stringify text. */
function same(op, value, form, context) {
  const got = validate(op, value, context);
  assert.equal(__lastForm(), form, `sent as ${__lastForm()}, not ${form}: ${JSON.stringify(value)?.slice(0, 200)}`);
  const want = validate(op, JSON.stringify(value) ?? 'null', context);
  assert.deepEqual(unplaced(got), unplaced(want), JSON.stringify(value)?.slice(0, 200));
  return got;
}

const member = (fields) => ({ member: { address: '10.0.0.1', protocol_port: 80, ...fields } });

test('every fixture as a value is sent as a tape and answered as its JSON text', () => {
  let n = 0;
  for (const c of corpus()) {
    let value;
    try { value = JSON.parse(c.text); } catch { continue; }
    same(c.operation, value, 'tape', c.context && JSON.parse(c.context));
    n += 1;
  }
  assert.ok(n >= 40, `${n} fixtures`);
});

test('numbers reach the rules as the digits JSON.stringify writes for them', () => {
  for (const weight of [0, 1, 1.0, 100, 101, 1.5, -0, -1, NaN, Infinity, -Infinity, 1e21, 2 ** 64, -1e19, 5e-324, 2 ** 53 + 2]) {
    same(MEMBER, member({ weight }), 'tape');
  }
  const r = same(MEMBER, member({ weight: 1.5 }), 'tape');
  assert.ok(r.diagnostics.some((d) => d.rule === 'elb/member-weight'), JSON.stringify(r));
});

test('the members and elements JSON.stringify leaves out or writes as null', () => {
  const sym = Symbol('s');
  const cases = [
    member({ weight: undefined, name: () => 1, [sym]: 1, admin_state_up: Symbol('x') }),
    member({ weight: [undefined, () => 1, Symbol('y'), 1] }),
    // eslint-disable-next-line no-sparse-arrays
    member({ weight: [, 1, , ] }),
    { member: { '2': 'two', 'b': 1, '1': 'one', address: '10.0.0.1', protocol_port: 80 } },
    { member: Object.assign(Object.create(null), { address: '10.0.0.1', protocol_port: 'x' }) },
    { member: Object.defineProperty(member({}).member, 'hidden', { value: 1, enumerable: false }) },
    { member: Object.defineProperty(member({}).member, 'weight', { get: () => 300, enumerable: true }) },
    member({ name: 'é 中 \u{1F600}', address: '\u00e9' }),
    member({ address: '' }),
    {},
    [],
    null,
    42,
    'x'.length > 0,
  ];
  for (const value of cases) same(MEMBER, value, 'tape');
  // Without an operation, it is inferred from the tape as from the text.
  same(null, member({}), 'tape');
});

test('values the walk does not write go through JSON.stringify, with the same answer', () => {
  class Member { constructor() { this.address = '10.0.0.1'; this.protocol_port = 80; } }
  const fallbacks = [
    { member: new Member() },
    member({ created: new Date(0) }),
    member({ weight: { toJSON: () => 7 } }),
    member({ extra: new Map([[1, 2]]) }),
    member({ address: new String('10.0.0.1') }),
  ];
  // Deeper than the walk goes (100), within what the module reads (128).
  let deep = 1;
  for (let i = 0; i < 105; i += 1) deep = [deep];
  fallbacks.push(member({ weight: deep }));
  for (const value of fallbacks) same(MEMBER, value, 'json');
  // A lone surrogate: JSON.stringify escapes it, and the module refuses the escape as serde_json
  // does (the message of a value says where in JSON.stringify's text).
  for (const value of [member({ name: 'a\ud800b' }), { member: { ['k\udc00']: 1 } }]) {
    const r = validate(MEMBER, value);
    assert.equal(__lastForm(), 'json');
    assert.deepEqual(r.diagnostics.map((d) => d.rule), ['lblint/syntax']);
  }
  // Nesting the module would refuse: JSON.stringify's text, and its syntax error.
  let deeper = {};
  for (let i = 0; i < 200; i += 1) deeper = { d: deeper };
  assert.deepEqual(validate(MEMBER, deeper).diagnostics.map((d) => d.rule), ['lblint/syntax']);
  assert.equal(__lastForm(), 'json');
  // undefined, a function or a symbol as the whole request: JSON.stringify writes nothing, and
  // that is the JSON `null`.
  for (const value of [undefined, () => 1, Symbol('z')]) {
    const r = validate(MEMBER, value);
    assert.equal(__lastForm(), 'json');
    assert.deepEqual(unplaced(r), unplaced(validate(MEMBER, 'null')));
  }
});

test('an enumerable property on Object.prototype sends values through JSON.stringify', () => {
  Object.prototype.polluted = 1; // eslint-disable-line no-extend-native
  try {
    same(MEMBER, member({}), 'json');
  } finally {
    delete Object.prototype.polluted;
  }
  same(MEMBER, member({}), 'tape');
});

test('values JSON.stringify cannot write are a diagnostic, as before', () => {
  const cyclic = member({});
  cyclic.member.self = cyclic;
  const throwing = { member: { get address() { throw new Error('boom'); } } };
  for (const [value, why] of [[cyclic, /circular/], [member({ weight: 10n }), /BigInt/], [throwing, /boom/]]) {
    const r = validate(MEMBER, value);
    assert.equal(__lastForm(), 'unserializable');
    assert.equal(r.diagnostics.length, 1, JSON.stringify(r));
    assert.equal(r.diagnostics[0].rule, 'lblint/syntax');
    assert.match(r.diagnostics[0].message, why);
  }
});

test('a tape longer than the input buffer grows it, and a huge one gives the room back', () => {
  for (const length of [20_000, 300_000, 1_500_000]) {
    const r = same(POOL, { pool: { name: 'é'.repeat(length), protocol: 'TCP' } }, 'tape');
    assert.ok(r.diagnostics.some((d) => d.path === '/pool/name'), JSON.stringify(r).slice(0, 300));
  }
  const members = Array.from({ length: 20_000 }, (_, i) => ({ address: `10.0.${i >> 8}.${i & 255}`, protocol_port: 80 }));
  same(POOL, { pool: { protocol: 'TCP', members } }, 'tape');
  same(MEMBER, member({}), 'tape');
  assert.equal(restartCount(), 0);
});
