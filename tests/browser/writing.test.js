// The writing view in Debian's chromium, under the back office's own Content-Security-Policy: a
// journalist writes with the toolbar and its shortcuts, pastes a photo and describes it, picks
// two authors and a featured photo by sight, loses the connection mid-edit and gets everything
// back after closing the tab, and submits; an editor publishes from the dashboard's review list;
// readers see it. In English at 1280 px with the live preview beside the text, and again in
// Vietnamese at 375 px, where the preview is toggled.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchBrowser, startJournal } from './journal.js';

const artifacts = process.env.TAPCHI_BROWSER_ARTIFACTS ?? path.join(tmpdir(), 'tapchi-browser');

let journal, base, browser;

before(async () => {
  journal = await startJournal([
    { email: 'editor@example.org', role: 'admin', name: 'Trần Biên Tập', language: 'en' },
    { email: 'reporter@example.org', role: 'contributor', name: 'Phạm Phóng Viên', language: 'en' },
    { email: 'thuky@example.org', role: 'editor', name: 'Lê Thư Ký' },
    { email: 'phongvien@example.org', role: 'contributor', name: 'Vũ Phóng Viên' },
  ]);
  ({ base } = journal);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  journal?.stop();
});

// What each flow types and the labels it finds, in its language.
const flows = {
  en: {
    width: 1280,
    journalist: 'reporter@example.org',
    editor: 'editor@example.org',
    articles: 'Articles',
    newArticle: /^New article: .*English/,
    title: 'Title',
    lead: 'Lead',
    heading: /^Heading/,
    describe: 'Describe the photo before it is uploaded',
    alt: /alt text/,
    caption: 'Caption',
    credit: 'Credit',
    upload: 'Upload',
    authors: 'Authors, in byline order',
    pick: 'Choose from the library…',
    picker: 'Choose a photo',
    find: 'Find by caption, credit or description',
    saved: /^Saved automatically at/,
    offline: /^No connection/,
    restore: 'Put it back in the form',
    submit: 'Submit for review',
    submitted: 'Submitted for review.',
    review: 'Waiting for review',
    publish: 'Publish or schedule',
    published: 'Published.',
    open: 'Open the public page',
    path: /^\/en\/fishermen-of-ha-long-return-at-dawn-\d+\.html$/,
    words: {
      title: 'Fishermen of Hạ Long return at dawn',
      lead: 'A morning on the water with the crews of the bay.',
      first: 'The boats come in before six.',
      heading: 'The catch',
      last: 'Squid, mostly',
      alt: 'Fishing boats at the pier in the first light',
      caption: 'Boats return to the harbour at dawn',
      credit: 'Phạm Phóng Viên',
      offline: 'Prices at the market rose by a third.',
    },
    authorQueries: ['hong lan', 'quang'],
    authorNames: ['Col. Nguyen Thi Hong Lan', 'Maj. Gen. Pham Quang Vinh'],
  },
  vi: {
    width: 375,
    journalist: 'phongvien@example.org',
    editor: 'thuky@example.org',
    articles: 'Bài viết',
    newArticle: /^Viết bài mới: Tạp chí Sông Hồng$/,
    title: 'Tiêu đề',
    lead: 'Sapo',
    heading: /^Tiêu đề mục/,
    describe: 'Mô tả ảnh trước khi tải lên',
    alt: /^Mô tả cho người đọc/,
    caption: 'Chú thích',
    credit: 'Nguồn ảnh',
    upload: 'Tải lên',
    authors: 'Tác giả, theo thứ tự ghi tên',
    pick: 'Chọn từ thư viện…',
    picker: 'Chọn ảnh',
    find: 'Tìm theo chú thích, nguồn ảnh hoặc mô tả',
    saved: /^Đã tự động lưu lúc/,
    offline: /^Mất kết nối/,
    restore: 'Đưa lại vào biểu mẫu',
    submit: 'Gửi duyệt',
    submitted: 'Đã gửi duyệt.',
    review: 'Chờ duyệt',
    publish: 'Đăng hoặc hẹn giờ',
    published: 'Đã đăng.',
    open: 'Mở trang công khai',
    path: /^\/ngu-dan-ha-long-tro-ve-luc-binh-minh-\d+\.html$/,
    words: {
      title: 'Ngư dân Hạ Long trở về lúc bình minh',
      lead: 'Một buổi sáng trên vịnh cùng các thuyền cá.',
      first: 'Thuyền về bến trước sáu giờ.',
      heading: 'Mẻ lưới',
      last: 'Chủ yếu là mực',
      alt: 'Thuyền cá cập cảng trong nắng sớm',
      caption: 'Thuyền về bến lúc bình minh',
      credit: 'Vũ Phóng Viên',
      offline: 'Giá cá ở chợ tăng một phần ba.',
    },
    authorQueries: ['hong lan', 'quang vinh'],
    authorNames: ['Đại tá Nguyễn Thị Hồng Lan', 'Thiếu tướng Phạm Quang Vinh'],
  },
};

async function signIn(page, email) {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Mật khẩu').fill('a long passphrase');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`${base}/admin/`);
}

// Waits until `check` gives something truthy (the page's CSP forbids waitForFunction's eval).
async function eventually(check, what, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) assert.fail(`${what}: not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Pastes a photo drawn on a canvas into the text, as a screenshot tool would put it there.
async function pastePhoto(page) {
  await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 960;
    canvas.height = 640;
    const g = canvas.getContext('2d');
    g.fillStyle = '#1d4e89';
    g.fillRect(0, 0, 960, 640);
    g.fillStyle = '#f6c343';
    g.beginPath();
    g.arc(480, 300, 140, 0, 2 * Math.PI);
    g.fill();
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    const data = new DataTransfer();
    data.items.add(new File([blob], 'screenshot.png', { type: 'image/png' }));
    document.querySelector('.cm-content').dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
}

const bodyOf = (page) => page.locator('#body').inputValue();
const byline = (page) =>
  page.locator('#authors').evaluate((select) => [...select.selectedOptions].map((o) => o.textContent));

async function writeSubmitPublish(lang) {
  const f = flows[lang];
  const w = f.words;
  const context = await browser.newContext({ viewport: { width: f.width, height: 900 } });
  let page = await context.newPage();
  const errors = [];
  const listen = (p) => {
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => m.type() === 'error' && !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(m.text()) && errors.push(m.text()));
  };
  listen(page);
  const shoot = async (name) => {
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, `writing-${lang}-${name}.png`), fullPage: true });
  };
  try {
    await signIn(page, f.journalist);
    await page.getByRole('link', { name: f.articles, exact: true }).click();
    await page.getByRole('link', { name: f.newArticle }).click();
    await page.getByLabel(f.title, { exact: true }).fill(w.title);
    await page.getByLabel(f.lead, { exact: true }).fill(w.lead);

    // The toolbar and its shortcuts write the Markdown.
    const text = page.locator('.cm-content');
    assert.equal(await page.locator('#body').isVisible(), false, 'the plain field gives way to the writing view');
    await text.click();
    await page.keyboard.type(w.first);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(w.heading);
    await page.getByRole('button', { name: f.heading }).click();
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type(w.last);
    await page.keyboard.press('Shift+Control+ArrowLeft');
    await page.keyboard.press('Control+b');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    const last = w.last.split(' ');
    assert.equal(await bodyOf(page),
      `${w.first}\n\n## ${w.heading}\n\n${last.slice(0, -1).join(' ')} **${last.at(-1)}**\n\n`);

    // A pasted photo is described at once, uploaded, and put in the text as a figure.
    await pastePhoto(page);
    const describe = page.getByRole('dialog', { name: f.describe });
    await describe.getByLabel(f.alt).fill(w.alt);
    await describe.getByLabel(f.caption).fill(w.caption);
    await describe.getByLabel(f.credit).fill(w.credit);
    await describe.getByRole('button', { name: f.upload }).click();
    const photo = await eventually(async () => (await bodyOf(page)).match(/media:(\d+)/)?.[1], 'the photo in the text');
    assert.match(await bodyOf(page), new RegExp(`!\\[${w.alt}\\]\\(media:${photo} "${w.caption} \\| ${w.credit}"\\)`));

    // Two authors found by typing, without diacritics, in byline order.
    const authors = page.getByRole('combobox', { name: f.authors });
    for (const query of f.authorQueries) {
      await authors.fill(query);
      await authors.press('Enter');
    }
    assert.deepEqual(await byline(page), f.authorNames);

    // The featured photo chosen by sight, found by a word of its caption.
    await page.getByRole('button', { name: f.pick }).click();
    const picker = page.getByRole('dialog', { name: f.picker });
    await picker.getByLabel(f.find).fill(w.caption.split(' ').at(-1));
    await eventually(async () => (await picker.locator('.photo-choice').count()) === 1, 'the photo found by its word');
    await picker.locator('.photo-choice').first().click();
    assert.equal(await page.locator('#featured').inputValue(), photo);

    // The live preview is the public page's own rendering.
    if (f.width < 1100) await page.getByRole('button', { name: lang === 'vi' ? 'Xem trước trực tiếp' : 'Live preview' }).click();
    const preview = page.frameLocator('.pane-preview iframe:not([hidden])');
    await eventually(async () => (await preview.locator('article .body figcaption').count()) === 1, 'the preview');
    assert.equal(await preview.locator('article h1').textContent(), w.title);
    assert.match(await preview.locator('article .body figcaption').textContent(), new RegExp(w.caption));
    assert.equal(await preview.locator('article .body strong').textContent(), last.at(-1));
    await shoot('writing');
    if (f.width < 1100) await page.getByRole('button', { name: lang === 'vi' ? 'Xem trước trực tiếp' : 'Live preview' }).click();

    // Saved automatically: a new article becomes a draft with its own address.
    await eventually(async () => f.saved.test(await page.locator('[data-autosave-status]').textContent()), 'an automatic save');
    assert.match(new URL(page.url()).pathname, /^\/admin\/articles\/\d+$/);
    const address = page.url();

    // The connection goes mid-edit; the tab is closed; nothing is lost.
    await context.setOffline(true);
    await text.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(w.offline);
    await eventually(async () => f.offline.test(await page.locator('[data-autosave-status]').textContent()), 'the lost connection said');
    const typed = await bodyOf(page);
    await page.close();
    await context.setOffline(false);
    page = await context.newPage();
    listen(page);
    await page.goto(address);
    await page.getByRole('button', { name: f.restore }).click();
    assert.equal(await bodyOf(page), typed);
    assert.match(await page.locator('.cm-content').textContent(), new RegExp(w.offline.replace('.', '\\.')));
    assert.deepEqual(await byline(page), f.authorNames);
    assert.equal(await page.locator('#featured').inputValue(), photo);
    await page.getByRole('button', { name: f.submit }).click();
    await page.waitForURL(/\?done=submitted/);
    assert.equal(await page.getByRole('status').filter({ hasText: f.submitted }).count(), 1);
    assert.deepEqual(errors, [], 'no script error and nothing the page\'s policy refused');
  } catch (error) {
    await shoot('failed');
    throw error;
  } finally {
    await context.close();
  }

  // An editor publishes it from the dashboard's review list.
  const desk = await browser.newContext({ viewport: { width: f.width, height: 900 } });
  page = await desk.newPage();
  try {
    await signIn(page, f.editor);
    await page.getByRole('region', { name: f.review }).getByRole('link', { name: w.title }).click();
    assert.deepEqual(await byline(page), f.authorNames);
    await page.getByRole('button', { name: f.publish }).click();
    await page.waitForURL(/\?done=published/);
    assert.equal(await page.getByRole('status').filter({ hasText: f.published }).count(), 1);
    await page.getByRole('link', { name: f.open }).click();
    await page.waitForLoadState('load');
    assert.match(new URL(page.url()).pathname, f.path);
    assert.equal(await page.locator('article h1').textContent(), w.title);
    const names = await page.locator('.byline .author a').allTextContents();
    assert.deepEqual(names, f.authorNames);
    assert.equal(await page.locator('figure.featured img').getAttribute('alt'), w.alt);
    assert.match(await page.locator('article .body figcaption').textContent(), new RegExp(w.caption));
    assert.match(await page.locator('article .body').textContent(), new RegExp(w.offline.replace('.', '\\.')));
  } catch (error) {
    await shoot('publish-failed');
    throw error;
  } finally {
    await desk.close();
  }
}

test('a journalist writes with the toolbar, a pasted photo and two authors, loses the connection, submits; an editor publishes', () =>
  writeSubmitPublish('en'));

test('the same in Vietnamese on a phone, for accounts that speak it', () => writeSubmitPublish('vi'));
