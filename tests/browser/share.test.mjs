// share.test.mjs — the share link's codec (web/brigade-share.js) under node: every program
// comes back exactly, damaged links are errors (never a crash or a hang), limits hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { root } from './harness.mjs';

const share = createRequire(import.meta.url)(path.join(root, 'web', 'brigade-share.js'));

// A seeded generator: the same inputs every run.
function generator(seed) {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

test('programs come back exactly, with their mode, seed and schedule', () => {
  const dir = path.join(root, 'tests', 'run');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.rs'))) {
    const source = readFileSync(path.join(dir, f), 'utf8');
    const link = share.decode(share.encode(source, { mode: 'virtual', seed: 42, schedule: 'ab3a' }));
    assert.equal(link.source, source, f);
    assert.deepEqual([link.mode, link.seed, link.schedule], ['virtual', 42, 'ab3a']);
  }
  const random = generator(7);
  const common = Array.from('fn main() {}\n\t"é→🦀');  // by code point: the crab is one
  for (let t = 0; t < 200; t += 1) {
    let s = '';
    const n = Math.floor(random() * 3000);
    for (let i = 0; i < n; i += 1) s += random() < 0.85 ? common[Math.floor(random() * common.length)] : String.fromCodePoint(Math.floor(random() * 0xd7ff));
    assert.equal(share.decode(share.encode(s)).source, s);
  }
  assert.equal(share.decode('#nothing=here'), null);
  assert.equal(share.decode(''), null);
});

test('a damaged link is an error, never a wrong program or a hang', () => {
  const source = readFileSync(path.join(root, 'examples', 'bounded_one.rs'), 'utf8');
  const link = share.encode(source);
  const random = generator(11);
  const alphabet = 'ABCxyz019-_';
  for (let t = 0; t < 3000; t += 1) {
    const chars = link.split('');
    chars[7 + Math.floor(random() * (chars.length - 7))] = alphabet[Math.floor(random() * alphabet.length)];
    try {
      const got = share.decode(chars.join(''));
      assert.equal(typeof got.source, 'string');  // decoded to something: text, never script
    } catch (e) {
      assert.match(e.message, /damaged|64 KiB/);
    }
  }
  assert.throws(() => share.decode('#code=z!!'), /damaged/);
  assert.throws(() => share.decode('#code=q' + link.slice(8)), /unknown format/);
});

test('a link carries up to 64 KiB of program, and says so past it', () => {
  const big = 'fn main() { println!("x"); }\n'.repeat(2200);  // 63,800 bytes
  assert.equal(share.decode(share.encode(big)).source, big);
  assert.throws(() => share.encode('x'.repeat(64 * 1024 + 1)), /at most 64 KiB/);
  // An expanding payload (a tiny link claiming megabytes) stops at the limit.
  const bomb = Uint8Array.from([0b11111110, 0x78, ...Array(7).fill([0x00, 0x1f, 0xff]).flat()]);
  assert.throws(() => share.decompress(bomb, 1024), /64 KiB|damaged/);
});
