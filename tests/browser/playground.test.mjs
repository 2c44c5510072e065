// playground.test.mjs — programs run in the page, in headless Chromium, through window.brigade
// and through the keyboard: every example gives its expected output; the states each example
// is about are observed live; the deadlock is diagnosed; Ctrl+Enter runs; a compile error shows
// its marker; typing and pasting edit the program; pause freezes program time; the capacity
// switch rewrites the program. Screenshots of the scene mid-run and of the timeline at the end,
// light and dark, are checked not blank and kept in artifacts/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serve, openPage as openPageAt, pixelStats, artifacts, stdout, stderr, frames, clickAt } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const openPage = (colorScheme = 'dark', options = {}) => openPageAt(server.url, { colorScheme, ...options });

// ImGui 1.86 reads keys as held-down state once a frame: a key must stay down across a frame
// to count. tap() holds it for two frames (waiting on frames, not on time).
async function tap(page, combo) {
  const keys = combo.split('+');
  for (const k of keys) { await page.keyboard.down(k); await frames(page); }
  for (const k of keys.reverse()) { await page.keyboard.up(k); await frames(page); }
}

function assertDrawn(file) {
  const stats = pixelStats(file);
  assert.ok(stats.colors > 200, `${file}: a drawn canvas has many colours, got ${stats.colors}`);
  assert.ok(stats.spread > 0.03, `${file}: not a flat fill, spread ${stats.spread}`);
  return stats;
}

test('every example, loaded and run through window.brigade, prints its expected output', async () => {
  const { b, page, errors } = await openPage();
  try {
    const examples = await page.evaluate(() => window.brigade.examples());
    assert.equal(examples.length, 13);
    for (const e of examples) {
      assert.ok(e.title && e.caption && e.source, `${e.id} has a title, a caption and a program`);
      const state = await page.evaluate(async (id) => {
        window.brigade.loadExample(id);
        return window.brigade.run({ speed: 50 });
      }, e.id);
      assert.equal(state.phase, 'ended', `${e.id}: ${stderr(state)}`);
      assert.equal(stdout(state), e.expected_output, `${e.id}'s output`);
      assert.equal(state.exit_code, e.expected_exit, `${e.id}'s exit code`);
      assert.equal(state.example, e.id);
    }
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

for (const theme of ['dark', 'light']) {
  test(`capacity 1, live (${theme}): the waiter blocks on send while the carousel holds its one ticket`, async () => {
    const { b, page, errors } = await openPage(theme);
    try {
      const outputs = [];
      await page.evaluate(() => { window.__lines = []; window.brigade.on('output', (l) => window.__lines.push(l)); });
      await page.evaluate(() => { window.brigade.loadExample('bounded_one'); window.__done = window.brigade.run({ speed: 2 }); });
      // Observed in the live state, as the scene draws it.
      await page.waitForFunction(() => {
        const s = window.brigade.state();
        const carousel = s.channels.find((c) => c.number === 1);
        return s.running && carousel && carousel.len === 1 && carousel.capacity === 1 &&
          s.threads.some((t) => t.role === 'waiter' && t.state === 'blocked on send' && t.waits_on === carousel.id) &&
          s.scene.waiters === 1 && s.scene.chefs === 1 && s.scene.tickets >= 1;
      });
      const mid = path.join(artifacts, `scene-mid-run-${theme}.png`);
      await page.screenshot({ path: mid });
      assertDrawn(mid);
      const state = await page.evaluate(() => window.__done);
      assert.equal(state.outcome, 'finished');
      const carousel = state.channels.find((c) => c.number === 1);
      assert.ok(carousel.full_waits >= 1, 'the model counted the waits on the full carousel');
      assert.ok(carousel.blocked_send_ms > 0, 'the backpressure, measured');
      outputs.push(...await page.evaluate(() => window.__lines));
      assert.deepEqual(outputs.filter((l) => l.stream === 'stdout').map((l) => l.text).slice(-1), ['Kitchen closed']);
      assert.ok(outputs.every((l) => l.thread === 'main'), 'main is the chef: it prints every line');
      // The timeline at the end: a lane per thread, segments and send -> receive links drawn
      // (links closer than a few pixels share one line, so fewer than the five messages).
      await page.waitForFunction(() => window.brigade.state().timeline.links_drawn >= 3);
      const end = path.join(artifacts, `timeline-end-${theme}.png`);
      await page.screenshot({ path: end });
      const stats = assertDrawn(end);
      if (theme === 'light') assert.ok(stats.mean > 0.6, `the light theme is light (mean ${stats.mean})`);
      if (theme === 'dark') assert.ok(stats.mean < 0.4, `the dark theme is dark (mean ${stats.mean})`);
      const final = await page.evaluate(() => window.brigade.state());
      assert.ok(final.timeline.lanes >= 2 && final.timeline.segments_drawn >= 3);
      assert.deepEqual(errors, []);
    } finally {
      await b.close();
    }
  });
}

test('the deadlock example is diagnosed, and the scene keeps the moment it was found', async () => {
  const { b, page } = await openPage();
  try {
    const state = await page.evaluate(() => { window.brigade.loadExample('deadlock'); return window.brigade.run({ speed: 8 }); });
    assert.equal(state.outcome, 'deadlock');
    assert.equal(state.exit_code, 1);
    const err = stderr(state);
    assert.match(err, /deadlock/);
    assert.match(err, /thread 'main' waits to receive on channel #1/);
    assert.match(err, /src\/main\.rs:18:18/);
    assert.match(err, /drop\(tx\)/);
    const main = state.threads.find((t) => t.name === 'main');
    assert.equal(main.state, 'blocked on recv');
    await page.screenshot({ path: path.join(artifacts, 'deadlock.png') });
  } finally {
    await b.close();
  }
});

test('Ctrl+Enter runs the program in the editor; typing edits it', async () => {
  const { b, page } = await openPage();
  try {
    await page.evaluate(() => window.brigade.load('fn main() {\n    println!("first");\n}\n'));
    await clickAt(page, 250, 160);  // into the editor
    await page.waitForFunction(() => window.brigade.state().editor.focused);
    await tap(page, 'Control+End');
    await page.keyboard.type('// typed');
    await page.waitForFunction(() => window.brigade.source().includes('// typed'));
    const before = (await page.evaluate(() => window.brigade.state())).generation;
    await tap(page, 'Control+Enter');
    await page.waitForFunction((g) => {
      const s = window.brigade.state();
      return s.generation > g && s.phase === 'ended';
    }, before);
    const state = await page.evaluate(() => window.brigade.state());
    assert.equal(stdout(state), 'first\n');
    assert.equal(state.exit_code, 0);
  } finally {
    await b.close();
  }
});

test('a compile error shows its marker in the editor and its line:col in the problems', async () => {
  const { b, page } = await openPage();
  try {
    const state = await page.evaluate(() => {
      window.brigade.load('fn main() {\n    let x = ;\n    println!("{}", y);\n}\n');
      return window.brigade.run();
    });
    assert.equal(state.phase, 'compile-failed');
    assert.ok(state.problems.length >= 1);
    assert.deepEqual([state.problems[0].line, state.problems[0].column], [2, 13]);
    await page.waitForFunction(() => window.brigade.state().editor.markers >= 1);
    await page.screenshot({ path: path.join(artifacts, 'compile-error.png') });
  } finally {
    await b.close();
  }
});

test('checked as you type: a use after a send is refused with E0382 before any Run, and cleared when fixed', async () => {
  const { b, page } = await openPage();
  try {
    await page.evaluate(() => window.brigade.load(
      'use std::sync::mpsc;\n\nfn main() {\n    let (tx, rx) = mpsc::channel();\n    let val = String::from("hi");\n    tx.send(val).unwrap();\n}\n'));
    await page.waitForFunction(() => { const c = window.brigade.state().checked; return c && c.length === 0; });
    // Type the mistake with real keys, at the end of line 6: no Run.
    await clickAt(page, 250, 120);
    await page.waitForFunction(() => window.brigade.state().editor.focused);
    await tap(page, 'Control+Home');
    for (let i = 0; i < 5; ++i) await tap(page, 'ArrowDown');
    await tap(page, 'End');
    await tap(page, 'Enter');
    await page.keyboard.type('println!("{val}");');
    await page.waitForFunction(() => {
      const c = window.brigade.state().checked;
      return c && c.length === 1 && c[0].code === 'E0382';
    });
    const state = await page.evaluate(() => window.brigade.state());
    assert.equal(state.phase, 'idle');
    assert.match(state.checked[0].message, /borrow of moved value: `val`/);
    await page.waitForFunction(() => window.brigade.state().editor.markers >= 1);
    await page.screenshot({ path: path.join(artifacts, 'checked-as-you-type.png') });
    // Undo the line: the problem goes.
    for (let i = 0; i < 18; ++i) await tap(page, 'Backspace');
    await page.waitForFunction(() => { const c = window.brigade.state().checked; return c && c.length === 0; });
  } finally {
    await b.close();
  }
});

test('#brigade-a11y: a polite live region says in words what the scene, console and problems show', async () => {
  const { b, page } = await openPage();
  try {
    const region = await page.evaluate(() => {
      const r = document.getElementById('brigade-a11y');
      const box = r.getBoundingClientRect();
      return { live: r.getAttribute('aria-live'), role: r.getAttribute('role'), width: box.width, height: box.height };
    });
    assert.equal(region.live, 'polite');
    assert.equal(region.role, 'status');
    assert.ok(region.width <= 1 && region.height <= 1, JSON.stringify(region));  // visually hidden
    await page.evaluate(() => window.brigade.load(
      'use std::sync::mpsc;\nuse std::thread;\n\nfn main() {\n    let (tx, rx) = mpsc::sync_channel(1);\n' +
      '    let waiter = thread::spawn(move || {\n        for i in 1..=3 {\n            tx.send(i).unwrap();\n        }\n    });\n' +
      '    for order in rx {\n        println!("cooked {order}");\n    }\n    waiter.join().unwrap();\n}\n'));
    await page.evaluate(() => window.brigade.run({ mode: 'virtual', seed: 1 }));
    // The mirror catches up within its half-second refresh.
    await page.waitForFunction(() => document.getElementById('brigade-a11y').textContent.includes('cooked 3'));
    const text = await page.evaluate(() => [...document.getElementById('brigade-a11y').children].map((p) => p.textContent));
    assert.ok(text.some((l) => /^Finished after .* exit code 0\.$/.test(l)), text.join('\n'));
    assert.ok(text.some((l) => /, waiter: finished\.$/.test(l)), text.join('\n'));
    assert.ok(text.some((l) => l.startsWith('carousel #1 — sync_channel(1): 0 of 1; 3 sent, 3 received')), text.join('\n'));
    assert.ok(text.includes('Output: cooked 3'), text.join('\n'));
    // A mistake, checked as it is typed, is read out too.
    await page.evaluate(() => window.brigade.load('fn main() {\n    let count = 0;\n    count += 1;\n}\n'));
    await page.waitForFunction(() => document.getElementById('brigade-a11y').textContent.includes('Error at line 3, column 5'));
    assert.match(await page.evaluate(() => window.brigade.a11y()), /cannot assign twice to immutable variable `count` \(E0384\)/);
  } finally {
    await b.close();
  }
});

test('no label of the scene covers another or leaves its panel, for every example at three sizes', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 900, height: 600 }, { width: 390, height: 844 }]) {
    const { b, page } = await openPage('dark', { viewport });
    try {
      const ids = await page.evaluate(() => window.brigade.examples().map((e) => e.id));
      assert.ok(ids.length >= 10);
      for (const id of ids) {
        // Every frame of the run counts (the worst one is kept): its busiest moment included.
        const scene = await page.evaluate(async (example) => {
          await window.brigade.loadExample(example);
          const end = await window.brigade.run({ speed: 20 });
          return end.scene;
        }, id);
        assert.equal(scene.worst_label_overlaps, 0, `${id} at ${viewport.width}x${viewport.height}`);
        assert.equal(scene.worst_labels_outside, 0, `${id} at ${viewport.width}x${viewport.height}`);
      }
    } finally {
      await b.close();
    }
  }
});

test('the editor shares the system clipboard: paste into it, copy out of it', async () => {
  const { b, page } = await openPage('dark', { permissions: ['clipboard-read', 'clipboard-write'] });
  try {
    await page.evaluate(() => window.brigade.load('fn main() {\n}\n'));
    await clickAt(page, 250, 120);
    await page.waitForFunction(() => window.brigade.state().editor.focused);
    await tap(page, 'Control+Home');
    await tap(page, 'End');
    await tap(page, 'Enter');
    // Pressing Ctrl readies the page for the browser's paste (the hidden field takes the focus).
    await page.keyboard.down('Control');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'paste-sink');
    // Headless Chromium does not run its paste command for synthetic keys (not even in a plain
    // textarea), so the test delivers the paste event the browser would send there.
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '    println!("pasted");\r\n');
      document.getElementById('paste-sink').dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await page.keyboard.up('Control');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'canvas');
    await page.waitForFunction(() => window.brigade.source().includes('println!("pasted");'));
    const state = await page.evaluate(() => window.brigade.run({ speed: 10 }));
    assert.equal(stdout(state), 'pasted\n', JSON.stringify(state.problems));
    // Copy: ImGui's Ctrl+C writes the selection to the system clipboard.
    await clickAt(page, 250, 120);
    await page.waitForFunction(() => window.brigade.state().editor.focused);
    await tap(page, 'Control+A');
    await tap(page, 'Control+C');
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).includes('println!("pasted")'));
  } finally {
    await b.close();
  }
});

test('pause freezes program time; stop ends a program that would run for an hour', async () => {
  const { b, page } = await openPage();
  try {
    await page.evaluate(() => {
      window.brigade.load('use std::thread;\nuse std::time::Duration;\nfn main() {\n    loop {\n        thread::sleep(Duration::from_millis(10));\n    }\n}\n');
      window.__done = window.brigade.run({ speed: 1 });
    });
    await page.waitForFunction(() => window.brigade.state().running && window.brigade.state().time > 0.05);
    await page.evaluate(() => window.brigade.pause(true));
    await page.waitForFunction(() => window.brigade.state().paused);
    // Frozen: the same program time over several frames (the page keeps drawing).
    const frozen = await page.evaluate(() => new Promise((resolve) => {
      const first = window.brigade.state();
      let frames = 0;
      const step = () => {
        if (++frames < 20) { requestAnimationFrame(step); return; }
        const later = window.brigade.state();
        resolve({ a: first.time, b: later.time, drawn: later.frames - first.frames });
      };
      requestAnimationFrame(step);
    }));
    assert.equal(frozen.a, frozen.b);
    assert.ok(frozen.drawn >= 19, 'the UI keeps drawing while the program is paused');
    await page.evaluate(() => window.brigade.pause(false));
    await page.waitForFunction((t) => window.brigade.state().time > t, frozen.b);
    await page.evaluate(() => window.brigade.stop());
    const state = await page.evaluate(() => window.__done);
    assert.equal(state.outcome, 'stopped');
  } finally {
    await b.close();
  }
});

test('"same program, another capacity": run({capacity}) rewrites the constructors and re-runs', async () => {
  const { b, page } = await openPage();
  try {
    await page.evaluate(() => window.brigade.loadExample('bounded_one'));
    let state = await page.evaluate(() => window.brigade.run({ speed: 50, capacity: 4 }));
    assert.match(await page.evaluate(() => window.brigade.source()), /mpsc::sync_channel\(4\)/);
    assert.equal(state.channels.find((c) => c.number === 1).capacity, 4);
    assert.equal(state.outcome, 'finished');
    state = await page.evaluate(() => window.brigade.run({ speed: 50, capacity: 'unbounded' }));
    assert.match(await page.evaluate(() => window.brigade.source()), /mpsc::channel\(\)/);
    assert.equal(state.channels.find((c) => c.number === 1).kind, 'unbounded');
    assert.equal(state.channels.find((c) => c.number === 1).full_waits, 0);
    state = await page.evaluate(() => window.brigade.run({ speed: 50, capacity: 0 }));
    assert.equal(state.channels.find((c) => c.number === 1).kind, 'rendezvous');
    assert.equal(stdout(state).split('\n')[0], 'Chef cooked Order 1');
  } finally {
    await b.close();
  }
});

test('in a phone-size viewport the playground still reads and runs', async () => {
  const { b, page } = await openPage('light', { viewport: { width: 390, height: 760 } });
  try {
    const state = await page.evaluate(() => { window.brigade.loadExample('rendezvous'); return window.brigade.run({ speed: 50 }); });
    assert.equal(state.width, 390);
    assert.equal(stdout(state).split('\n')[0], 'Handshake: Soup');
    const shot = path.join(artifacts, 'phone.png');
    await page.screenshot({ path: shot });
    assertDrawn(shot);
  } finally {
    await b.close();
  }
});
