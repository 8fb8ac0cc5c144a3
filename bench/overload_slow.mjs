// overload_slow.mjs PORT TOKEN SECONDS FLOOD - the slow-header flood of
// bench_overload.sh: FLOOD connections from 127.0.0.1 each sending a
// request's headers one byte a second (reconnecting when cut), while two
// normal clients ask GET /api/v1/me one request at a time, each on a new
// connection with a 2 s timeout: "other" from 127.0.0.2, "proxied" from
// 127.0.0.1 with X-Forwarded-For (the server trusts 127.0.0.1). FLOOD 0 is
// the baseline. Prints one line: other_ok other_tries proxied_ok proxied_tries
import http from 'node:http';
import net from 'node:net';

const [port, token, secs, flood] = process.argv.slice(2).map((v, i) => i === 1 ? v : Number(v));
const end = Date.now() + secs * 1000;
const slow = [];
function slowConn() {
  if (Date.now() > end) return;
  const s = net.connect({ port, host: '127.0.0.1' });
  const text = 'GET /api/v1/healthz HTTP/1.1\r\nHost: x\r\n' + 'X-Slow: ' + 'a'.repeat(200);
  let i = 0;
  s.on('error', () => {});
  s.on('data', () => {});
  s.on('close', () => { clearInterval(s.timer); setTimeout(slowConn, 100); });
  s.on('connect', () => { s.timer = setInterval(() => { if (i < text.length) s.write(text[i++]); }, 1000); });
  slow.push(s);
}
for (let i = 0; i < flood; i++) setTimeout(slowConn, i);   // ramp up over FLOOD ms

function ask(localAddress, headers) {
  return new Promise(ok => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/me', localAddress, agent: false,
      headers: { Authorization: `Bearer ${token}`, ...headers }, timeout: 2000 }, res => {
      res.resume();
      res.on('end', () => ok(res.statusCode === 200));
    });
    req.on('timeout', () => { req.destroy(); });
    req.on('error', () => ok(false));
  });
}
async function client(localAddress, headers) {
  let ok = 0, tries = 0;
  await new Promise(r => setTimeout(r, Math.min(3000, flood)));   // the flood is up
  while (Date.now() < end) {
    tries++;
    if (await ask(localAddress, headers)) ok++;
    await new Promise(r => setTimeout(r, 100));
  }
  return [ok, tries];
}
const [o, p] = await Promise.all([client('127.0.0.2', {}),
  client('127.0.0.1', { 'X-Forwarded-For': '203.0.113.9' })]);
console.log(`${o[0]} ${o[1]} ${p[0]} ${p[1]}`);
for (const s of slow) { clearInterval(s.timer); s.destroy(); }
process.exit(0);
