// The soak's load: readers, commenters, sign-ins, an editor saving articles and slow clients
// against one tapchi server for a while, with the server's resident memory sampled every 10 s.
// Node's standard library only. Prints a report and exits 1 when an answer was unexpected or
// memory grew after warm-up (the last minute's maximum more than 10% above the third minute's).
//   node bench/soak.js BASE_URL SERVER_PID SECONDS ADMIN_EMAIL ADMIN_PASSWORD
'use strict';
const http = require('node:http');
const net = require('node:net');
const fs = require('node:fs');

const [base, pidText, secondsText, adminEmail, adminPassword] = process.argv.slice(2);
const pid = Number(pidText);
const seconds = Number(secondsText);
const url = new URL(base);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
const deadline = Date.now() + seconds * 1000;

// Per kind: latencies (ms), and counts of expected and unexpected answers.
const kinds = {};
function record(kind, ms, ok, detail) {
  const k = (kinds[kind] ??= { ms: [], ok: 0, bad: 0, examples: [] });
  k.ms.push(ms);
  if (ok) {
    k.ok++;
  } else {
    k.bad++;
    if (k.examples.length < 5) k.examples.push(detail);
  }
}

function request(method, path, { headers = {}, body } = {}) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      { host: url.hostname, port: url.port, method, path, agent, headers },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }));
      });
    req.on('error', (e) =>
      resolve({ status: 0, headers: {}, body: String(e), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const form = (fields) =>
  Object.entries(fields).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const formHeaders = (extra = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', ...extra });
const cookieOf = (res, name) => {
  for (const line of [].concat(res.headers['set-cookie'] ?? [])) {
    const m = line.match(new RegExp(`^${name}=([^;]*)`));
    if (m) return m[1];
  }
  return '';
};

async function loop(body) {
  while (Date.now() < deadline) await body();
}

async function main() {
  const home = await request('GET', '/en/');
  const articles = [...new Set([...home.body.matchAll(/href="(\/en\/[a-z0-9-]+-\d+\.html)"/g)].map((m) => m[1]))];
  const lists = [...new Set([...home.body.matchAll(/href="(\/en\/(?:section|tag|author)\/[a-z0-9-]+)"/g)].map((m) => m[1]))];
  if (articles.length === 0) throw new Error('no articles on /en/');
  const pages = ['/', '/en/', ...articles, ...lists];
  // Some articles take no comments (closed, or past the site's days): commenters skip them.
  const open = [];
  for (const a of articles) {
    if ((await request('GET', a)).body.includes('name="token"')) open.push(a);
  }
  if (open.length === 0) throw new Error('no article takes comments');
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  let n = 0;

  const cached = () => loop(async () => {
    const r = await request('GET', pick(pages));
    record('cached page', r.ms, r.status === 200, `${r.status}`);
  });
  // A reply form for a comment that is not there: rendered every time, never kept.
  const uncached = () => loop(async () => {
    const r = await request('GET', `${pick(articles)}?reply=${900000000 + n++}`);
    record('uncached page', r.ms, r.status === 200 && r.headers['cache-control'] === 'no-store', `${r.status}`);
  });
  const notFound = () => loop(async () => {
    const r = await request('GET', `/en/no-such-page-${n++}`);
    record('404', r.ms, r.status === 404, `${r.status}`);
  });
  const comment = () => loop(async () => {
    const page = await request('GET', pick(open));
    const token = page.body.match(/name="token" value="([^"]+)"/);
    const article = page.body.match(/name="article" value="(\d+)"/);
    if (!token || !article) {
      record('comment', page.ms, false, 'no comment form');
      return;
    }
    const r = await request('POST', '/comments', {
      headers: formHeaders(),
      body: form({ article: article[1], token: token[1], name: 'Soak reader',
                   body: `Soak comment ${n++} at ${Date.now()}.`, website: '' }),
    });
    record('comment', r.ms, r.status === 303, `${r.status} ${r.body.slice(0, 80)}`);
  });
  const signIn = async () => {
    const page = await request('GET', '/admin/login');
    const login = cookieOf(page, 'tapchi_login');
    const r = await request('POST', '/admin/login', {
      headers: formHeaders({ cookie: `tapchi_login=${login}` }),
      body: form({ csrf: login, email: adminEmail, password: adminPassword }),
    });
    return { r, session: cookieOf(r, 'tapchi_session') };
  };
  const signIns = () => loop(async () => {
    const { r, session } = await signIn();
    record('sign-in', r.ms, r.status === 303 && session !== '', `${r.status}`);
  });
  const editor = async () => {
    const { session } = await signIn();
    const cookie = `tapchi_session=${session}`;
    const list = await request('GET', '/admin/articles', { headers: { cookie } });
    const csrf = (list.body.match(/name="csrf" value="([^"]+)"/) ?? [])[1];
    const editions = [...list.body.matchAll(/\/admin\/articles\/new\?edition=(\d+)/g)].map((m) => m[1]);
    const made = await request('POST', '/admin/articles/new', {
      headers: formHeaders({ cookie }),
      body: form({ csrf, edition: editions[editions.length - 1], action: 'save', title: 'Soak draft',
                   lead: 'A lead.', body: 'First.\n\nSecond.', comments_open: '1' }),
    });
    record('article save', made.ms, made.status === 303, `${made.status}`);
    const id = ((made.headers.location ?? '').match(/^\/admin\/articles\/(\d+)/) ?? [])[1];
    if (!id) return;
    await loop(async () => {
      const page = await request('GET', `/admin/articles/${id}`, { headers: { cookie } });
      const version = (page.body.match(/name="version" value="(\d+)"/) ?? [])[1];
      const r = await request('POST', `/admin/articles/${id}`, {
        headers: formHeaders({ cookie }),
        body: form({ csrf, version, action: 'save', edition: editions[editions.length - 1],
                     title: `Soak draft ${n++}`, lead: 'A lead.',
                     body: `Paragraph ${n}.\n\nAnother.`, comments_open: '1' }),
      });
      record('article save', r.ms, r.status === 303, `${r.status} ${r.body.slice(0, 80)}`);
    });
  };
  // Clients that send a header a byte at a time and hold the connection: the server's header
  // timeout must drop them and keep serving everyone else.
  const slowClient = () => loop(() => new Promise((resolve) => {
    const started = Date.now();
    const socket = net.connect(Number(url.port), url.hostname);
    const text = 'GET /en/ HTTP/1.1\r\nHost: soak\r\nX-Slow: ';
    let i = 0;
    const timer = setInterval(() => socket.write(text[i++ % text.length]), 1000);
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      // The header timeout is 10 s: dropped by the server well before our own 15 s.
      record('slow client dropped', Date.now() - started, Date.now() - started < 14000,
             `held ${Date.now() - started} ms`);
      resolve();
    });
    setTimeout(() => socket.destroy(), 15000);
  }));

  const rss = [];
  const sampler = setInterval(() => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    rss.push(Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024);
  }, 10000);

  const work = [];
  for (let i = 0; i < 8; i++) work.push(cached());
  for (let i = 0; i < 2; i++) work.push(uncached());
  work.push(notFound());
  for (let i = 0; i < 2; i++) work.push(comment());
  work.push(signIns());
  work.push(editor());
  for (let i = 0; i < 20; i++) work.push(slowClient());
  await Promise.all(work);
  clearInterval(sampler);
  agent.destroy();

  const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
  let unexpected = 0;
  console.log(`soak: ${seconds} s against ${base}`);
  console.log('kind                  answers  unexpected    p50 ms    p99 ms');
  for (const [name, k] of Object.entries(kinds)) {
    const sorted = k.ms.sort((a, b) => a - b);
    unexpected += k.bad;
    console.log(`${name.padEnd(20)} ${String(k.ok + k.bad).padStart(8)} ${String(k.bad).padStart(11)}` +
                ` ${percentile(sorted, 0.5).toFixed(1).padStart(9)} ${percentile(sorted, 0.99).toFixed(1).padStart(9)}`);
    for (const e of k.examples) console.log(`    e.g. ${e}`);
  }
  console.log(`resident memory, MiB, every 10 s: ${rss.map((m) => m.toFixed(0)).join(' ')}`);
  // Flat after warm-up: the last minute's maximum within 10% of the third minute's.
  let flat = true;
  if (rss.length >= 18) {
    const third = Math.max(...rss.slice(12, 18));
    const last = Math.max(...rss.slice(-6));
    flat = last <= third * 1.1;
    console.log(`memory: third minute max ${third.toFixed(0)} MiB, last minute max ${last.toFixed(0)} MiB` +
                ` (${((last / third - 1) * 100).toFixed(1)}%): ${flat ? 'flat' : 'GROWING'}`);
  } else {
    console.log('memory: too short a run to judge (needs 3 minutes or more)');
  }
  console.log(`unexpected answers: ${unexpected}`);
  process.exit(unexpected === 0 && flat ? 0 : 1);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
