// The back office in Debian's chromium, driven by playwright-core: sign in with the keyboard,
// see a refused password with the email kept, sign out. Screenshots of a failing test are kept
// in $TAPCHI_BROWSER_ARTIFACTS (build/dev/tests/browser/artifacts).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, startJournal } from './journal.js';

const artifacts = process.env.TAPCHI_BROWSER_ARTIFACTS ?? path.join(tmpdir(), 'tapchi-browser');

let journal, dir, base, browser, page;

before(async () => {
  // An admin whose back office speaks English, and an editor with the journal's language:
  // Vietnamese, its first edition's, which the sign-in page speaks too.
  journal = await startJournal([
    { email: 'editor@example.org', role: 'admin', name: 'Trần Biên Tập', language: 'en' },
    { email: 'thuky@example.org', role: 'editor', name: 'Lê Thư Ký' },
  ]);
  ({ dir, base } = journal);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  journal?.stop();
});

test.beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 375, height: 900 } });
});

afterEach(async () => {
  await page?.close();
});

// Runs a test's body; when it fails, keeps a screenshot of the page as it was.

async function keepScreenshotOnFailure(name, body) {
  try {
    await body();
  } catch (error) {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
    throw error;
  }
}

test('signs in with the keyboard and reaches the dashboard', () =>
  keepScreenshotOnFailure('sign-in', async () => {
    await page.goto(`${base}/admin/`);
    assert.equal(new URL(page.url()).pathname, '/admin/login');
    await page.getByLabel('Email').focus();
    await page.keyboard.type('editor@example.org');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
    await page.keyboard.type('a long passphrase');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/admin/`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Dashboard');
    assert.match(await page.locator('main').textContent(), /editor@example\.org/);
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === 'tapchi_session');
    assert.ok(session, 'a session cookie');
    assert.equal(session.httpOnly, true);
    assert.equal(session.sameSite, 'Lax');
    assert.equal(await page.evaluate(() => document.cookie.includes('tapchi_session')), false);
  }));

test('a wrong password is shown beside the form with the email kept', () =>
  keepScreenshotOnFailure('wrong-password', async () => {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('editor@example.org');
    await page.getByLabel('Mật khẩu').fill('not the password');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForLoadState();
    assert.equal(await page.getByRole('alert').textContent(), 'Sai email hoặc mật khẩu.');
    assert.equal(await page.getByLabel('Email').inputValue(), 'editor@example.org');
    assert.equal(await page.getByLabel('Mật khẩu').inputValue(), '');
  }));

test('signs out from the menu', () =>
  keepScreenshotOnFailure('sign-out', async () => {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('editor@example.org');
    await page.getByLabel('Mật khẩu').fill('a long passphrase');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/admin/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/admin/login`);
    await page.goto(`${base}/admin/`);
    assert.equal(new URL(page.url()).pathname, '/admin/login');
  }));

test('moderates a comment and the article page shows it at once', () =>
  keepScreenshotOnFailure('moderate', async () => {
    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('editor@example.org');
    await page.getByLabel('Mật khẩu').fill('a long passphrase');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/admin/`);
    await page.getByRole('link', { name: /^Comments/ }).click();
    await page.getByRole('link', { name: /^Approved/ }).click();
    const row = page.locator('tbody tr').first();
    const article = await row.locator('td:nth-child(3) a').getAttribute('href');
    const countOf = async () => {
      const reader = await browser.newPage();
      await reader.goto(`${base}${article}`);
      const heading = await reader.locator('#comments-title').textContent();
      await reader.close();
      return Number(heading.match(/\((\d+)\)/)[1]);
    };
    const before = await countOf();
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Reject selected' }).click();
    await page.waitForURL(/status=approved/);
    assert.equal(await page.getByRole('status').textContent(), 'Comments rejected: 1.');
    assert.equal(await countOf(), before - 1);
  }));

test('a reader comments without JavaScript, and an editor approves it for everyone to see', () =>
  keepScreenshotOnFailure('reader-comment', async () => {
    const reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 900 } });
    const tab = await reader.newPage();
    await tab.goto(`${base}/en/`);
    // The first article of the English front page that takes comments.
    const links = await tab.locator('a[href$=".html"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    let article;
    for (const href of links.filter((h) => h.startsWith('/en/'))) {
      await tab.goto(`${base}${href}`);
      if (await tab.locator('#comment-form').count()) {
        article = href;
        break;
      }
    }
    assert.ok(article, 'an article with a comment form');
    const before = Number((await tab.locator('#comments-title').textContent()).match(/\((\d+)\)/)[1]);
    await tab.getByLabel('Name', { exact: true }).fill('Nguyễn Thu');
    await tab.getByLabel('Comment', { exact: true }).fill('Forgot my email <b>once</b>.\n\nSee www.example.org');
    await tab.getByRole('button', { name: 'Send comment' }).click();
    await tab.waitForURL(/comment=held/);
    assert.match(await tab.getByRole('status').textContent(), /awaits|will appear once the editors/);
    await tab.goto(`${base}${article}`);
    assert.equal(Number((await tab.locator('#comments-title').textContent()).match(/\((\d+)\)/)[1]), before);

    await page.goto(`${base}/admin/login`);
    await page.getByLabel('Email').fill('editor@example.org');
    await page.getByLabel('Mật khẩu').fill('a long passphrase');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(`${base}/admin/`);
    await page.goto(`${base}/admin/comments`);
    const row = page.locator('tbody tr', { hasText: 'Nguyễn Thu' });
    await row.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/status=pending/);

    await tab.goto(`${base}${article}`);
    await tab.reload();  // the browser may keep the page for max-age; readers reload too
    assert.equal(Number((await tab.locator('#comments-title').textContent()).match(/\((\d+)\)/)[1]), before + 1);
    const shown = tab.locator('.comment', { hasText: 'Nguyễn Thu' });
    assert.match(await shown.locator('.comment-body').innerHTML(), /Forgot my email &lt;b&gt;once&lt;\/b&gt;\./);
    assert.equal(await shown.locator('a[rel="nofollow ugc noopener"]').getAttribute('href'), 'http://www.example.org');
    await reader.close();
  }));

// The demo's first English photo: a real JPEG to upload.
function aPhoto() {
  const media = path.join(dir, 'j', 'data', 'media');
  const found = readdirSync(media, { recursive: true }).find((f) => /demo-\d+-en(-[0-9a-f]{6})?\.jpg$/.test(f));
  assert.ok(found, 'the demo has photos');
  return path.join(media, found);
}

async function signIn(email = 'editor@example.org') {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill('a long passphrase');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/admin/`);
}

test('without JavaScript: uploads a photo, writes and publishes an article with it, and readers see it', () =>
  keepScreenshotOnFailure('write-and-publish', async () => {
    // The plain forms the writing view enhances, in a browser that runs no script.
    await page.close();
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    await signIn();
    await page.getByRole('link', { name: 'Media' }).click();
    await page.getByLabel(/^Photo/).setInputFiles(aPhoto());
    await page.getByLabel(/alt text/).fill('Fishing boats in Hạ Long Bay at dawn');
    await page.getByLabel('Caption').fill('Boats return to the harbour at dawn');
    await page.getByLabel('Credit').fill('Trần Biên Tập');
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.waitForURL(/\/admin\/media\/\d+\?done=/);
    const mediaId = page.url().match(/\/admin\/media\/(\d+)/)[1];
    assert.equal(await page.getByRole('status').textContent(), 'Uploaded.');

    await page.getByRole('link', { name: 'Articles', exact: true }).click();
    await page.getByRole('link', { name: /^New article: .*English/ }).click();
    await page.getByLabel('Title', { exact: true }).fill('Fishermen of Hạ Long return at dawn');
    await page.getByLabel('Lead', { exact: true }).fill('A morning on the water with the crews of the bay.');
    assert.equal(await page.locator('.cm-content').count(), 0, 'no writing view without its script');
    await page.getByLabel(/^Text/).fill(
      `The boats come in before six.\n\n## 1. The catch\n\n![Boats at the pier](media:${mediaId})\n\nSquid, mostly.`);
    await page.getByLabel(/^Tags/).fill('fishing, Hạ Long');
    await page.getByLabel('Featured photo').selectOption(mediaId);
    await page.getByRole('button', { name: 'Publish or schedule' }).click();
    await page.waitForURL(/\/admin\/articles\/\d+\?done=published/);
    assert.equal(await page.getByRole('status').textContent(), 'Published.');

    await page.getByRole('link', { name: 'Open the public page' }).click();
    await page.waitForLoadState('load');
    assert.match(new URL(page.url()).pathname, /^\/en\/fishermen-of-ha-long-return-at-dawn-\d+\.html$/);
    assert.equal(await page.locator('article h1').textContent(), 'Fishermen of Hạ Long return at dawn');
    const featured = page.locator('figure.featured img');
    assert.equal(await featured.getAttribute('alt'), 'Fishing boats in Hạ Long Bay at dawn');
    assert.match(await featured.getAttribute('srcset'), /-320\.jpg 320w/);
    assert.match(await page.locator('figure.featured source').getAttribute('srcset'), /-640\.webp 640w/);
    // The browser chose a WebP variant and it decoded.
    const shown = await featured.evaluate((img) => ({ src: img.currentSrc, width: img.naturalWidth }));
    assert.match(shown.src, /\.webp$/);
    assert.ok(shown.width > 0);
    assert.match(await page.locator('.body figure figcaption').textContent(), /Boats return to the harbour at dawn/);
    assert.match(await page.locator('main').textContent(), /Squid, mostly\./);
  }));

test('text typed while the connection is lost is kept by the browser and offered back', () =>
  keepScreenshotOnFailure('kept-copy', async () => {
    await signIn();
    await page.goto(`${base}/admin/articles`);
    const href = await page.locator('tbody tr a').first().getAttribute('href');
    await page.goto(`${base}${href}`);
    const body = page.locator('#body');  // the form's field, which the writing view fills
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' Two more lines written on the train.');
    const typed = await body.inputValue();
    assert.match(typed, /Two more lines written on the train\.$/);
    await page.context().setOffline(true);
    await page.keyboard.press('Control+s');  // the save cannot reach the journal
    await page.waitForTimeout(500);
    await page.context().setOffline(false);

    await page.goto(`${base}${href}`);  // back, as after a crash: the server's text
    assert.notEqual(await body.inputValue(), typed);
    const offer = page.locator('[data-kept-copy]');
    assert.equal(await offer.isVisible(), true);
    await offer.getByRole('button', { name: 'Put it back in the form' }).click();
    assert.equal(await body.inputValue(), typed);
    assert.match(await page.locator('.cm-content').textContent(), /written on the train\./);
    await page.keyboard.press('Meta+s');  // Cmd+S as on a Mac; now it reaches the journal
    await page.waitForURL(/\?done=saved/);
    assert.equal(await page.getByRole('status').filter({ hasText: 'Saved.' }).count(), 1);
    assert.equal(await body.inputValue(), typed);
    assert.equal(await page.locator('[data-kept-copy]').isVisible(), false);
    // The copy is gone once the server has the text: reopening offers nothing.
    await page.goto(`${base}${href}`);
    assert.equal(await page.locator('[data-kept-copy]').isVisible(), false);
  }));
