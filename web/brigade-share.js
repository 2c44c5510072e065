// brigade-share.js — share links: a program, and how to run it, in a URL's fragment.
//
//   #code=z<payload>[&mode=virtual|step][&seed=N][&schedule=S]
//
// The payload is the program's UTF-8 compressed with LZSS (a flag byte before every eight
// tokens, bit set: a match; a literal is one byte, a match two — a 12-bit distance back and a
// 4-bit length 3..17, the length 15 taking one more byte for 18..273) in base64url. Source code
// repeats itself (keywords, names, indentation) and shrinks to about half: a typical example's
// link stays under 2,000 characters, which chat apps keep whole. The fragment never reaches a
// server, and nothing in it is evaluated: it is text for the editor, a mode, a number, a
// schedule string. Decoding checks every length and distance, so a damaged link is an error,
// never a crash or an endless loop.
//
// In a page: window.BrigadeShare; under node (the codec's tests): module.exports.
(function (root) {
  'use strict';
  const MAX_SOURCE = 64 * 1024;  // bytes of UTF-8: what a link carries at most
  const WINDOW = 4095, MIN_MATCH = 3, MAX_MATCH = 273, CHAIN = 64;

  function compress(input) {
    const n = input.length;
    const out = [];
    const head = new Int32Array(1 << 15).fill(-1);
    const prev = new Int32Array(Math.max(n, 1));
    const hash = (p) => ((input[p] << 10) ^ (input[p + 1] << 5) ^ input[p + 2]) & 0x7fff;
    const insert = (p) => {
      if (p + 2 >= n) return;
      const h = hash(p);
      prev[p] = head[h];
      head[h] = p;
    };
    let flags = -1, bit = 8;
    const token = (match) => {
      if (bit === 8) { flags = out.length; out.push(0); bit = 0; }
      if (match) out[flags] |= 1 << bit;
      bit += 1;
    };
    let i = 0;
    while (i < n) {
      let bestLen = 0, bestDist = 0;
      if (i + 2 < n) {
        const max = Math.min(MAX_MATCH, n - i);
        let candidate = head[hash(i)];
        for (let chain = CHAIN; candidate >= 0 && i - candidate <= WINDOW && chain > 0; chain -= 1) {
          let len = 0;
          while (len < max && input[candidate + len] === input[i + len]) len += 1;
          if (len > bestLen) {
            bestLen = len;
            bestDist = i - candidate;
            if (len === max) break;
          }
          candidate = prev[candidate];
        }
      }
      if (bestLen >= MIN_MATCH) {
        token(true);
        const code = Math.min(bestLen - MIN_MATCH, 15);
        out.push(bestDist >> 4, ((bestDist & 15) << 4) | code);
        if (code === 15) out.push(bestLen - 18);
        for (let k = 0; k < bestLen; k += 1) insert(i + k);
        i += bestLen;
      } else {
        token(false);
        out.push(input[i]);
        insert(i);
        i += 1;
      }
    }
    return Uint8Array.from(out);
  }

  function decompress(bytes, limit) {
    const out = new Uint8Array(limit);
    let size = 0, p = 0;
    const damaged = () => new Error('the link is damaged: its program does not decode');
    while (p < bytes.length) {
      const flags = bytes[p++];
      for (let b = 0; b < 8 && p < bytes.length; b += 1) {
        if ((flags & (1 << b)) === 0) {
          if (size >= limit) throw new Error('the linked program is longer than 64 KiB');
          out[size++] = bytes[p++];
          continue;
        }
        if (p + 1 >= bytes.length) throw damaged();
        const dist = (bytes[p] << 4) | (bytes[p + 1] >> 4);
        let len = (bytes[p + 1] & 15) + MIN_MATCH;
        p += 2;
        if (len === 18) {
          if (p >= bytes.length) throw damaged();
          len = 18 + bytes[p++];
        }
        if (dist === 0 || dist > size) throw damaged();
        if (size + len > limit) throw new Error('the linked program is longer than 64 KiB');
        for (let k = 0; k < len; k += 1, size += 1) out[size] = out[size - dist];
      }
    }
    return out.subarray(0, size);
  }

  function toBase64url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function fromBase64url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('the link is damaged: its program is not base64url');
    const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
    let binary;
    try { binary = atob(padded); } catch (e) { throw new Error('the link is damaged: its program is not base64url'); }
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  // The fragment for `source` and a run's mode: {mode: 'threads' | 'virtual' | 'step', seed,
  // schedule}. Throws when the program is longer than a link carries.
  function encode(source, { mode, seed, schedule } = {}) {
    const utf8 = new TextEncoder().encode(String(source));
    if (utf8.length > MAX_SOURCE) throw new Error(`the program is ${utf8.length} bytes: a link carries at most 64 KiB`);
    let fragment = `code=z${toBase64url(compress(utf8))}`;
    if (mode === 'virtual' || mode === 'step') {
      fragment += `&mode=${mode}`;
      if (Number.isInteger(seed) && seed > 0) fragment += `&seed=${seed}`;
      if (schedule) fragment += `&schedule=${encodeURIComponent(schedule)}`;
    }
    return `#${fragment}`;
  }

  // What a fragment (location.hash, with or without its '#') carries: null when it holds no
  // program; {source, mode, seed, schedule} otherwise. Throws on a damaged one.
  function decode(hash) {
    const params = new URLSearchParams(String(hash || '').replace(/^#/, ''));
    const code = params.get('code');
    if (code === null) return null;
    if (code[0] !== 'z') throw new Error('the link is damaged: its program has an unknown format');
    const bytes = decompress(fromBase64url(code.slice(1)), MAX_SOURCE);
    let source;
    try { source = new TextDecoder('utf-8', { fatal: true }).decode(bytes); } catch (e) {
      throw new Error('the link is damaged: its program is not UTF-8');
    }
    const result = { source, mode: null, seed: null, schedule: null };
    const mode = params.get('mode');
    if (mode === 'virtual' || mode === 'step') result.mode = mode;
    const seed = params.get('seed');
    if (seed !== null && /^\d{1,15}$/.test(seed)) result.seed = Number(seed);
    const schedule = params.get('schedule');
    if (schedule !== null && /^[A-Za-z0-9]{0,20000}$/.test(schedule)) result.schedule = schedule;
    return result;
  }

  const api = { encode, decode, compress, decompress, MAX_SOURCE };
  if (typeof module === 'object' && module.exports) module.exports = api;
  else root.BrigadeShare = api;
})(typeof self !== 'undefined' ? self : this);
