// embed.js — Brigade on a tutorial page. One tag:
//
//   <script src="https://where.brigade.is/embed.js" defer></script>
//
// and every <pre data-brigade> block (its text is the program; a <code class="language-rust">
// inside is fine) becomes a widget in place: the code, editable; Run, Stop, Reset; the
// restaurant, drawn live; the console; "Open in the playground". With data-brigade-auto on the
// script tag, every <pre><code class="language-rust"> block holding `fn main` is upgraded too
// (what mdBook, pandoc, Zola and Hugo write). mdBook's classes keep their meaning for a reader:
// `noplayground` stays a plain block; `ignore` and `does_not_compile` become widgets whose Run
// shows rustc's error when there is one.
//
// Lazy and light: a widget is HTML until one is run or scrolled into view; then one module
// (Brigade's WebAssembly, found beside this file) loads for the whole page, with one canvas and
// so one WebGL context, which moves into the widget that runs. One program runs at a time: a
// widget's Run stops whatever another widget was running; automation (run() below) waits its
// turn instead.
//
// From another origin (this script loaded from Brigade's own host), each widget is instead an
// iframe of frame.html beside this file, made when the block is scrolled into view or its API is
// used; the same `element.brigade` talks to it by postMessage. data-brigade-inline on the script
// tag keeps such widgets in the page (the host must then send CORS for the .wasm).
//
// Each upgraded <pre> keeps its id and gets `element.brigade`:
//   ready                  a Promise of the module's state once it is loaded (asking for it
//                          loads it)
//   run({speed, capacity, mode, seed, schedule})
//                          runs the widget's program (as window.brigade.run does): a Promise of
//                          the final state, with `outcome`, `exit_code` and `output`
//   state()                the run's state while this widget's program is the module's, else
//                          its last final state ({phase: 'idle'} before any)
//   load(source)           puts a program in the widget's editor (shown; not run)
//   stop()                 stops this widget's run
//   source()               the editor's text
//
// Security: a widget runs only the program it shows, and only when asked — by the reader, by
// the page's own script, or (data-brigade-autorun, set by the page's author on a block or on
// the script tag) when it first scrolls into view. In an iframe, a program the embedding page
// loaded runs only after the reader pressed Run (or with autorun); messages are taken only from
// the expected window and origin. Nothing on the page is evaluated as script:
// a block's text goes into a text field, and the console's lines in as text.
(function () {
  'use strict';
  if (window.BrigadeEmbed) return;  // the script twice on one page: once is enough
  const script = document.currentScript;
  const base = new URL('.', script ? script.src : location.href).href;
  const upgradeAll = script && script.hasAttribute('data-brigade-auto');
  const autorunAll = script && script.hasAttribute('data-brigade-autorun');
  // From another origin, each widget is an iframe of Brigade's own frame.html (its module then
  // loads same-origin, and web/serve.py's Document-Isolation-Policy gives it real threads on
  // Chrome 137+); data-brigade-inline keeps the widgets in the page itself instead.
  const baseOrigin = new URL(base).origin;
  const framePage = script && script.hasAttribute('data-brigade-frame-page');  // frame.html itself
  const inFrames = !framePage && baseOrigin !== location.origin && !(script && script.hasAttribute('data-brigade-inline'));

  const style = document.createElement('style');
  style.textContent = `
pre.brigade-widget { white-space: normal; padding: 0; overflow: hidden; border: 1px solid #c9ccd3;
  border-radius: 8px; background: #fafaf8; color: #1d2129; font: 15px/1.45 system-ui, sans-serif; }
.brigade-widget .brigade-bar { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; padding: 6px 8px;
  border-bottom: 1px solid #e0e2e6; }
.brigade-widget button { font: inherit; font-size: 14px; padding: 2px 12px; border-radius: 5px; cursor: pointer;
  border: 1px solid #9aa3b5; background: #fff; color: inherit; }
.brigade-widget button.brigade-run { background: #2f6fdf; border-color: #2f6fdf; color: #fff; }
.brigade-widget button:disabled { opacity: .45; cursor: default; }
.brigade-widget .brigade-status { flex: 1; font-size: 13px; color: #5b6270; min-width: 8em; }
.brigade-widget a.brigade-open { font-size: 13px; color: #2f6fdf; }
.brigade-widget textarea.brigade-code { display: block; box-sizing: border-box; width: 100%; margin: 0;
  padding: 8px 10px; border: 0; border-bottom: 1px solid #e0e2e6; resize: vertical; tab-size: 4;
  font: 14px/1.45 "JetBrains Mono", ui-monospace, SFMono-Regular, Menlo, monospace; background: inherit; color: inherit; }
.brigade-widget .brigade-scene { position: relative; height: 260px; border-bottom: 1px solid #e0e2e6; }
.brigade-widget .brigade-still { position: absolute; inset: 0; display: flex; flex-direction: column;
  align-items: center; justify-content: center; gap: 6px; color: #5b6270; font-size: 14px; }
.brigade-widget .brigade-stage { position: absolute; inset: 0; }
.brigade-widget .brigade-stage canvas { display: block; width: 100%; height: 100%; outline: none; }
.brigade-widget .brigade-console { max-height: 220px; overflow: auto; padding: 6px 10px; margin: 0;
  font: 13px/1.4 "JetBrains Mono", ui-monospace, monospace; white-space: pre-wrap; min-height: 1.4em; }
.brigade-widget .brigade-console .stderr { color: #b42318; }
.brigade-widget .brigade-console .brigade-end { color: #5b6270; }
.brigade-widget .brigade-note { margin: 0; padding: 4px 10px 6px; font-size: 12px; color: #6b7280; }
@media (prefers-color-scheme: dark) {
  pre.brigade-widget { background: #1f2229; color: #e6e8ee; border-color: #3b4150; }
  .brigade-widget .brigade-bar, .brigade-widget textarea.brigade-code, .brigade-widget .brigade-scene { border-color: #3b4150; }
  .brigade-widget button { background: #2b2f3a; border-color: #566076; }
  .brigade-widget .brigade-status, .brigade-widget .brigade-still, .brigade-widget .brigade-end { color: #9aa3b5; }
  .brigade-widget .brigade-console .stderr { color: #ff8a80; }
  .brigade-widget a.brigade-open { color: #7aa7ff; }
}`;
  document.head.appendChild(style);

  // ---------------------------------------------------------------- the one module
  // The canvas lives in whichever widget last ran (or first came into view).
  const stage = document.createElement('div');
  stage.className = 'brigade-stage';
  stage.id = 'brigade-stage';
  const canvas = document.createElement('canvas');
  canvas.id = 'canvas';  // SDL's emscripten video looks for #canvas
  canvas.tabIndex = 0;
  canvas.setAttribute('aria-label', 'The restaurant: waiters, the ticket carousel and chefs, as the program runs');
  stage.appendChild(canvas);

  function addScript(src) {
    return new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = src;
      s.onload = resolve;
      s.onerror = () => reject(new Error(`brigade: ${src} could not be loaded`));
      document.head.appendChild(s);
    });
  }
  const codec = addScript(`${base}brigade-share.js`);  // small, and no wasm: links work at once
  codec.catch(() => {});

  const engine = {
    loading: null,
    owner: null,          // the widget whose program the module holds
    turn: Promise.resolve(),  // runs one after another
    load(widget) {
      if (!this.owner) this.take(widget);  // the module measures its canvas's place as it starts
      if (!this.loading) {
        window.BrigadeConfig = { base, canvas, embed: true };
        this.loading = codec.then(() => addScript(`${base}brigade-page.js`)).then(() => {
          window.brigade.on('output', (line) => { if (this.owner) this.owner.print(line); });
          return window.brigade.ready;
        });
        this.loading.catch((e) => widgets.forEach((w) => w.status(`Brigade could not start: ${e.message}`)));
      }
      return this.loading;
    },
    take(widget) {
      if (this.owner === widget) return;
      if (this.owner) this.owner.still.hidden = false;
      this.owner = widget;
      widget.still.hidden = true;
      widget.scene.appendChild(stage);
    },
    // fn runs once every run queued before it has ended.
    exclusive(fn) {
      const next = this.turn.then(fn, fn);
      this.turn = next.catch(() => {});
      return next;
    },
    busy: false,
  };

  // ---------------------------------------------------------------- widgets
  const widgets = [];
  const seen = new IntersectionObserver((entries) => {
    for (const entry of entries) {
      if (!entry.isIntersecting) continue;
      seen.unobserve(entry.target);
      const w = entry.target.brigade && entry.target.brigade._widget;
      if (!w) continue;
      if (w instanceof FrameWidget) {
        codec.then(() => w.open()).catch(() => {});
        continue;
      }
      engine.load(w).catch(() => {});
      if (w.autorun) w.api.run().catch(() => {});
    }
  }, { rootMargin: '200px' });

  const el = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  class Widget {
    constructor(pre, source, { doesNotCompile }) {
      this.pre = pre;
      this.original = source;
      this.last = null;
      this.autorun = autorunAll || pre.hasAttribute('data-brigade-autorun');
      pre.textContent = '';
      pre.classList.add('brigade-widget');
      const bar = el('div', 'brigade-bar');
      this.runButton = el('button', 'brigade-run', 'Run');
      this.stopButton = el('button', 'brigade-stop', 'Stop');
      this.resetButton = el('button', 'brigade-reset', 'Reset');
      for (const b of [this.runButton, this.stopButton, this.resetButton]) b.type = 'button';
      this.stopButton.disabled = true;
      this.statusLine = el('span', 'brigade-status', doesNotCompile ? 'This example does not compile: Run shows why.' : '');
      this.statusLine.setAttribute('role', 'status');
      this.open = el('a', 'brigade-open', 'Open in the playground');
      this.open.target = '_blank';
      this.open.rel = 'noopener';
      this.open.href = `${base}index.html`;
      bar.append(this.runButton, this.stopButton, this.resetButton, this.statusLine, this.open);
      this.code = el('textarea', 'brigade-code');
      this.code.value = source;
      this.code.spellcheck = false;
      this.code.setAttribute('autocapitalize', 'off');
      this.code.setAttribute('autocomplete', 'off');
      this.code.setAttribute('aria-label', 'Rust program (editable)');
      this.code.rows = Math.min(30, source.split('\n').length);
      this.scene = el('div', 'brigade-scene');
      this.still = el('div', 'brigade-still');
      this.still.append(el('div', '', 'waiters  →  ticket carousel  →  chefs'), el('div', '', 'Run the program to watch the restaurant.'));
      this.scene.append(this.still);
      this.console = el('div', 'brigade-console');
      this.console.setAttribute('role', 'log');
      this.console.setAttribute('aria-label', 'Console');
      this.note = el('p', 'brigade-note');
      this.note.hidden = true;
      pre.append(bar, this.code, this.scene, this.console, this.note);

      this.runButton.addEventListener('click', () => {
        if (engine.busy && engine.owner !== this && window.brigade) window.brigade.stop();  // the reader's Run comes first
        this.api.run().catch(() => {});
      });
      this.stopButton.addEventListener('click', () => this.api.stop());
      this.resetButton.addEventListener('click', () => {
        this.code.value = this.original;
        this.console.textContent = '';
        this.status('');
      });
      const link = () => codec.then(() => { this.open.href = `${base}index.html${BrigadeShare.encode(this.code.value)}`; }).catch(() => {});
      this.open.addEventListener('mouseenter', link);
      this.open.addEventListener('focus', link);
      this.open.addEventListener('click', link);
      link();
      this.code.addEventListener('keydown', (event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          this.runButton.click();
        } else if (event.key === 'Tab' && !event.shiftKey && !event.ctrlKey && !event.altKey) {
          event.preventDefault();  // four spaces, as rustfmt indents (Escape, then Tab, leaves)
          this.code.setRangeText('    ', this.code.selectionStart, this.code.selectionEnd, 'end');
        } else if (event.key === 'Escape') {
          this.code.blur();
        }
      });

      const widget = this;
      this.api = {
        _widget: widget,
        get ready() { return engine.load(widget); },
        source: () => widget.code.value,
        load(text) {
          widget.code.value = String(text);
          widget.code.rows = Math.min(30, widget.code.value.split('\n').length);
          return Promise.resolve();
        },
        state() {
          if (engine.owner === widget && engine.busy) {
            return { ...window.brigade.state(), widget: widget.pre.id || null };
          }
          return widget.last ?? { loaded: false, phase: 'idle', running: false, output: [] };
        },
        run(options = {}) {
          return engine.exclusive(async () => {
            await engine.load(widget);
            engine.take(widget);
            engine.busy = true;
            widget.running(true);
            try {
              await window.brigade.load(widget.code.value);
              const state = await window.brigade.run(options);
              widget.last = { ...state, widget: widget.pre.id || null };
              widget.finish(state);
              return widget.last;
            } finally {
              engine.busy = false;
              widget.running(false);
            }
          });
        },
        stop() {
          if (engine.owner === widget && engine.busy) return window.brigade.stop();
          return Promise.resolve();
        },
      };
      pre.brigade = this.api;
      seen.observe(pre);
    }

    status(text) { this.statusLine.textContent = text; }

    running(on) {
      this.runButton.disabled = on;
      this.stopButton.disabled = !on;
      if (on) {
        this.console.textContent = '';
        this.status('running…');
      }
      if (window.brigade && window.brigade.mode === 'virtual') {
        this.note.hidden = false;
        this.note.textContent = 'Virtual time: every thread takes turns on one, in an order chosen at each channel ' +
          'operation, lock and print (this page is not cross-origin isolated, so the browser gives it no shared memory for real threads).';
      }
    }

    print(line) {
      const row = el('div', line.stream === 'stderr' ? 'stderr' : 'stdout', line.text);
      this.console.appendChild(row);
      this.console.scrollTop = this.console.scrollHeight;
    }

    finish(state) {
      if (state.phase === 'compile-failed') {
        this.console.textContent = '';
        for (const p of state.problems || []) this.console.appendChild(el('div', 'stderr', p.rendered || `${p.line}:${p.column}: error: ${p.message}`));
        this.status('does not compile');
        return;
      }
      // What the run printed, whole (the live lines may have been cut short by a stop).
      this.console.textContent = '';
      for (const line of state.output || []) this.print(line);
      const words = state.outcome === 'finished' ? `finished, exit code ${state.exit_code}` : `${state.outcome}, exit code ${state.exit_code}`;
      this.console.appendChild(el('div', 'brigade-end', `— ${words} · ${Number(state.time).toFixed(2)} s of program time`));
      this.status(words);
    }
  }

  // ---------------------------------------------------------------- widgets in iframes
  // The block stays as it is (a static picture, no wasm) until it is scrolled into view or its
  // API is used; then an iframe of frame.html shows the widget, and element.brigade talks to it
  // by postMessage — every message checked by its source window and Brigade's origin.
  let frames = 0;
  class FrameWidget {
    constructor(pre, source, { doesNotCompile }) {
      this.pre = pre;
      this.source = source;
      this.number = ++frames;
      this.calls = new Map();
      this.nextCall = 1;
      this.cached = { loaded: false, phase: 'idle', running: false, output: [] };
      this.queue = [];  // calls made before the frame said hello
      this.doesNotCompile = doesNotCompile;
      const widget = this;
      this.api = {
        _widget: widget,
        get ready() { return widget.call('ready'); },
        source: () => widget.source,
        state: () => widget.cached,
        load(text) { widget.source = String(text); return widget.call('load', widget.source); },
        run(options = {}) { return widget.call('run', options); },
        stop() { return widget.call('stop'); },
      };
      pre.brigade = this.api;
      seen.observe(pre);
    }
    open() {
      if (this.frame) return;
      const autorun = autorunAll || this.pre.hasAttribute('data-brigade-autorun');
      const frame = document.createElement('iframe');
      frame.allow = 'cross-origin-isolated';  // real threads where the browser allows it (Chrome 137+)
      frame.title = 'Brigade: a runnable Rust example';
      frame.style.cssText = 'display:block;width:100%;height:480px;border:0;';
      const params = new URLSearchParams({ widget: String(this.number), host: location.origin });
      if (autorun) params.set('autorun', '1');
      if (this.doesNotCompile) params.set('does_not_compile', '1');
      frame.src = `${base}frame.html${BrigadeShare.encode(this.source)}&${params}`;
      this.frame = frame;
      this.pre.textContent = '';
      this.pre.classList.add('brigade-framed');
      this.pre.style.padding = '0';
      this.pre.appendChild(frame);
    }
    call(method, ...args) {
      return new Promise((resolve, reject) => {
        const id = this.nextCall++;
        this.calls.set(id, { resolve, reject });
        const message = { brigade: 1, call: id, method, args };
        if (this.hello) this.frame.contentWindow.postMessage(message, baseOrigin);
        else { this.queue.push(message); codec.then(() => this.open()).catch(reject); }
      });
    }
    receive(data) {
      if (data.event === 'hello') {
        this.hello = true;
        for (const m of this.queue.splice(0)) this.frame.contentWindow.postMessage(m, baseOrigin);
      } else if (data.event === 'height' && Number.isFinite(data.value)) {
        this.frame.style.height = `${Math.min(Math.max(data.value, 120), 4000)}px`;
      } else if (data.event === 'state' && data.value && typeof data.value === 'object') {
        this.cached = data.value;
        if (typeof data.value.source === 'string') this.source = data.value.source;
      } else if (data.reply && this.calls.has(data.reply)) {
        const { resolve, reject } = this.calls.get(data.reply);
        this.calls.delete(data.reply);
        if (data.ok) resolve(data.value); else reject(new Error(String(data.error)));
      }
    }
  }
  if (inFrames) {
    window.addEventListener('message', (event) => {
      if (event.origin !== baseOrigin || !event.data || event.data.brigade !== 1) return;
      const w = widgets.find((x) => x.frame && x.frame.contentWindow === event.source);
      if (w) w.receive(event.data);
    });
  }

  // frame.html: the one widget, its program from the link, its API for the page that embeds it.
  function serveParent(widget, params) {
    const host = params.get('host');
    if (!host || window.parent === window) return;
    const send = (data) => window.parent.postMessage({ brigade: 1, ...data }, host);
    // A program the embedding page loaded runs only once the reader has seen it and pressed Run,
    // unless the page's author asked for autorun.
    const autorun = params.get('autorun') === '1';
    let consented = true;
    widget.runButton.addEventListener('click', () => { consented = true; }, true);
    const publish = () => send({ event: 'state', value: { ...widget.api.state(), source: widget.code.value } });
    const methods = {
      ready: () => widget.api.ready,
      load: (text) => { widget.api.load(String(text)); consented = autorun; publish(); },
      run: (options) => {
        if (!consented) throw new Error('brigade: a program the page loaded runs once the reader presses Run');
        const o = options && typeof options === 'object' ? options : {};
        const clean = {};
        for (const k of ['speed', 'capacity', 'mode', 'seed', 'schedule']) if (o[k] !== undefined) clean[k] = o[k];
        return widget.api.run(clean);
      },
      stop: () => widget.api.stop(),
      state: () => widget.api.state(),
    };
    window.addEventListener('message', async (event) => {
      if (event.source !== window.parent || event.origin !== host) return;
      const data = event.data;
      if (!data || data.brigade !== 1 || typeof data.call !== 'number' || !Object.hasOwn(methods, data.method)) return;
      try {
        const value = await methods[data.method](...(Array.isArray(data.args) ? data.args : []));
        send({ reply: data.call, ok: true, value: value === undefined ? null : JSON.parse(JSON.stringify(value)) });
      } catch (e) {
        send({ reply: data.call, ok: false, error: e.message });
      }
      publish();
    });
    new ResizeObserver(() => send({ event: 'height', value: document.documentElement.scrollHeight })).observe(document.body);
    setInterval(() => { if (widget.api.state().running) publish(); }, 250);
    send({ event: 'hello' });
    publish();
  }

  function upgrade(pre, { doesNotCompile = false } = {}) {
    if (pre.brigade) return;
    const code = pre.querySelector('code');
    let source = (code || pre).textContent;
    if (!source.endsWith('\n')) source += '\n';
    widgets.push(new (inFrames ? FrameWidget : Widget)(pre, source, { doesNotCompile }));
  }

  function scan() {
    if (framePage) {
      codec.then(() => {
        const link = BrigadeShare.decode(location.hash) || { source: 'fn main() {\n}\n' };
        const params = new URLSearchParams(location.hash.slice(1));
        const pre = document.createElement('pre');
        pre.id = 'brigade-frame-widget';
        if (params.get('autorun') === '1') pre.setAttribute('data-brigade-autorun', '');
        document.body.appendChild(pre);
        const widget = new Widget(pre, link.source, { doesNotCompile: params.get('does_not_compile') === '1' });
        widgets.push(widget);
        serveParent(widget, params);
      }).catch((e) => { document.body.textContent = e.message; });
      return;
    }
    document.querySelectorAll('pre[data-brigade]').forEach((pre) => {
      const code = pre.querySelector('code');
      upgrade(pre, { doesNotCompile: !!code && code.classList.contains('does_not_compile') });
    });
    if (!upgradeAll) return;
    document.querySelectorAll('pre > code.language-rust').forEach((code) => {
      if (code.classList.contains('noplayground')) return;  // mdBook: no play button wanted here
      if (!/\bfn\s+main\s*\(/.test(code.textContent)) return;
      upgrade(code.parentElement, { doesNotCompile: code.classList.contains('does_not_compile') });
    });
  }

  window.BrigadeEmbed = { base, widgets: () => widgets.map((w) => w.pre), scan };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
