// The console page: forms built from forms.js, tabs from the package's operations(), and every
// input validated by the package on the spot. Diagnostics are placed beside the field whose
// data-pointer matches their JSON Pointer (or its nearest ancestor that has a field).
import init, { validate, operations, rules, LblintError } from '../index.js';
import { FORMS } from './forms.js';

const $ = (sel, el = document) => el.querySelector(sel);
const h = (tag, attrs = {}, ...children) => {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
};
const esc = (s) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const clone = (v) => JSON.parse(JSON.stringify(v));

const state = { op: null, models: {}, contexts: {}, editions: {}, raw: {} };
let ruleIndex = new Map();

// ---- model <-> request ----------------------------------------------------------------------

function scalar(field, raw) {
  if (raw === undefined || raw === null) return undefined;
  if (field.kind === 'bool') return raw === 'true' ? true : raw === 'false' ? false : undefined;
  if (field.kind === 'select') return raw; // '' can be a real option (Huawei pool type "")
  if (raw === '') return field.keepEmpty ? '' : undefined;
  if (field.kind === 'number' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw.trim())) return Number(raw);
  return raw;
}

function buildObject(fields, model) {
  const out = {};
  for (const f of fields) {
    const raw = model?.[f.key];
    let v;
    if (f.kind === 'group') {
      v = buildObject(f.fields, raw || {});
      if (Object.keys(v).length === 0) v = undefined;
    } else if (f.kind === 'rows') {
      v = (raw || []).map((row) => buildObject(f.item, row));
      if (v.length === 0) v = undefined;
    } else {
      v = scalar(f, raw);
    }
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

function buildRequest(op) {
  const form = FORMS[op];
  if (!form) return null;
  const fields = form.sections.flatMap((s) => s.fields);
  let body = buildObject(fields, state.models[op]);
  if (form.serialize) body = form.serialize(body);
  return form.root ? { [form.root]: body } : body;
}

function buildContext(op) {
  const ctx = {};
  for (const f of FORMS[op]?.context || []) {
    const raw = state.contexts[op][f.path.join('.')];
    let v;
    if (f.kind === 'map') {
      const entries = (raw || []).filter((r) => r.key !== '' || r.value !== '');
      if (entries.length) v = Object.fromEntries(entries.map((r) => [r.key, r.value]));
    } else {
      v = scalar(f, raw);
    }
    if (v === undefined) continue;
    let o = ctx;
    for (const k of f.path.slice(0, -1)) o = o[k] ??= {};
    o[f.path[f.path.length - 1]] = v;
  }
  return ctx;
}

// ---- rendering ------------------------------------------------------------------------------

function input(field, pointer, value, onChange) {
  const id = `f${pointer.replace(/[^A-Za-z0-9]/g, '_')}`;
  let el;
  if (field.kind === 'select' || field.kind === 'bool') {
    const options = field.kind === 'bool' ? ['true', 'false'] : field.options;
    el = h('select', { id, 'data-pointer': pointer },
      h('option', { value: '__unset' }, '— not set —'),
      options.map((o) => h('option', { value: o }, field.optionLabels?.[o] ?? o)));
    el.value = value === undefined ? '__unset' : String(value);
    el.addEventListener('change', () => onChange(el.value === '__unset' ? undefined : el.value));
  } else {
    el = h('input', { id, type: 'text', 'data-pointer': pointer, placeholder: field.placeholder || '',
      inputmode: field.kind === 'number' ? 'numeric' : null, autocomplete: 'off', spellcheck: 'false' });
    el.value = value ?? '';
    el.addEventListener('input', () => onChange(el.value));
  }
  return h('div', { class: `field${field.kind === 'number' ? ' narrow' : ''}`, 'data-field': pointer },
    h('label', { for: id }, field.label, field.required ? h('span', { class: 'req', title: 'required' }, '*') : null),
    el,
    field.hint ? h('div', { class: 'hint' }, field.hint) : null,
    h('div', { class: 'diags', 'data-diags-for': pointer }));
}

function renderFields(fields, base, model, rerender) {
  return fields.map((f) => {
    const pointer = `${base}/${esc(f.key)}`;
    if (f.kind === 'group') {
      model[f.key] ??= {};
      return h('fieldset', { class: 'group', 'data-field': pointer },
        h('div', { class: 'diags', 'data-diags-for': pointer }),
        h('div', { class: 'grid' }, renderFields(f.fields, pointer, model[f.key], rerender)));
    }
    if (f.kind === 'rows') {
      model[f.key] ??= [];
      const rows = model[f.key];
      return h('div', { class: 'rows', 'data-field': pointer },
        f.hint ? h('div', { class: 'hint' }, f.hint) : null,
        h('div', { class: 'diags', 'data-diags-for': pointer }),
        rows.map((row, i) => h('div', { class: 'row', 'data-field': `${pointer}/${i}` },
          h('div', { class: 'row-head' },
            h('span', { class: 'row-title' }, `${f.label.replace(/s$/, '')} ${i + 1}`),
            h('button', { type: 'button', class: 'link danger', 'data-remove': `${pointer}/${i}`,
              onclick: () => { rows.splice(i, 1); rerender(); } }, 'Remove')),
          h('div', { class: 'diags', 'data-diags-for': `${pointer}/${i}` }),
          h('div', { class: 'grid' }, renderFields(f.item, `${pointer}/${i}`, row, rerender)))),
        h('button', { type: 'button', class: 'secondary', 'data-add': pointer,
          onclick: () => { rows.push({}); rerender(); } }, `+ ${f.addLabel}`));
    }
    return input(f, pointer, model[f.key], (v) => { model[f.key] = v; check(); });
  });
}

function renderContext(op, rerender) {
  const form = FORMS[op];
  const ctx = state.contexts[op];
  return form.context.map((f) => {
    const key = f.path.join('.');
    const pointer = `ctx:/${f.path.join('/')}`;
    if (f.kind === 'map') {
      ctx[key] ??= [];
      return h('div', { class: 'rows compact', 'data-field': pointer },
        h('div', { class: 'label' }, f.label),
        ctx[key].map((r, i) => h('div', { class: 'pair' },
          h('input', { type: 'text', placeholder: f.keyLabel, value: r.key, 'data-pointer': `${pointer}/${i}/key`,
            oninput: (e) => { r.key = e.target.value; check(); } }),
          h('input', { type: 'text', placeholder: f.valueLabel, value: r.value, 'data-pointer': `${pointer}/${i}/value`,
            oninput: (e) => { r.value = e.target.value; check(); } }),
          h('button', { type: 'button', class: 'link danger', onclick: () => { ctx[key].splice(i, 1); rerender(); } }, 'Remove'))),
        h('button', { type: 'button', class: 'secondary', onclick: () => { ctx[key].push({ key: '', value: '' }); rerender(); } }, '+ Add subnet'));
    }
    return input(f, pointer, ctx[key], (v) => { ctx[key] = v; check(); });
  });
}

function renderOperation(op) {
  const main = $('#form');
  main.replaceChildren();
  const form = FORMS[op];
  const rerender = () => { const y = window.scrollY; renderOperation(op); window.scrollTo(0, y); };
  const info = state.operations.find((o) => o.id === op);
  $('#page-title').textContent = form?.title ?? info.title;
  $('#page-subtitle').textContent = form?.subtitle ?? op;
  main.append(h('div', { class: 'diags banner', 'data-diags-for': '' }));
  if (!form) {
    // Generic: an operation the demo has no form for yet is edited as JSON.
    const ta = h('textarea', { class: 'json-editor', 'data-pointer': '', spellcheck: 'false', rows: 22 });
    ta.value = state.raw[op] ?? '{\n}\n';
    ta.addEventListener('input', () => { state.raw[op] = ta.value; check(); });
    main.append(h('section', { class: 'card' }, h('h2', {}, 'Request body (JSON)'), ta));
  } else {
    const model = state.models[op];
    const base = form.root ? `/${form.root}` : '';
    for (const section of form.sections) {
      main.append(h('section', { class: 'card' }, h('h2', {}, section.title),
        h('div', { class: 'grid' }, renderFields(section.fields, base, model, rerender))));
    }
    const editionSelect = form.editions
      ? input({ label: 'Documentation edition', kind: 'select', options: form.editions,
        hint: 'Which edition of the API page to follow.' }, 'opt:/edition', state.editions[op],
      (v) => { state.editions[op] = v; check(); })
      : null;
    main.append(h('section', { class: 'card context' },
      h('h2', {}, 'Environment ', h('span', { class: 'muted' }, '(context: facts some rules need)')),
      h('div', { class: 'diags banner', 'data-diags-for': 'ctx:' }),
      h('div', { class: 'grid' }, renderContext(op, rerender), editionSelect)));
  }
  check();
}

function renderTabs() {
  const nav = $('#tabs');
  nav.replaceChildren(...state.operations.map((o) => h('button', {
    type: 'button', role: 'tab', class: 'tab', 'data-op': o.id, 'aria-selected': String(o.id === state.op),
    onclick: () => { state.op = o.id; renderTabs(); renderOperation(o.id); },
  }, h('span', { class: `provider ${o.provider}` }, o.provider === 'aliyun' ? 'Alibaba Cloud' : 'Huawei Cloud'),
  h('span', {}, o.id.split('.').pop()))));
}

// ---- validation -----------------------------------------------------------------------------

function place(pointer) {
  const boxes = new Map([...document.querySelectorAll('[data-diags-for]')].map((b) => [b.dataset.diagsFor, b]));
  let p = pointer;
  for (;;) {
    if (boxes.has(p)) return boxes.get(p);
    const i = p.lastIndexOf('/');
    if (i < 0) return boxes.get('');
    p = p.slice(0, i);
  }
}

function diagEl(d) {
  const rule = ruleIndex.get(d.rule);
  return h('div', { class: `diag ${d.severity}`, 'data-code': d.code, 'data-path': d.path, title: rule ? `${d.rule}: ${rule.summary}` : d.rule },
    h('span', { class: 'sev' }, d.severity === 'error' ? '✕' : d.severity === 'warning' ? '!' : 'i'),
    h('code', { class: 'code' }, d.code),
    h('span', { class: 'msg' }, d.message, d.help ? h('span', { class: 'help' }, ` ${d.help}`) : null));
}

function check() {
  const op = state.op;
  const form = FORMS[op];
  for (const box of document.querySelectorAll('[data-diags-for]')) box.replaceChildren();
  for (const el of document.querySelectorAll('.invalid, .warned')) el.classList.remove('invalid', 'warned');
  let text;
  let report;
  let contextError = null;
  const t0 = performance.now();
  if (form) {
    text = JSON.stringify(buildRequest(op), null, 2);
    const ctx = buildContext(op);
    try {
      report = validate(op, text, ctx, state.editions[op] ? { edition: state.editions[op] } : null);
    } catch (e) {
      if (!(e instanceof LblintError) || e.kind !== 'context') throw e;
      contextError = e.message;
      report = validate(op, text, null, state.editions[op] ? { edition: state.editions[op] } : null);
    }
  } else {
    text = state.raw[op] ?? '{\n}\n';
    report = validate(op, text);
  }
  const micros = Math.round((performance.now() - t0) * 1000);
  for (const d of report.diagnostics) {
    const box = place(d.path);
    box.append(diagEl(d));
    const field = box.closest('[data-field]');
    if (field) field.classList.add(d.severity === 'error' ? 'invalid' : 'warned');
  }
  if (contextError) {
    $('[data-diags-for="ctx:"]').append(h('div', { class: 'diag error' }, h('span', { class: 'sev' }, '✕'),
      h('span', { class: 'msg' }, contextError)));
  }
  renderSummary(report, micros, contextError);
  renderJson(text, report);
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

function renderSummary(report, micros, contextError) {
  const count = (s) => report.diagnostics.filter((d) => d.severity === s).length;
  const errors = count('error') + (contextError ? 1 : 0);
  const warnings = count('warning');
  const infos = count('info');
  const status = errors ? `${errors} error${errors > 1 ? 's' : ''}: the API would reject this request`
    : warnings ? 'The API would accept this request, with warnings' : 'Ready to send: no findings';
  $('#summary').replaceChildren(
    h('div', { class: `status ${errors ? 'bad' : warnings ? 'meh' : 'good'}`, 'data-errors': String(errors) }, status),
    h('div', { class: 'counts' },
      h('span', { class: 'pill error' }, plural(errors, 'error')),
      h('span', { class: 'pill warning' }, plural(warnings, 'warning')),
      h('span', { class: 'pill info' }, `${infos} info`)),
    h('ol', { class: 'findings' }, contextError ? h('li', {},
      h('button', { type: 'button', class: 'finding error', onclick: () => focusPointer('ctx:') },
        h('code', { class: 'code' }, 'context'), h('span', { class: 'where' }, 'Environment'),
        h('span', { class: 'msg' }, contextError))) : null,
    report.diagnostics.map((d) => h('li', {},
      h('button', { type: 'button', class: `finding ${d.severity}`, onclick: () => focusPointer(d.path) },
        h('code', { class: 'code' }, d.code),
        h('span', { class: 'where' }, d.path || '(request)', d.line ? ` · line ${d.line}` : ''),
        h('span', { class: 'msg' }, d.message))))),
    h('div', { class: 'muted small' }, `validated in ${micros} µs by lblint (WebAssembly)`));
}

function focusPointer(pointer) {
  const box = place(pointer);
  const target = box?.closest('[data-field]')?.querySelector('[data-pointer]') || box;
  target?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  if (target?.focus) target.focus({ preventScroll: true });
}

function renderJson(text, report) {
  const bad = new Set(report.diagnostics.filter((d) => d.line).map((d) => `${d.line}:${d.severity}`));
  const lines = text.split('\n').map((line, i) => {
    const sev = bad.has(`${i + 1}:error`) ? 'error' : bad.has(`${i + 1}:warning`) ? 'warning' : null;
    return h('span', { class: `line${sev ? ` ${sev}` : ''}` }, line, '\n');
  });
  $('#json').replaceChildren(...lines);
}

// ---- start ----------------------------------------------------------------------------------

async function main() {
  await init();
  state.operations = operations();
  ruleIndex = new Map(rules().rules.map((r) => [r.id, r]));
  for (const o of state.operations) {
    state.models[o.id] = clone(FORMS[o.id]?.initial ?? {});
    state.contexts[o.id] = {};
  }
  const wanted = new URLSearchParams(location.search).get('op');
  state.op = state.operations.some((o) => o.id === wanted) ? wanted : state.operations[0].id;
  $('#rule-count').textContent = `${ruleIndex.size} rules · ${state.operations.length} operations`;
  renderTabs();
  renderOperation(state.op);
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  document.body.dataset.ready = 'error';
  $('#form').replaceChildren(h('div', { class: 'diag error' }, `The linter could not start: ${e.message}`));
});
