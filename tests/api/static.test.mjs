// static.test.mjs - the pages' files as curl sees them (raw bytes, no
// client-side decoding): with "Accept-Encoding: br" every static file comes
// brotli-compressed, and decodes to the file itself; gzip for a client that
// takes only gzip; the file as it is for one that takes neither; "Vary:
// Accept-Encoding" on each; content-hashed names under /s/ cached for a
// year (immutable), the pages revalidated (no-cache, ETag, 304); the hashed
// name is the hash of the content; the pages name no unhashed script.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { startServer, WEB } from '../lib/server.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv?.stop(); });

// GET path with the given headers; { status, headers, body: Buffer }
function get(path, headers = {}) {
  return new Promise((ok, fail) => {
    http.get(srv.url + path, { headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

// every file of the served tree but the compressed twins: URL path → file
function files(dir = WEB, out = []) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) files(p, out);
    else if (!/\.(br|gz)$/.test(f)) out.push('/' + relative(WEB, p));
  }
  return out;
}

test('every static file comes brotli-compressed to a client that accepts br', async () => {
  const all = files();
  assert.ok(all.length >= 30, `only ${all.length} files in ${WEB}`);
  let raw = 0, sent = 0;
  for (const path of all) {
    const plain = readFileSync(join(WEB, path));
    const r = await get(path, { 'accept-encoding': 'br' });
    assert.equal(r.status, 200, path);
    assert.equal(r.headers['content-encoding'], 'br', path);
    assert.match(r.headers.vary || '', /accept-encoding/i, path);
    assert.ok(r.body.length < plain.length, `${path}: ${r.body.length} bytes sent for ${plain.length}`);
    assert.ok(zlib.brotliDecompressSync(r.body).equals(plain), `${path}: decodes to the file`);
    raw += plain.length;
    sent += r.body.length;
  }
  console.log(`# ${all.length} files: ${raw} bytes, ${sent} sent with br (${(sent / raw * 100).toFixed(1)} %)`);
});

test('gzip to a client that takes only gzip, the file itself to one that takes neither', async () => {
  for (const path of ['/', '/app.html', '/scan.html', ...files().filter(p => p.startsWith('/s/')).slice(0, 8)]) {
    const file = path === '/' ? '/index.html' : path;
    const plain = readFileSync(join(WEB, file));
    const gz = await get(path, { 'accept-encoding': 'gzip, deflate' });
    assert.equal(gz.headers['content-encoding'], 'gzip', path);
    assert.ok(zlib.gunzipSync(gz.body).equals(plain), path);
    const id = await get(path);
    assert.equal(id.headers['content-encoding'], undefined, path);
    assert.ok(id.body.equals(plain), path);
    assert.match(id.headers.vary || '', /accept-encoding/i, path);
  }
});

test('hashed names are cached for good, the pages are revalidated', async () => {
  const hashed = files().filter(p => p.startsWith('/s/'));
  for (const path of hashed) {
    const m = /\.([0-9a-f]{10})\.(js|css)$/.exec(path);
    assert.ok(m, `${path} carries a hash`);
    const text = readFileSync(join(WEB, path));
    assert.equal(createHash('sha256').update(text).digest('hex').slice(0, 10), m[1], `${path}: hash of its content`);
    const r = await get(path, { 'accept-encoding': 'br' });
    assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable', path);
  }
  for (const page of files().filter(p => p.endsWith('.html'))) {
    const r = await get(page, { 'accept-encoding': 'br' });
    assert.equal(r.headers['cache-control'], 'no-cache', page);
    assert.ok(r.headers.etag, page);
    const again = await get(page, { 'accept-encoding': 'br', 'if-none-match': r.headers.etag });
    assert.equal(again.status, 304, page);
    assert.equal(again.body.length, 0, page);
    // a page loads only hashed files (no js/x.js that would be cached stale)
    const html = zlib.brotliDecompressSync(r.body).toString();
    for (const m of html.matchAll(/(?:src|href)="([^"]+)"/g))
      if (!/^(data:|#|[a-z-]+\.html)/.test(m[1]))
        assert.match(m[1], /^s\/[\w.-]+\.[0-9a-f]{10}\.(js|css)$/, `${page} refers to ${m[1]}`);
  }
});

test('a file outside the tree or a missing one is 404, never a directory listing', async () => {
  assert.equal((await get('/s/')).status, 404);
  assert.equal((await get('/s/nothing.0123456789.js', { 'accept-encoding': 'br' })).status, 404);
  assert.equal((await get('/js/app.js')).status, 404);
  assert.equal((await get('/../Makefile')).status, 404);
});
