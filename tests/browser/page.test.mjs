// page.test.mjs — the page in headless Chromium: cross-origin isolated, the app reaches its
// first frames with the first example loaded, the canvas is drawn (pixels), themes follow the
// system, the canvas follows resizes. (playground.test.mjs runs programs; anyhost.test.mjs the
// page served without the headers.)
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
    assert.equal(await page.locator('#virtual-note').isHidden(), true);  // real threads: nothing to say
    assert.equal(ready.mode, 'threads');
    assert.equal(ready.threads_available, true);
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
