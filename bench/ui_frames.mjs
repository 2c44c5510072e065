// ui_frames.mjs — frame times of the web playground while a program runs (a benchmark, not a
// test): headless Chromium (software GL) draws the page while bench/ui_32_threads.rs (32
// threads at full speed) or an example runs; prints the median / 95th percentile / max interval
// between animation frames, and the frames per second.
//   cd tests/browser && node ../../bench/ui_frames.mjs [FILE.rs | example-id | idle]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { serve, browser, root } from '../tests/browser/harness.mjs';

const what = process.argv[2] ?? path.join(root, 'bench', 'ui_32_threads.rs');
const server = await serve();
const b = await browser();
try {
  const page = b.context.pages()[0] ?? await b.context.newPage();
  await page.goto(server.url);
  await page.evaluate(() => window.brigade.ready);
  if (what === 'idle') {
    const idle = await page.evaluate(() => new Promise((resolve) => {
      const stamps = [];
      const frame = (t) => { stamps.push(t); if (t - stamps[0] < 3000) requestAnimationFrame(frame); else resolve(stamps); };
      requestAnimationFrame(frame);
    }));
    const gaps = idle.slice(1).map((t, i) => t - idle[i]).sort((a, b) => a - b);
    console.log(`idle: ${idle.length} frames in 3 s (${(idle.length / 3).toFixed(1)} fps); median ${gaps[gaps.length >> 1].toFixed(1)} ms`);
  } else if (what.endsWith('.rs')) {
    const source = readFileSync(what, 'utf8');
    await page.evaluate((s) => window.brigade.load(s), source);
  } else {
    await page.evaluate((id) => window.brigade.loadExample(id), what);
  }
  if (what !== 'idle') await measureRun(page);
} finally {
  await b.close();
  server.stop();
}

async function measureRun(page) {
  const result = await page.evaluate(async () => {
    const stamps = [];
    let running = true;
    const frame = (t) => { stamps.push(t); if (running) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    const state = await window.brigade.run({ speed: 1 });
    running = false;
    const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
    const at = (q) => gaps[Math.floor(q * (gaps.length - 1))];
    return { frames: stamps.length, median: at(0.5), p95: at(0.95), max: gaps[gaps.length - 1],
      seconds: (stamps[stamps.length - 1] - stamps[0]) / 1000, outcome: state.outcome,
      output: state.output.map((l) => l.text).slice(-1)[0] };
  });
  console.log(`${path.basename(what)}: ${result.frames} frames in ${result.seconds.toFixed(2)} s ` +
    `(${(result.frames / result.seconds).toFixed(1)} fps); frame interval median ${result.median.toFixed(1)} ms, ` +
    `p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms; ${result.outcome}: ${result.output}`);
}
