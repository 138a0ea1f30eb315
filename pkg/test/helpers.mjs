// Shared by the package tests: the fixture corpus of the Rust tests (tests/fixtures/*/expect.json).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(ROOT, 'tests', 'fixtures');

/** Every case of every tests/fixtures/<dir>/expect.json: {dir, name, operation, codes, text, context}. */
export function corpus() {
  const cases = [];
  for (const dir of readdirSync(FIXTURES, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const manifest = join(FIXTURES, dir.name, 'expect.json');
    if (!existsSync(manifest)) continue;
    for (const [name, expect] of Object.entries(JSON.parse(readFileSync(manifest, 'utf8')))) {
      const file = join(FIXTURES, dir.name, name);
      const ctxFile = file.replace(/\.json$/, '.context.json');
      cases.push({
        dir: dir.name,
        name,
        operation: expect.operation,
        codes: [...new Set(expect.codes)].sort(),
        text: readFileSync(file, 'utf8'),
        context: existsSync(ctxFile) ? readFileSync(ctxFile, 'utf8') : null,
      });
    }
  }
  return cases;
}

export const errorCodes = (report) =>
  [...new Set(report.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))].sort();
