// anyhost.test.mjs — Brigade where nobody sends COOP/COEP: the playground and the tutorial page
// from `python3 -m http.server` (virtual time, said in the page's text), share links that load
// a program without running it, an example's edits kept across reloads, and a page of several
// embeds on another origin (mdBook's markup, element.brigade before and after ready).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serve, serveStatic, browser, artifacts, stdout, stderr } from './harness.mjs';

let plain;
before(async () => { plain = await serveStatic(); });
after(() => plain.stop());

async function open(url, { waitUntil = 'load', ...options } = {}) {
  const b = await browser(options);
  const page = b.context.pages()[0] ?? await b.context.newPage();
  const errors = [];
  const requested = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => requested.push(r.url()));
  await page.goto(url, { waitUntil });
  return { b, page, errors, requested };
}

test('from a plain static server the playground runs every example in virtual time, and says so in its text', async () => {
  const { b, page, errors, requested } = await open(plain.url);
  try {
    const ready = await page.evaluate(() => window.brigade.ready);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    assert.equal(ready.mode, 'virtual');
    assert.equal(ready.threads_available, false);
    assert.equal(await page.evaluate(() => window.brigade.mode), 'virtual');
    assert.ok(requested.some((u) => u.endsWith('/brigade-virtual.wasm')));
    assert.equal(requested.some((u) => u.endsWith('/brigade.js')), false, 'the threaded build is not loaded');
    const note = await page.locator('#virtual-note').innerText();
    assert.match(note, /virtual time/);
    assert.match(note, /not cross-origin isolated/);
    assert.match(note, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(note, /Cross-Origin-Embedder-Policy: require-corp/);
    for (const e of await page.evaluate(() => window.brigade.examples())) {
      const state = await page.evaluate((id) => { window.brigade.loadExample(id); return window.brigade.run({ speed: 50 }); }, e.id);
      assert.equal(state.mode, 'virtual', e.id);
      assert.equal(stdout(state), e.expected_output, `${e.id}'s output: ${stderr(state)}`);
      assert.equal(state.exit_code, e.expected_exit, `${e.id}'s exit code`);
    }
    // Asked for real threads, it still runs (in virtual time: nothing else can run here).
    const asked = await page.evaluate(() => { window.brigade.loadExample('rendezvous'); return window.brigade.run({ speed: 50, mode: 'threads' }); });
    assert.equal(asked.mode, 'virtual');
    assert.equal(asked.outcome, 'finished');
    // The same seed makes the same run; every outcome can be explored; stepping works.
    const again = await page.evaluate(async () => {
      window.brigade.loadExample('many_waiters');
      const one = await window.brigade.run({ speed: 50, mode: 'virtual', seed: 9 });
      const two = await window.brigade.run({ speed: 50, mode: 'virtual', seed: 9 });
      return [one.schedule, two.schedule, one.output.map((l) => l.text), two.output.map((l) => l.text)];
    });
    assert.equal(again[0], again[1]);
    assert.deepEqual(again[2], again[3]);
    const explored = await page.evaluate(() => window.brigade.explore({}));
    assert.equal(explored.complete, true);
    assert.ok(explored.outcomes.length >= 1);
    const stepped = await page.evaluate(async () => {
      window.brigade.loadExample('many_waiters');
      const done = window.brigade.run({ speed: 50, mode: 'step' });
      let points = 0;
      for (;;) {
        const s = window.brigade.state();
        if (!s.running && s.phase === 'ended') break;
        if (s.step && s.step.waiting) { await window.brigade.step(); points += 1; continue; }
        await new Promise((r) => requestAnimationFrame(r));
      }
      return { points, state: await done };
    });
    assert.ok(stepped.points >= 1);
    assert.equal(stepped.state.outcome, 'finished');
    await page.screenshot({ path: path.join(artifacts, 'anyhost-playground.png') });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a share link opens the program without running it, and runs it as it ran', async () => {
  const program = 'use std::thread;\n\nfn main() {\n    let h = thread::spawn(|| println!("from a link: worker"));\n' +
    '    println!("from a link: main");\n    h.join().unwrap();\n}\n';
  const { b, page } = await open(plain.url);
  try {
    await page.evaluate(() => window.brigade.ready);
    const first = await page.evaluate((p) => { window.brigade.load(p); return window.brigade.run({ speed: 50, mode: 'virtual', seed: 5 }); }, program);
    const link = await page.evaluate(() => window.brigade.share());
    assert.ok(link.startsWith(plain.url) && link.includes('#code=z'), link);
    assert.match(link, /mode=virtual/);
    // Every example's link stays under what chat apps keep whole.
    const longest = await page.evaluate(() => Math.max(...window.brigade.examples().map((e) => {
      window.brigade.load(e.source);
      return window.brigade.share().length;
    })));
    assert.ok(longest < 2000, `the longest example's link has ${longest} characters`);
    const other = await b.context.newPage();
    await other.goto(link);
    const opened = await other.evaluate(() => window.brigade.ready);
    await other.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await other.evaluate(() => window.brigade.state());
    assert.equal(await other.evaluate(() => window.brigade.source()), program);
    assert.equal(now.generation, 0, 'opening a link never runs it');
    assert.equal(now.phase, 'idle');
    assert.equal(opened.running, false);
    const ran = await other.evaluate(() => window.brigade.run({ speed: 50 }));
    assert.equal(stdout(ran), stdout(first));
    assert.equal(ran.schedule, first.schedule);
    // A damaged link changes nothing and says why.
    const damaged = await b.context.newPage();
    const messages = [];
    damaged.on('console', (m) => messages.push(m.text()));
    await damaged.goto(`${plain.url}#code=z!!!`);
    const state = await damaged.evaluate(() => window.brigade.ready);
    assert.equal(state.example, 'bounded_one');
    assert.ok(messages.some((m) => /damaged/.test(m)), messages.join('\n'));
  } finally {
    await b.close();
  }
});

test("an example's edits are kept across reloads until Reset example", async () => {
  const { b, page } = await open(plain.url);
  try {
    await page.evaluate(() => window.brigade.ready);
    // The capacity switch rewrites the example in the editor: an edit like any other.
    const ran = await page.evaluate(() => window.brigade.run({ speed: 50, capacity: 4 }));
    assert.equal(ran.example, 'bounded_one');
    assert.match(await page.evaluate(() => window.brigade.source()), /sync_channel\(4\)/);
    await page.reload();
    let state = await page.evaluate(() => window.brigade.ready);
    assert.equal(state.example, 'bounded_one');
    assert.equal(state.edited, true);
    assert.match(await page.evaluate(() => window.brigade.source()), /sync_channel\(4\)/);
    await page.evaluate(() => window.brigade.resetExample());
    state = await page.evaluate(() => window.brigade.state());
    assert.equal(state.edited, false);
    assert.match(await page.evaluate(() => window.brigade.source()), /sync_channel\(1\)/);
    await page.reload();
    await page.evaluate(() => window.brigade.ready);
    assert.match(await page.evaluate(() => window.brigade.source()), /sync_channel\(1\)/);
  } finally {
    await b.close();
  }
});

test('the tutorial page from a plain static server: every example a widget, run in virtual time', async () => {
  const { b, page, errors, requested } = await open(`${plain.url}tutorial.html`);
  try {
    const blocks = await page.evaluate(() => document.querySelectorAll('pre[data-brigade]').length);
    const widgets = await page.evaluate(() => [...document.querySelectorAll('pre.brigade-widget')].map((p) => p.id));
    assert.ok(blocks >= 9);
    assert.equal(widgets.length, blocks);
    assert.ok(widgets.includes('example-deadlock'));
    const examples = await page.evaluate(async () => {
      // The playground's examples, for their expected output: the same module, already loaded.
      await document.getElementById('example-bounded_one').brigade.ready;
      return window.brigade.examples();
    });
    for (const id of ['unbounded', 'bounded_one', 'rendezvous', 'deadlock']) {
      const expected = examples.find((e) => e.id === id);
      const state = await page.evaluate((pre) => document.getElementById(pre).brigade.run({ speed: 50 }), `example-${id}`);
      assert.equal(state.mode, 'virtual');
      assert.equal(stdout(state), expected.expected_output, id);
      assert.equal(state.exit_code, expected.expected_exit, id);
      const shown = await page.locator(`#example-${id} .brigade-console`).innerText();
      assert.ok(shown.includes(expected.expected_output.split('\n')[0]), `${id}'s console shows its output`);
    }
    assert.match(await page.locator('#example-deadlock .brigade-console').innerText(), /error: deadlock/);
    const note = await page.locator('#example-deadlock .brigade-note').innerText();
    assert.match(note, /not cross-origin isolated/);
    assert.equal(requested.filter((u) => u.endsWith('.wasm')).length, 1, 'one module for the page');
    await page.locator('#example-deadlock').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(artifacts, 'anyhost-tutorial.png') });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a page of several embeds on another origin, in the page itself: mdBook markup, element.brigade before and after ready', async () => {
  const brigade = await serve({ isolation: false });  // Brigade's own server: CORS for the module
  const dir = mkdtempSync(path.join(tmpdir(), 'brigade-host-'));
  writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>A book</title>
<script src="${brigade.url}embed.js" data-brigade-auto data-brigade-inline defer></script></head><body>
<h1>Chapter 16</h1>
<pre id="first"><code class="language-rust">use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let val = String::from("hi");
        tx.send(val).unwrap();
    });
    let received = rx.recv().unwrap();
    println!("Got: {received}");
}
</code></pre>
<pre id="broken"><code class="language-rust ignore does_not_compile">fn main() {
    let x = 5;
    println!("{}", y);
}
</code></pre>
<pre id="plain"><code class="language-rust noplayground">fn main() { println!("not a widget"); }</code></pre>
<pre id="fragment"><code class="language-rust">let v = vec![1, 2, 3];</code></pre>
<pre id="marked" data-brigade>fn main() {
    println!("marked by hand");
}
</pre>
</body></html>`);
  const host = await serveStatic(dir);
  assert.notEqual(new URL(host.url).origin, new URL(brigade.url).origin);
  const { b, page, errors } = await open(host.url, { waitUntil: 'domcontentloaded' });
  try {
    await page.waitForFunction(() => document.getElementById('first').brigade);
    // Before the module is there: run() waits for it, state() says so.
    const early = await page.evaluate(() => {
      const before = document.getElementById('first').brigade.state();
      window.__first = document.getElementById('first').brigade.run({ speed: 50 });
      return before;
    });
    assert.equal(early.phase, 'idle');
    const first = await page.evaluate(() => window.__first);
    assert.equal(first.outcome, 'finished');
    assert.equal(stdout(first), 'Got: hi\n');
    assert.equal(first.widget, 'first');
    const kinds = await page.evaluate(() => ['first', 'broken', 'plain', 'fragment', 'marked']
      .map((id) => [id, !!document.getElementById(id).brigade]));
    assert.deepEqual(kinds, [['first', true], ['broken', true], ['plain', false], ['fragment', false], ['marked', true]]);
    const broken = await page.evaluate(() => document.getElementById('broken').brigade.run());
    assert.equal(broken.phase, 'compile-failed');
    assert.match(broken.problems[0].rendered, /cannot find value `y` in this scope/);
    assert.match(await page.locator('#broken .brigade-console').innerText(), /error\[E0425\]: cannot find value `y` in this scope/);
    // Two at once from automation: the second waits its turn.
    const both = await page.evaluate(async () => {
      const m = document.getElementById('marked').brigade;
      await m.load('fn main() {\n    println!("loaded by the page");\n}\n');
      return Promise.all([document.getElementById('first').brigade.run({ speed: 50 }), m.run({ speed: 50 })]);
    });
    assert.equal(stdout(both[0]), 'Got: hi\n');
    assert.equal(stdout(both[1]), 'loaded by the page\n');
    assert.equal(await page.evaluate(() => document.getElementById('marked').brigade.source()), 'fn main() {\n    println!("loaded by the page");\n}\n');
    const href = await page.locator('#first a.brigade-open').getAttribute('href');
    assert.ok(href.startsWith(`${brigade.url}index.html#code=z`), href);
    await page.screenshot({ path: path.join(artifacts, 'anyhost-embeds.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
    host.stop();
    brigade.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("served by web/serve.py (isolated), the tutorial's widgets run real threads", async () => {
  const isolated = await serve();
  const { b, page, errors } = await open(`${isolated.url}tutorial.html`);
  try {
    const state = await page.evaluate(() => document.getElementById('example-rendezvous').brigade.run({ speed: 50 }));
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    assert.equal(state.mode, 'threads');
    assert.equal(state.outcome, 'finished');
    assert.equal(await page.locator('#example-rendezvous .brigade-note').isHidden(), true);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
    isolated.stop();
  }
});

test('embeds from another origin become iframes of frame.html: element.brigade by postMessage, real threads where the frame is isolated', async () => {
  for (const isolation of [false, true]) {
    const brigade = await serve({ isolation });
    const dir = mkdtempSync(path.join(tmpdir(), 'brigade-host-'));
    writeFileSync(path.join(dir, 'index.html'), `<!doctype html><html><head><meta charset="utf-8"><title>A blog</title>
<script src="${brigade.url}embed.js" defer></script></head><body>
<p>A post about channels.</p>
<pre id="hello" data-brigade>use std::sync::mpsc;
use std::thread;

fn main() {
    let (tx, rx) = mpsc::sync_channel(0);
    thread::spawn(move || tx.send("handed over").unwrap());
    println!("{}", rx.recv().unwrap());
}
</pre>
<pre id="other" data-brigade>fn main() {
    println!("second");
}
</pre>
</body></html>`);
    const host = await serveStatic(dir);
    const { b, page, errors } = await open(host.url, { waitUntil: 'domcontentloaded' });
    try {
      await page.waitForFunction(() => document.getElementById('hello').brigade);
      // Called before the frame exists: queued until it says hello.
      const state = await page.evaluate(() => document.getElementById('hello').brigade.run({ speed: 50 }));
      assert.equal(stdout(state), 'handed over\n');
      assert.equal(state.mode, isolation ? 'threads' : 'virtual', `isolation ${isolation}`);
      assert.equal(await page.locator('#hello iframe').getAttribute('allow'), 'cross-origin-isolated');
      assert.equal(await page.evaluate(() => document.getElementById('hello').brigade.state().outcome), 'finished');
      // A program the page loads is shown, but runs only once the reader presses Run.
      const refused = await page.evaluate(async () => {
        const w = document.getElementById('other').brigade;
        await w.load('fn main() {\n    println!("from the page");\n}\n');
        try { await w.run(); return 'ran'; } catch (e) { return e.message; }
      });
      assert.match(refused, /reader presses Run/);
      const frame = page.frameLocator('#other iframe');
      await frame.locator('button.brigade-run').click();
      await frame.locator('.brigade-end').waitFor();
      assert.match(await frame.locator('.brigade-console').innerText(), /from the page/);
      assert.deepEqual(errors, []);
    } finally {
      await b.close();
      host.stop();
      brigade.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
