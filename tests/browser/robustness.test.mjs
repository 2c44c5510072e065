// robustness.test.mjs — the page keeps working whatever a page script or a program does: the
// API used before the module is ready; a recursion too deep for the stack; a program that
// allocates without bound; stop() while 31 spinning threads are still starting. After each,
// the same page runs the next program.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, browser } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

async function openPage() {
  const b = await browser();
  const page = b.context.pages()[0] ?? await b.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { b, page, errors };
}

const stdout = (state) => state.output.filter((l) => l.stream === 'stdout').map((l) => `${l.text}\n`).join('');
const stderr = (state) => state.output.filter((l) => l.stream === 'stderr').map((l) => `${l.text}\n`).join('');

// Loads a program (lines of text) into the page and runs it to its end: the final state.
const runProgram = (page, lines) => page.evaluate((source) => {
  window.brigade.load(source);
  return window.brigade.run();
}, lines.join('\n'));

// A ready page, handed to `body`; afterwards the page must still run a program to its end, with
// no error on the page.
async function onReadyPage(body) {
  const { b, page, errors } = await openPage();
  try {
    await page.goto(server.url);
    await page.evaluate(() => window.brigade.ready);
    await body(page);
    const state = await runProgram(page, ['fn main() {', '    println!("still here");', '}']);
    assert.equal(stdout(state), 'still here\n');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
}

test('every call works before ready: on() registers, load/run wait for the module, state() says loaded: false', async () => {
  const { b, page, errors } = await openPage();
  try {
    // As soon as the page's script has run (DOMContentLoaded), long before the module is there.
    await page.goto(server.url, { waitUntil: 'domcontentloaded' });
    const early = await page.evaluate(() => {
      const before = window.brigade.state();
      window.__lines = [];
      window.__exits = 0;
      window.brigade.on('output', (l) => window.__lines.push(l.text));
      window.brigade.on('exit', () => { window.__exits += 1; });
      const loading = window.brigade.load('fn main() {\n    println!("before ready");\n}\n');
      const source = window.brigade.source();
      window.__done = window.brigade.run({ speed: 10 });
      window.brigade.setTheme('dark');
      return { before, source, examples: window.brigade.examples(), promise: loading instanceof Promise };
    });
    assert.deepEqual(early.before, { frames: 0, loaded: false });
    assert.equal(early.source, 'fn main() {\n    println!("before ready");\n}\n');
    assert.deepEqual(early.examples, []);
    assert.equal(early.promise, true);
    const state = await page.evaluate(() => window.__done);
    assert.equal(state.outcome, 'finished');
    assert.equal(stdout(state), 'before ready\n');
    assert.deepEqual(await page.evaluate(() => window.__lines), ['before ready']);
    assert.equal(await page.evaluate(() => window.__exits), 1);
    assert.equal(await page.evaluate(() => window.brigade.state().loaded), true);
    assert.ok((await page.evaluate(() => window.brigade.examples())).length >= 9);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('recursion through a closure too deep for the stack ends as rustc\'s does, and the page goes on', () =>
  onReadyPage(async (page) => {
    const state = await runProgram(page, [
      'fn depth(n: u64) -> u64 {',
      '    if n == 0 { return 0; }',
      '    let v: Vec<u64> = (0..1u64).map(|_| depth(n - 1) + 1).collect();',
      '    v[0]',
      '}',
      'fn main() {',
      '    let h = std::thread::spawn(|| depth(1_000_000));',
      '    println!("{}", h.join().unwrap());',
      '}',
    ]);
    assert.equal(state.exit_code, 134, stderr(state));
    assert.match(stderr(state), /thread '<unnamed>' has overflowed its stack\nfatal runtime error: stack overflow, aborting/);
  }));

test('a program that allocates without bound stops at the memory limit, and the page goes on', () =>
  onReadyPage(async (page) => {
    const state = await runProgram(page, [
      'fn main() {',
      '    let mut s = String::from("ab");',
      '    for _ in 0..40 {',
      '        s = format!("{}{}", s, s);',
      '    }',
      '    println!("{}", s.len());',
      '}',
    ]);
    assert.equal(state.outcome, 'limit');
    assert.equal(state.exit_code, 1);
    assert.match(stderr(state), /limit reached: the program used more than 512 MiB of memory \(the memory limit\)/);
  }));

// The program a learner writes to see 31 threads at work; stopped while they are still
// starting (at once) and once they all spin. Stop is measured in the page's frames, not in
// milliseconds: before the threads came from a pool made at start-up, the first stop of a page
// waited seconds (dozens of frames) for the browser's main thread to start the workers.
const spinners = [
  'use std::thread;',
  'fn main() {',
  '    let mut handles = Vec::new();',
  '    for i in 0..31 {',
  '        handles.push(thread::spawn(move || {',
  '            let mut x: u64 = i;',
  '            loop { x = x.wrapping_mul(3).wrapping_add(1); }',
  '        }));',
  '    }',
  '    for h in handles { h.join().unwrap(); }',
  '}',
].join('\n');

test('stop ends 31 spinning threads within a few frames, also while they are still starting', () =>
  onReadyPage(async (page) => {
    for (const when of ['at once', 'first threads started', 'all spinning']) {
      const r = await page.evaluate(async ({ source, when }) => {
        window.brigade.load(source);
        const before = window.brigade.state().generation;
        const done = window.brigade.run({ speed: 1 });
        const want = { 'first threads started': 2, 'all spinning': 32 }[when];
        if (want) {
          await new Promise((resolve) => {
            const check = () => {
              const s = window.brigade.state();
              if (s.generation > before && s.threads.length >= want) resolve(); else setTimeout(check, 0);
            };
            check();
          });
        }
        const frames0 = window.brigade.state().frames;
        const t0 = performance.now();
        window.brigade.stop();
        const state = await done;
        return { outcome: state.outcome, frames: state.frames - frames0, ms: performance.now() - t0, threads: state.threads.length };
      }, { source: spinners, when });
      assert.equal(r.outcome, 'stopped', when);
      assert.ok(r.frames <= 5, `${when}: stop took ${r.frames} frames (${Math.round(r.ms)} ms, ${r.threads} threads)`);
      console.log(`stop (${when}): ${Math.round(r.ms)} ms, ${r.frames} frames, ${r.threads} threads`);
    }
  }));
