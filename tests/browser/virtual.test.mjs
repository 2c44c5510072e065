// virtual.test.mjs — virtual time in the page, through window.brigade: a run in virtual time
// says so in state(), gives every example its expected output, and with one seed makes the same
// run twice (output and schedule); the schedule replays it; a paced run can be paused and
// stopped mid-sleep; explore() lists every outcome of a race, each replaying, and rejects a
// program that does not compile — all without blocking the page's main thread.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve, openPage as openPageAt, root, stdout, clickAt } from './harness.mjs';

let server;
before(async () => { server = await serve(); });
after(() => server.stop());

const openPage = () => openPageAt(server.url);
// Two waiters racing to one carousel: "ab" or "ba".
const race = readFileSync(path.join(root, 'tests', 'explore', 'race.rs'), 'utf8');

test('virtual time: every example prints its expected output, and one seed makes one run', async () => {
  const { b, page, errors } = await openPage();
  try {
    const examples = await page.evaluate(() => window.brigade.examples());
    for (const e of examples) {
      const state = await page.evaluate(async (id) => {
        window.brigade.loadExample(id);
        return window.brigade.run({ speed: 50, mode: 'virtual', seed: 1 });
      }, e.id);
      assert.equal(state.mode, 'virtual');
      assert.equal(stdout(state), e.expected_output, `${e.id} under virtual time`);
      assert.equal(state.exit_code, e.expected_exit, `${e.id}'s exit code`);
    }
    await page.evaluate(() => window.brigade.loadExample('shared_carousel'));
    const first = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'virtual', seed: 7 }));
    const again = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'virtual', seed: 7 }));
    assert.equal(stdout(again), stdout(first));
    assert.equal(again.schedule, first.schedule);
    assert.ok(first.schedule.length > 0);
    const replay = await page.evaluate((schedule) => window.brigade.run({ speed: 50, mode: 'virtual', schedule }), first.schedule);
    assert.equal(stdout(replay), stdout(first));
    assert.equal(replay.schedule, first.schedule);
    const live = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'threads' }));
    assert.equal(live.mode, 'threads');
    assert.equal(live.schedule, null);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('virtual time: a paced run moves through a long sleep as time passes, pauses, and stops', async () => {
  const { b, page } = await openPage();
  try {
    await page.evaluate(() => {
      window.brigade.load('use std::thread;\nuse std::time::Duration;\nfn main() {\n    thread::sleep(Duration::from_secs(3600));\n    println!("rested");\n}\n');
      window.__done = window.brigade.run({ speed: 1, mode: 'virtual', seed: 0 });
    });
    await page.waitForFunction(() => window.brigade.state().running && window.brigade.state().time > 0.05);
    await page.evaluate(() => window.brigade.pause(true));
    await page.waitForFunction(() => window.brigade.state().paused);
    const frozen = await page.evaluate(() => new Promise((resolve) => {
      const first = window.brigade.state();
      let frames = 0;
      const step = () => {
        if (++frames < 10) { requestAnimationFrame(step); return; }
        resolve({ a: first.time, b: window.brigade.state().time });
      };
      requestAnimationFrame(step);
    }));
    assert.equal(frozen.a, frozen.b);
    await page.evaluate(() => window.brigade.pause(false));
    await page.evaluate(() => window.brigade.stop());
    const state = await page.evaluate(() => window.__done);
    assert.equal(state.outcome, 'stopped');
    assert.equal(stdout(state), '');
  } finally {
    await b.close();
  }
});

test('explore() lists both outcomes of a race, each replaying, and rejects what does not compile', async () => {
  const { b, page, errors } = await openPage();
  try {
    await page.evaluate((source) => window.brigade.load(source), race);
    const result = await page.evaluate(() => window.brigade.explore({ maxSchedules: 1000 }));
    assert.equal(result.complete, true);
    assert.deepEqual(result.outcomes.map((o) => o.stdout).sort(), ['ab\n', 'ba\n']);
    for (const o of result.outcomes) {
      const state = await page.evaluate((schedule) => window.brigade.run({ speed: 50, mode: 'virtual', schedule }), o.schedule);
      assert.equal(stdout(state), o.stdout);
    }
    await page.evaluate(() => window.brigade.load('fn main() { let x: i32 = ; }\n'));
    const refused = await page.evaluate(() => window.brigade.explore().then(() => 'explored', (e) => String(e)));
    assert.match(refused, /brigade\.explore: error/);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('the Outcomes tab explores the program and replays an outcome in the restaurant', async () => {
  const { b, page, errors } = await openPage();
  try {
    await page.evaluate((source) => window.brigade.load(source), race);
    await clickAt(page, 320, 584);  // the Outcomes tab
    await clickAt(page, 95, 612);   // "Explore every schedule"
    await page.waitForFunction(() => window.brigade.state().explored?.outcomes === 2);
    assert.equal((await page.evaluate(() => window.brigade.state())).explored.complete, true);
    const before = await page.evaluate(() => window.brigade.state().generation);
    await clickAt(page, 55, 670);   // the first outcome's Replay
    await page.waitForFunction((g) => window.brigade.state().generation > g && window.brigade.state().phase === 'ended', before);
    const state = await page.evaluate(() => window.brigade.state());
    assert.equal(state.mode, 'virtual');
    assert.ok(['ab\n', 'ba\n'].includes(stdout(state)), stdout(state));
    await page.screenshot({ path: path.join(root, 'tests', 'browser', 'artifacts', 'outcomes.png') });
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('step: the learner is the scheduler — candidates in state(), marked in the scene, chosen by step()', async () => {
  const { b, page, errors } = await openPage();
  try {
    await page.evaluate((source) => window.brigade.load(source), race);
    await page.evaluate(() => { window.__done = window.brigade.run({ speed: 50, mode: 'step', seed: 0 }); });
    await page.waitForFunction(() => window.brigade.state().step?.waiting);
    let state = await page.evaluate(() => window.brigade.state());
    assert.equal(state.stepping, true);
    assert.equal(state.mode, 'virtual');
    assert.ok(state.step.candidates.length >= 2, JSON.stringify(state.step));
    assert.ok(state.step.candidates.some((c) => c.thread === state.step.proposed));
    // Not a candidate: refused, and the run still waits there.
    const refused = await page.evaluate(() => window.brigade.step(99).then(() => 'stepped', (e) => String(e)));
    assert.match(refused, /not one of the threads that could go next/);
    // The second waiter (thread 3) goes whenever it can, and the first only once it has: "ba".
    let marked = 0;
    for (let i = 0; i < 100 && state.running; ++i) {
      const numbers = state.step.candidates.map((c) => c.thread);
      const pick = numbers.includes(3) ? 3 : numbers[0];  // main, until it has spawned the second
      state = await page.evaluate((t) => window.brigade.step(t), pick);
      if (state.running) {
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        marked = Math.max(marked, await page.evaluate(() => window.brigade.state().scene.candidates_marked));
        if (marked > 0 && i === 2) {
          await page.screenshot({ path: path.join(root, 'tests', 'browser', 'artifacts', 'step.png') });
        }
        state = await page.evaluate(() => window.brigade.state());
      }
    }
    const end = await page.evaluate(() => window.__done);
    assert.equal(stdout(end), 'ba\n');
    assert.ok(marked >= 2, `the scene marked ${marked} candidates`);
    assert.ok(end.step.points >= 2);
    // The run's schedule is every choice made: replaying it gives the same run.
    const replay = await page.evaluate((schedule) => window.brigade.run({ speed: 50, mode: 'virtual', schedule }), end.schedule);
    assert.equal(stdout(replay), 'ba\n');
    assert.equal(replay.stepping, false);
    const idle = await page.evaluate(() => window.brigade.step().then(() => 'stepped', (e) => String(e)));
    assert.match(idle, /does not wait/);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('time travel: seek() shows the run as it was at a moment, and seek(null) returns to live', async () => {
  const { b, page, errors } = await openPage();
  try {
    const program = [
      'use std::sync::mpsc;', 'use std::thread;', 'use std::time::Duration;', '',
      'fn main() {', '    let (tx, rx) = mpsc::sync_channel(0);', '    let chef = thread::spawn(move || {',
      '        for _ in 0..3 {', '            thread::sleep(Duration::from_millis(10));',
      '            println!("got {}", rx.recv().unwrap());', '        }', '    });',
      '    for i in 1..=3 {', '        tx.send(i).unwrap();', '    }', '    chef.join().unwrap();', '}', ''].join('\n');
    await page.evaluate((source) => window.brigade.load(source), program);
    const end = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'virtual', seed: 0 }));
    assert.equal(stdout(end), 'got 1\ngot 2\ngot 3\n');
    assert.equal(end.moment, null);
    const channel = (s) => s.channels[0];
    assert.equal(channel(end).received, 3);
    // At 5 ms the chef still sleeps before its first receive: main waits at the pass.
    const at5 = await page.evaluate(() => window.brigade.seek(0.005));
    assert.ok(at5.moment.time <= 0.005, JSON.stringify(at5.moment));
    assert.equal(channel(at5).received, 0);
    assert.equal(at5.threads.find((t) => t.name === 'main').state, 'blocked on send');
    const at25 = await page.evaluate(() => window.brigade.seek(0.025));
    assert.equal(channel(at25).received, 2);
    const back = await page.evaluate(() => window.brigade.seek(0.015));
    assert.equal(channel(back).received, 1);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(root, 'tests', 'browser', 'artifacts', 'time-travel.png') });
    const live = await page.evaluate(() => window.brigade.seek(null));
    assert.equal(live.moment, null);
    assert.equal(channel(live).received, 3);
    const bad = await page.evaluate(() => { try { window.brigade.seek('soon'); return 'accepted'; } catch (e) { return String(e); } });
    assert.match(bad, /seconds must be a number/);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});

test('a thread main\'s end leaves waiting is named in state() and on the status line', async () => {
  const { b, page, errors } = await openPage();
  try {
    const program = readFileSync(path.join(root, 'tests', 'explore', 'left_waiting.rs'), 'utf8');
    await page.evaluate((source) => window.brigade.load(source), program);
    const stuck = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'virtual', schedule: 'a2b4' }));
    assert.equal(stdout(stuck), 'main done\ngot 1\n');
    assert.equal(stuck.outcome, 'finished');
    assert.match(stuck.left_waiting, /^thread #2 waits to receive on channel #1, which is empty while a sender of it is still alive \(at src\/main\.rs:12:18\)\n$/);
    const clean = await page.evaluate(() => window.brigade.run({ speed: 50, mode: 'virtual', schedule: 'a3' }));
    assert.equal(clean.left_waiting, null);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});
