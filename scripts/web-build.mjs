#!/usr/bin/env node
// web-build.mjs SRC OUT - the served tree of the pages, built from web/:
//
//   OUT/*.html        the pages, their references rewritten to hashed names;
//                     served with "Cache-Control: no-cache" (revalidated by
//                     ETag, a 304 of a few hundred bytes when unchanged)
//   OUT/s/NAME.HASH.EXT  every script and style sheet (web/js, web/css,
//                     web/vendor) under a name that carries the first 10 hex
//                     digits of the SHA-256 of its content; served with
//                     "Cache-Control: public, max-age=31536000, immutable",
//                     so a second visit asks for none of them
//   X.br, X.gz        beside every text file, brotli -q 11 and gzip -9,
//                     served by the file handler to a client that accepts
//                     them (content negotiation with Vary: Accept-Encoding)
//
// Imports are rewritten rather than mapped (no import map): a module's name
// is the hash of its text *after* its own imports were rewritten, so a
// change to common.js renames every module that imports it, and a page
// never mixes an old module with a new one. This needs the import graph to
// be acyclic, which the build checks. Only relative specifiers are
// rewritten: `from './x.js'`, `import './x.js'`, `import('./x.js')`, and
// in a worker `importScripts('../vendor/x.js')` and the worker's own
// `new URL('./x.js', import.meta.url)`.
//
// The entry script of each page gets <link rel="modulepreload"> for its
// static imports, so the browser fetches them in parallel with it rather
// than one round trip per step of the import chain.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, renameSync, writeFileSync,
  existsSync, statSync } from 'node:fs';
import { join, dirname, resolve, relative, basename, extname } from 'node:path';

const [src, out] = process.argv.slice(2).map(p => resolve(p || ''));
if (!src || !out || process.argv.length !== 4) {
  process.stderr.write('usage: web-build.mjs SRC OUT\n');
  process.exit(2);
}
const tmp = out + '.tmp';
rmSync(tmp, { recursive: true, force: true });
mkdirSync(join(tmp, 's'), { recursive: true });

const ASSET_DIRS = ['js', 'css', 'vendor'];
const SPEC = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\bimportScripts\s*\(\s*|\bnew URL\s*\(\s*)(['"])(\.{1,2}\/[^'"\s]+)\2/g;
// a static import is needed before the module runs; import(), a worker's
// importScripts() and new URL('./x.js', import.meta.url) are fetched later
const isStaticRef = pre => /^(from|import\s)/.test(pre);

const assets = new Map();   // absolute source path -> { text, deps, out }
for (const d of ASSET_DIRS) {
  const dir = join(src, d);
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (!statSync(p).isFile() || !/\.(js|css)$/.test(f)) continue;
    const text = readFileSync(p, 'utf8');
    const deps = [];
    // vendor files are third-party bundles: copied as they are
    if (d !== 'vendor' && f.endsWith('.js'))
      for (const m of text.matchAll(SPEC)) deps.push({ spec: m[3], path: resolve(dirname(p), m[3]),
        isStatic: isStaticRef(m[1]) });
    assets.set(p, { text, deps, out: null });
  }
}

function fail(msg) {
  process.stderr.write(`web-build: ${msg}\n`);
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}

const hashOf = text => createHash('sha256').update(text).digest('hex').slice(0, 10);

// name every asset after its rewritten text, dependencies first
function build(p, stack) {
  const a = assets.get(p);
  if (!a) fail(`${relative(src, stack[stack.length - 1] || p)} imports ${relative(src, p)}, which is not there`);
  if (a.out) return a.out;
  if (stack.includes(p))
    fail('import cycle: ' + [...stack.slice(stack.indexOf(p)), p].map(x => relative(src, x)).join(' -> '));
  let text = a.text;
  if (a.deps.length) {
    const names = new Map();
    for (const d of a.deps) names.set(d.spec, build(d.path, [...stack, p]));
    text = text.replace(SPEC, (all, pre, q, spec) => {
      const dep = a.deps.find(d => d.spec === spec);
      if (!/^import\s*\(/.test(pre)) return `${pre}${q}./${names.get(spec)}${q}`;
      // a module loaded on demand: its own imports are fetched alongside it
      // (modulepreload) rather than one round trip after it
      const more = [...staticClosure(dep.path)].map(x => `'./${assets.get(x).out}'`);
      return more.length ? `${pre}lfPreload([${more.join(', ')}], import.meta.url, ${q}./${names.get(spec)}${q})`
        : `${pre}${q}./${names.get(spec)}${q}`;
    });
    if (text.includes('lfPreload(['))
      text += `\nfunction lfPreload(urls, base, spec) {  // added by scripts/web-build.mjs
  for (const u of urls) {
    const href = new URL(u, base).href;
    if (document.querySelector(\`link[href="\${href}"]\`)) continue;
    document.head.append(Object.assign(document.createElement('link'), { rel: 'modulepreload', href }));
  }
  return spec;
}
`;
  }
  const ext = extname(p);
  a.out = `${basename(p, ext)}.${hashOf(text)}${ext}`;
  writeFileSync(join(tmp, 's', a.out), text);
  return a.out;
}
for (const p of assets.keys()) build(p, []);

// every module a module needs before it runs (its static imports, closed)
function staticClosure(p, seen = new Set()) {
  for (const d of assets.get(p).deps)
    if (d.isStatic && !seen.has(d.path)) { seen.add(d.path); staticClosure(d.path, seen); }
  return seen;
}

// the text of asset ref (from the page f) to put into the page. A script's
// named imports of modules that import nothing themselves go in with it,
// each module inside a function of its own (so their names cannot clash),
// so that a public page needs no request for its code at all; anything
// else it imports is loaded from s/, where the page's own URL resolves it.
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*(['"])(\.{1,2}\/[^'"]+)\2;?/g;
const EXPORT = /^export\s+((?:async\s+)?function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm;
function inline(f, ref) {
  const p = join(src, ref);
  const a = assets.get(p);
  if (!a) fail(`${f} inlines ${ref}, which is not there`);
  let text = a.text;
  if (ref.endsWith('.js')) {
    text = text.replace(IMPORT, (all, list, q, spec) => {
      const dep = assets.get(resolve(dirname(p), spec));
      if (!dep || dep.deps.length) return all;
      const names = [...dep.text.matchAll(EXPORT)].map(m => m[2]);
      const body = dep.text.replace(EXPORT, '$1 $2');
      if (/^export\b/m.test(body)) fail(`${spec}: an export form web-build.mjs cannot inline`);
      const want = list.split(',').map(x => x.trim()).filter(Boolean).map(x => {
        const [name, as] = x.split(/\s+as\s+/);
        if (!names.includes(name)) fail(`${ref} imports ${name}, which ${spec} does not export`);
        return as ? `${name}: ${as}` : name;
      });
      return `const { ${want.join(', ')} } = (() => {  // ${spec}, put in by scripts/web-build.mjs\n` +
        `${body}\nreturn { ${names.join(', ')} };\n})();`;
    });
    text = text.replace(SPEC, (all, pre, q, spec) =>
      `${pre}${q}./s/${assets.get(resolve(dirname(p), spec)).out}${q}`);
  }
  if (/<\/(script|style)/i.test(text)) fail(`${ref} holds a closing tag and cannot go into ${f}`);
  return text;
}

for (const f of readdirSync(src).sort()) {
  if (!f.endsWith('.html')) continue;
  let html = readFileSync(join(src, f), 'utf8');
  const preload = [];
  // <link rel="stylesheet" href="css/x.css" data-inline> and <script
  // type="module" src="js/x.js" data-inline></script> go into the page
  // itself: a public page is then one request, plus the modules its script
  // imports (preloaded), plus its data
  html = html.replace(/<link rel="stylesheet" href="(css\/[^"]+)" data-inline>/g, (all, ref) =>
    `<style>${inline(f, ref)}</style>`);
  html = html.replace(/<script type="module" src="(js\/[^"]+)" data-inline><\/script>/g, (all, ref) => {
    const text = inline(f, ref);
    for (const m of text.matchAll(/\bfrom\s*['"]\.\/(s\/[^'"]+)['"]/g))
      preload.push(`<link rel="modulepreload" href="${m[1]}">`);
    return `<script type="module">${text}</script>`;
  });
  html = html.replace(/(\s(?:href|src)=")((?:js|css|vendor)\/[^"?#]+)"/g, (all, attr, ref) => {
    const p = join(src, ref);
    const a = assets.get(p);
    if (!a) fail(`${f} refers to ${ref}, which is not there`);
    if (attr.includes('src') && p.endsWith('.js'))
      for (const d of staticClosure(p)) preload.push(`<link rel="modulepreload" href="s/${assets.get(d).out}">`);
    return `${attr}s/${a.out}"`;
  });
  if (preload.length) html = html.replace('</head>', preload.join('\n') + '\n</head>');
  writeFileSync(join(tmp, f), html);
}

// precompress every text file; keep a variant only where it is smaller
function precompress(dir) {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) { precompress(p); continue; }
    if (!/\.(html|js|css|svg|json|txt)$/.test(f)) continue;
    const size = statSync(p).size;
    execFileSync('brotli', ['-q', '11', '-f', '-k', '-o', p + '.br', p]);
    writeFileSync(p + '.gz', execFileSync('gzip', ['-9', '-n', '-c', p], { maxBuffer: 1 << 28 }));
    for (const c of [p + '.br', p + '.gz'])
      if (statSync(c).size >= size) rmSync(c);
  }
}
precompress(tmp);

rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
