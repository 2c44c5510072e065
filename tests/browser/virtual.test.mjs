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
