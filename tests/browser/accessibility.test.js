// Every back-office page, in Vietnamese and in English, checked by axe-core in Debian's
// chromium at a phone's width: no serious or critical violation, and nothing wider than the
// screen but the charts' own scrolling boxes. The busiest pages are then walked with the Tab key
// alone: every control on them is reached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchBrowser, startJournal } from './journal.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let journal, browser;

before(async () => {
  journal = await startJournal([
    { email: 'admin-vi@example.org', role: 'admin', name: 'Lê Thư Ký' },
    { email: 'admin-en@example.org', role: 'admin', name: 'Mai Editor', language: 'en' },
  ]);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  journal?.stop();
});

// The serious and critical violations axe finds on the page, each with where.
async function violations(page) {
  await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
  return found;
}

// The first link of the page matching `selector`'s href pattern.
async function firstHref(page, pattern) {
  const hrefs = await page.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const found = hrefs.find((h) => h && pattern.test(h));
  assert.ok(found, `a link like ${pattern} on ${page.url()}`);
  return found;
}

async function signIn(page, email) {
  await page.goto(`${journal.base}/admin/login`);
  await page.fill('#email', email);
  await page.fill('#password', 'a long passphrase');
  await page.click('main form button[type=submit]');
  await page.waitForURL(`${journal.base}/admin/`);
}

for (const [email, language] of [['admin-vi@example.org', 'vi'], ['admin-en@example.org', 'en']]) {
  test(`every back-office page in ${language} passes axe-core and fits a phone`, async () => {
    // axe is injected as a script, which the back office's CSP would rightly refuse.
    const context = await browser.newContext({ viewport: { width: 375, height: 800 }, bypassCSP: true });
    const page = await context.newPage();
    const base = journal.base;
    await page.goto(`${base}/admin/login`);
    const problems = [];
    const check = async (where) => {
      for (const v of await violations(page)) problems.push(`${where}: ${v}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (wide > 376) problems.push(`${where}: ${wide}px wide at 375px`);
    };
    await check('/admin/login');
    await signIn(page, email);
    assert.equal(await page.locator('html').getAttribute('lang'), language);
    const pages = ['/admin/', '/admin/articles', '/admin/articles/new', '/admin/media', '/admin/front',
      '/admin/sections', '/admin/sections/new', '/admin/pages', '/admin/pages/new', '/admin/redirects',
      '/admin/tags', '/admin/authors', '/admin/comments',
      '/admin/comments?status=approved', '/admin/users', '/admin/integrations', '/admin/settings',
      '/admin/audit', '/admin/password'];
    // One of each page that shows a thing, found from the lists.
    const found = [
      ['/admin/articles', /^\/admin\/articles\/\d+$/],
      ['/admin/media', /^\/admin\/media\/\d+$/],
      ['/admin/sections', /^\/admin\/sections\/\d+$/],
      ['/admin/tags', /^\/admin\/tags\/\d+$/],
      ['/admin/authors', /^\/admin\/authors\/\d+$/],
      ['/admin/comments?status=approved', /^\/admin\/comments\/\d+\/reply$/],
    ];
    for (const [list, pattern] of found) {
      await page.goto(`${base}${list}`);
      pages.push(await firstHref(page, pattern));
    }
    // An article saved here has revisions.
    await page.goto(`${base}/admin/articles/new`);
    await page.fill('#title', language === 'vi' ? 'Bài thử' : 'A test');
    await page.locator('.cm-content').click();  // the writing view's text
    await page.keyboard.type('Text.');
    await page.click('button[value=save]');
    await page.waitForURL(/\/admin\/articles\/\d+\?done=saved/);
    const article = new URL(page.url()).pathname;
    pages.push(article, `${article}/revisions`);
    await page.goto(`${base}${article}/revisions`);
    pages.push(await firstHref(page, /^\/admin\/revisions\/\d+$/));
    // A static page saved here has revisions too.
    await page.goto(`${base}/admin/pages/new`);
    await page.fill('#title', language === 'vi' ? 'Giới thiệu thử' : 'About, a test');
    await page.fill('#body', '## 1. Who we are\n\nText.');
    await page.fill('#footer_position', '1');
    await page.check('input[name=published]');
    await page.click('form.panel button[type=submit]');
    await page.waitForURL(/\/admin\/pages\/\d+\?done=page_saved/);
    const staticPage = new URL(page.url()).pathname;
    pages.push(staticPage, `${staticPage}/revisions`);
    await page.goto(`${base}${staticPage}/revisions`);
    pages.push(await firstHref(page, /^\/admin\/page-revisions\/\d+$/));
    for (const p of pages) {
      await page.goto(`${base}${p}`);
      await check(p);
    }
    // The writing view's dialogs and lists, open: the photo picker, the link, an author's list.
    await page.goto(`${base}${article}`);
    await page.locator('.featured-choice button').click();
    await page.locator('dialog.photo-picker .photo-choice').first().waitFor();
    await check(`${article}: the photo picker`);
    await page.keyboard.press('Escape');
    await page.locator('[data-command=link]').click();
    await check(`${article}: the link dialog`);
    await page.keyboard.press('Escape');
    await page.locator('.chips input[role=combobox]').last().fill('a');
    await check(`${article}: the authors' list`);
    await context.close();
    assert.deepEqual(problems, []);
  });
}

// How many of the page's visible controls Tab reached, and those it never did, walking forward until focus comes back to
// the first one reached (or `limit` presses).
async function unreachedByTab(page, limit = 600) {
  await page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const controls = document.querySelectorAll(
      'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, [contenteditable=true]');
    let n = 0;
    for (const c of controls) {
      if (visible(c) && !c.closest('dialog:not([open]), [hidden], [inert]') && c.tabIndex >= 0) {
        c.dataset.control = String(n++);
      }
    }
    document.activeElement?.blur();
  });
  const reached = new Set();
  let first = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement?.dataset?.control ?? null);
    if (at === null) continue;
    if (at === first) break;
    first ??= at;
    reached.add(at);
  }
  const missed = await page.evaluate((seen) => [...document.querySelectorAll('[data-control]')]
    .filter((c) => !seen.includes(c.dataset.control))
    .map((c) => c.outerHTML.slice(0, 120)), [...reached]);
  return { reached: reached.size, missed };
}

test('every control of the busiest pages is reached with the Tab key alone, in the writing view too', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, 'admin-en@example.org');
  const problems = [];
  await page.goto(`${journal.base}/admin/articles`);
  const article = await firstHref(page, /^\/admin\/articles\/\d+$/);
  for (const p of ['/admin/', '/admin/front', '/admin/media', '/admin/comments', article]) {
    await page.goto(`${journal.base}${p}`);
    const { reached, missed } = await unreachedByTab(page);
    if (reached < 10) problems.push(`${p}: only ${reached} controls reached`);
    for (const m of missed) problems.push(`${p}: ${m}`);
  }
  await context.close();
  assert.deepEqual(problems, []);
});

