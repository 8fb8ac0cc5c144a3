// public_form.js - what the public phone pages (一码通行 pass.html, 场所码
// scan.html) share: the server's message of a refusal, and a JSON GET that
// never throws on a bad body.

// The server's message for a refused submission (docs/API.md, "Errors": it
// is written in Chinese by the server; nothing here reads English text).
export function messageOf(data, fallback) {
  return data && typeof data.message === 'string' && data.message ? data.message : fallback;
}

// What a page says itself when a required field is left empty.
export const REQUIRED = '此项必填';

export async function getJSON(path) {
  const r = await fetch(path, { headers: { accept: 'application/json' } });
  const data = await r.json().catch(() => ({}));
  return { status: r.status, data };
}

