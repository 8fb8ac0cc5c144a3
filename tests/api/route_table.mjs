// route_table.mjs - the route table of src/http/routes.c, read from the
// source, so that a test can walk every route the server has (a route
// added tomorrow is walked too). Not a test file itself.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/http/routes.c', import.meta.url));
const SIZE = { KiB: 1024, MiB: 1024 * 1024 };

// [{ method, pattern, handler, flags: ['ROUTE_WRITER', …], maxBody }]
export function routeTable() {
  const text = readFileSync(SRC, 'utf8');
  const rows = [];
  const re = /\{\s*HTTP_(\w+),\s*"([^"]+)",\s*(\w+),\s*([^,]+),\s*([^}]+?)\s*\}/g;
  for (const m of text.matchAll(re)) {
    const size = m[5].trim();
    const n = /^(\d+)\s*\*\s*(KiB|MiB)$/.exec(size);
    rows.push({
      method: m[1], pattern: m[2], handler: m[3],
      flags: m[4].trim() === '0' ? [] : m[4].split('|').map(s => s.trim()),
      maxBody: n ? Number(n[1]) * SIZE[n[2]] : Number(size),
    });
  }
  if (rows.length < 50) throw new Error(`routes.c: read only ${rows.length} routes`);
  return rows;
}

// The pattern with each ":param" replaced by the value fill(name) gives.
export const fillPath = (pattern, fill) =>
  pattern.replace(/:(\w+)/g, (_, name) => encodeURIComponent(fill(name)));
