// page.test.mjs — the page in headless Chromium: cross-origin isolated, the app reaches its
// first frames with the first example loaded, the canvas is drawn (pixels), themes follow the
// system, the canvas follows resizes; without the headers, the page explains.
// (playground.test.mjs runs programs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, browser, pixelStats, artifacts } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

async function openPage(colorScheme) {
  const b = await browser({ colorScheme });
  const page = b.context.pages()[0] ?? await b.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(server.url);
  return { b, page, errors };
}

test('the page is cross-origin isolated and the app draws its first frames', async () => {
  const { b, page, errors } = await openPage('dark');
  try {
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const ready = await page.evaluate(() => window.brigade.ready);
    assert.ok(ready.frames >= 3, `frames: ${ready.frames}`);
    assert.equal(ready.gl_error, null, 'the floor shader compiled and linked');
    // The first example is in the editor, nothing runs yet.
    assert.equal(ready.example, 'bounded_one');
    assert.equal(ready.running, false);
    assert.equal(ready.phase, 'idle');
    assert.match(await page.evaluate(() => window.brigade.source()), /sync_channel\(1\)/);
    assert.equal(await page.locator('#isolation-error').isHidden(), true);
    const shot = path.join(artifacts, 'page-dark.png');
    await page.screenshot({ path: shot });
    const stats = pixelStats(shot);
    assert.ok(stats.colors > 200, `a drawn canvas has many colours, got ${stats.colors}`);
    assert.ok(stats.spread > 0.03, `not a flat fill, spread ${stats.spread}`);
    assert.equal((await page.evaluate(() => window.brigade.state())).theme, 'dark');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('the light theme follows the system preference', async () => {
  const { b, page } = await openPage('light');
  try {
    await page.evaluate(() => window.brigade.ready);
    assert.equal((await page.evaluate(() => window.brigade.state())).theme, 'light');
    const shot = path.join(artifacts, 'page-light.png');
    await page.screenshot({ path: shot });
    const light = pixelStats(shot);
    const dark = pixelStats(path.join(artifacts, 'page-dark.png'));
    assert.ok(light.mean > dark.mean + 0.2, `light ${light.mean} should be brighter than dark ${dark.mean}`);
  } finally {
    await b.close();
  }
});

test('the canvas fills the page and follows resizes', async () => {
  const { b, page } = await openPage('dark');
  try {
    await page.evaluate(() => window.brigade.ready);
    let state = await page.evaluate(() => window.brigade.state());
    assert.equal(state.width, 1280);
    assert.equal(state.height, 800);
    await page.setViewportSize({ width: 900, height: 640 });
    await page.waitForFunction(() => window.brigade.state().width === 900 && window.brigade.state().height === 640);
    await page.setViewportSize({ width: 390, height: 760 });  // a phone
    await page.waitForFunction(() => window.brigade.state().width === 390);
    await page.screenshot({ path: path.join(artifacts, 'page-phone.png') });
    state = await page.evaluate(() => window.brigade.state());
    assert.ok(state.frames > 3);
  } finally {
    await b.close();
  }
});

test('served without COOP/COEP, the page explains what is wrong and how to serve it', async () => {
  const plain = await serve({ isolation: false });
  const b = await browser();
  try {
    const page = b.context.pages()[0] ?? await b.context.newPage();
    const requested = [];
    page.on('request', (r) => requested.push(r.url()));
    await page.goto(plain.url);
    const notice = page.locator('#isolation-error');
    await notice.waitFor({ state: 'visible' });
    const text = await notice.innerText();
    assert.match(text, /cross-origin isolat/i);
    assert.match(text, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(text, /Cross-Origin-Embedder-Policy: require-corp/);
    assert.match(text, /scripts\/play\.sh/);
    assert.equal(requested.some((u) => u.endsWith('/brigade.js')), false, 'the module is not loaded');
    await page.screenshot({ path: path.join(artifacts, 'page-not-isolated.png') });
  } finally {
    await b.close();
    plain.stop();
  }
});
