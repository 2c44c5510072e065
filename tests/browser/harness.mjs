// harness.mjs — what the browser tests share: the dev server, Debian's headless Chromium
// through playwright-core, and pixel checks with ImageMagick. No sleeps: every wait is for a
// condition (a server's first line, a page state).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '..', '..');
export const artifacts = path.join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

// Start web/serve.py on a free port; resolves with { url, stop } once it prints its address.
export function serve({ isolation = true } = {}) {
  const args = [path.join(root, 'web', 'serve.py'), '--port', '0', '--root', path.join(root, 'build', 'web', 'site')];
  if (!isolation) args.push('--no-isolation');
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/Serving Brigade at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) resolve({ url: m[1], stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`serve.py exited with ${code} before serving`)));
  });
}

// A plain static server, as any host is: python3 -m http.server in `dir`, with no special
// headers at all (no COOP/COEP, no CORS). Resolves with { url, stop }.
export function serveStatic(dir = path.join(root, 'build', 'web', 'site')) {
  const child = spawn('python3', ['-u', '-m', 'http.server', '0', '--bind', '127.0.0.1', '--directory', dir],
    { stdio: ['ignore', 'pipe', 'ignore'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/port (\d+)/);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}/`, stop: () => child.kill() });
    });
    child.on('exit', (code) => reject(new Error(`http.server exited with ${code} before serving`)));
  });
}

export async function browser(options = {}) {
  const profile = mkdtempSync(path.join(tmpdir(), 'brigade-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--disable-quic', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
    ...options,
  });
  return {
    context,
    close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); },
  };
}

// A fresh browser on the page at `url`, once window.brigade is ready; the page's errors are
// collected in `errors` (a test expects none).
export async function openPage(url, { colorScheme = 'dark', ...options } = {}) {
  const b = await browser({ colorScheme, ...options });
  const page = b.context.pages()[0] ?? await b.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  await page.evaluate(() => window.brigade.ready);
  return { b, page, errors };
}

// Waits for `n` frames of the page (never for a time).
export async function frames(page, n = 2) {
  await page.evaluate((count) => new Promise((resolve) => {
    let k = 0;
    const step = () => (++k >= count ? resolve() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), n);
}

// A click that ImGui cannot miss: the pointer arrives, then the button is held across frames.
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page);
  await page.mouse.down();
  await frames(page);
  await page.mouse.up();
  await frames(page);
}

// What a state() says its program printed on stdout (or stderr), a line each.
export const stdout = (state) => state.output.filter((l) => l.stream === 'stdout').map((l) => `${l.text}\n`).join('');
export const stderr = (state) => state.output.filter((l) => l.stream === 'stderr').map((l) => `${l.text}\n`).join('');

// Colour statistics of a PNG: how many distinct colours, mean brightness and its spread (0..1).
export function pixelStats(pngPath) {
  const out = execFileSync('convert', [pngPath, '-format', '%k %[fx:mean] %[fx:standard_deviation]', 'info:'])
    .toString().trim().split(/\s+/).map(Number);
  return { colors: out[0], mean: out[1], spread: out[2] };
}
