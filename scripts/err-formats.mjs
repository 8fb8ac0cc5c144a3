#!/usr/bin/env node
// err-formats.mjs FILE... - print a C file listing every error text written
// literally in the given C sources, so that a unit test (tests/unit/core/
// err_table.c) can look each up in the error table (src/core/err_table.h)
// and fail when one is missing: a new or reworded error cannot slip through.
//
// What counts as an error text:
//  - the format of lf_err_set(err, code, field, FMT, ...): every string
//    literal in FMT (one literal, adjacent ones concatenated, or the arms
//    of a ?:);
//  - when FMT is exactly "%s" (a reason passed through), the string
//    literals among the other arguments;
//  - the literals passed to a setter: a function that hands one of its own
//    parameters to lf_err_set as that "%s" argument (found here, so a
//    helper such as send_error(..., "no such API endpoint") needs no list),
//    and the few that fill a reason another way (EXTRA_SETTERS below).
//
// The literals are copied as written (C syntax), so the compiler, not this
// script, decodes escapes and concatenation.
import { readFileSync } from 'node:fs';

// Functions that fill an error reason without lf_err_set: name → index of
// the reason argument. csv.c's reasons reach the API through "%s".
const EXTRA_SETTERS = { row_fail: 1 };

// Replace comments by spaces (keeping line numbers); strings stay.
function stripComments(s) {
  let out = '';
  for (let i = 0; i < s.length;) {
    const c = s[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      i = j + 1;
    } else if (s.startsWith('/*', i)) {
      const j = s.indexOf('*/', i + 2);
      const end = j < 0 ? s.length : j + 2;
      out += s.slice(i, end).replace(/[^\n]/g, ' ');
      i = end;
    } else if (s.startsWith('//', i)) {
      let j = s.indexOf('\n', i);
      if (j < 0) j = s.length;
      out += ' '.repeat(j - i);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

// Index just past the bracket matching the one at s[open].
function matchClose(s, open) {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) return i + 1;
    }
  }
  return s.length;
}

// The top-level comma-separated arguments of the text between brackets.
function splitArgs(s) {
  const args = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
    } else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) {
      args.push(s.slice(start, i));
      start = i + 1;
    }
  }
  args.push(s.slice(start));
  return args.map(a => a.trim());
}

// The string literals of an expression, adjacent ones joined as the
// compiler would join them: ['"a" "b"', '"c"'].
function literals(expr) {
  const groups = [];
  let cur = [];
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '"') {
      let j = i + 1;
      while (j < expr.length && expr[j] !== '"') j += expr[j] === '\\' ? 2 : 1;
      cur.push(expr.slice(i, j + 1));
      i = j;
    } else if (c === "'") {
      i++;
      while (i < expr.length && expr[i] !== "'") i += expr[i] === '\\' ? 2 : 1;
    } else if (!/\s/.test(c)) {
      if (cur.length) groups.push(cur.join(' '));
      cur = [];
    }
  }
  if (cur.length) groups.push(cur.join(' '));
  return groups;
}

const identifiers = expr => new Set(expr.replace(/"(\\.|[^"\\])*"/g, '').match(/[A-Za-z_]\w*/g) || []);

// Every call of name in s: { at, args }.
function calls(s, name) {
  const out = [];
  const re = new RegExp(`(?<![\\w.>])${name}\\s*\\(`, 'g');
  let m;
  while ((m = re.exec(s))) {
    const open = m.index + m[0].length - 1;
    const close = matchClose(s, open);
    out.push({ at: m.index, args: splitArgs(s.slice(open + 1, close - 1)) });
  }
  return out;
}

// Top-level function definitions: { name, params, from, to } (body range).
function functions(s) {
  const out = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '"' || c === "'") {
      i++;
      while (i < s.length && s[i] !== c) i += s[i] === '\\' ? 2 : 1;
    } else if (c === '{') {
      if (depth === 0) {
        const head = /(\w+)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)\s*$/.exec(s.slice(Math.max(0, i - 2000), i));
        const to = matchClose(s, i);
        if (head) {
          const params = splitArgs(head[2]).map(p => (/(\w+)\s*(\[[^\]]*\])?$/.exec(p) || [])[1] || '');
          out.push({ name: head[1], params, from: i, to });
        }
        i = to - 1;
        continue;
      }
      depth++;
    } else if (c === '}') depth--;
  }
  return out;
}

const files = process.argv.slice(2).map(path => {
  const text = stripComments(readFileSync(path, 'utf8'));
  return { path, text, fns: functions(text) };
});
const lineOf = (f, at) => f.text.slice(0, at).split('\n').length;

// Setters: lf_err_set (format at 3), EXTRA_SETTERS, and any function
// passing a parameter of its own on as the "%s" argument, to a fixed point.
const setters = new Map([['lf_err_set', { index: 3 }]]);
for (const [name, index] of Object.entries(EXTRA_SETTERS)) setters.set(name, { index, pass: true });
for (let changed = true; changed;) {
  changed = false;
  for (const f of files) {
    for (const fn of f.fns) {
      if (setters.has(fn.name)) continue;
      const body = f.text.slice(fn.from, fn.to);
      for (const [name, st] of setters) {
        for (const call of calls(body, name)) {
          const a = call.args;
          const forwarded = name === 'lf_err_set'
            ? (a[3] === '"%s"' ? a.slice(4).join(',') : a[3] || '')
            : a[st.index] || '';
          const ids = identifiers(forwarded);
          const index = fn.params.findIndex(p => p && ids.has(p));
          if (index >= 0 && !setters.has(fn.name)) {
            setters.set(fn.name, { index, pass: name !== 'lf_err_set' || a[3] === '"%s"' || st.pass });
            changed = true;
          }
        }
      }
    }
  }
}

const rows = [];
for (const f of files) {
  for (const [name, st] of setters) {
    for (const call of calls(f.text, name)) {
      const a = call.args;
      // skip the declaration and the definition themselves
      if (a.some(x => /^(const\s+)?(struct|enum|char|int|unsigned)\b/.test(x))) continue;
      let lits, pass = !!st.pass;
      if (name === 'lf_err_set' && a[3] === '"%s"') {
        lits = literals(a.slice(4).join(','));
        pass = true;
      } else {
        lits = literals(a[st.index] || '');
      }
      for (const l of lits)
        rows.push(`    { "${f.path}:${lineOf(f, call.at)}", "${name}", ${pass ? 1 : 0}, ${l} },`);
    }
  }
}

console.log('/* generated by scripts/err-formats.mjs from src/; do not edit */');
console.log('#include "core/err_uses.h"');
console.log('const struct err_format_use err_format_uses[] = {');
for (const r of rows) console.log(r);
console.log('    { 0, 0, 0, 0 }');
console.log('};');
