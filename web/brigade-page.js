// brigade-page.js — starts the WebAssembly module and exposes window.brigade, the automation
// API (what the browser tests use, and what an embedding page calls):
//
//   ready                  a Promise, resolved once the first frames have been drawn (rejected
//                          when the module cannot start)
//   examples()             [{id, title, caption, topic, source, expected_output, expected_exit}]
//   load(source)           put a program in the editor (a string), or loadExample(id); both
//                          return a Promise, resolved once it is there
//   source()               the editor's text. An example's edits are kept in localStorage: it
//                          opens as it was left (state().edited); resetExample() brings back
//                          the original
//   run({speed, capacity, mode, seed, schedule})
//                          compile and run what the editor holds. speed: 1 = real time (the
//                          default: the current setting); capacity: 0, 1, 4, any n ->
//                          sync_channel(n), 'unbounded' -> channel(), absent -> as written;
//                          mode: 'threads' (real threads) or 'virtual' (virtual time: every
//                          thread on one, in the order `seed` chooses, or replaying `schedule`,
//                          a state().schedule of an earlier run) or 'step' (virtual time, and
//                          the run waits at each choice point for step()); absent: as the
//                          toolbar says. Returns a Promise of the final state(), when the run
//                          has ended.
//   step(thread)           while a 'step' run waits at a choice point (state().step.waiting,
//                          its candidates in state().step.candidates): let `thread` go next —
//                          its number (main 1, then in spawn order), its name, or absent for
//                          the run's own pick. A Promise of the state() once the run stands at
//                          the next choice point or has ended; rejected when it is not waiting
//                          or `thread` is not a candidate.
//   seek(seconds)          time travel: the scene, timeline, console and channels (and state())
//                          show the run as it was at that program time; seek(null): live again.
//                          A Promise of the state() at that moment.
//   explore({maxSchedules}) every possible outcome of the editor's program (virtual time,
//                          every schedule): a Promise of {complete, schedules, outcomes:
//                          [{outcome, exit_code, stdout, stderr, schedules, schedule}]},
//                          rejected with the compile errors when it does not compile
//   share()                the link to this page with the editor's program in its fragment (and,
//                          under virtual time, the seed, and the last run's schedule when short):
//                          opening it loads the program and never runs it until Run is pressed
//   stop(), pause(bool), setSpeed(x), setTheme('light' | 'dark')
//   state()                the app's state: {running, paused, phase, time (program seconds),
//                          threads: [{name, role, state, waits_on}], channels: [{kind, capacity,
//                          len, sent, received, peak, full_waits, ...}], output: [{thread,
//                          stream, time, text}], problems: [{line, column, message}], ...}
//   a11y()                 what the page's #brigade-a11y live region says (the scene in words)
//   on(event, fn)          'ready', 'error' (message), 'output' (one line), 'exit' (final state)
//   mode                   'threads' or 'virtual': which build this page loaded (below)
//
// Every call works at any moment. Before `ready`, load/loadExample/run/stop/pause/setSpeed/
// setTheme wait for it (in the order they were made) and return Promises; on() registers;
// state() is {loaded: false}; examples() is [] and source() what load() was given.
// The page never blocks its main thread: every call returns at once.
//
// Two builds: where the page is cross-origin isolated (served with COOP/COEP, so the browser
// gives it shared memory), brigade.js runs every program thread on a real thread (a worker);
// anywhere else brigade-virtual.js runs them all under virtual time on the page's own thread,
// a few milliseconds per frame — the same features, and the same run for the same seed — and a
// note in the page says so, and how to get real threads.
//
// A page other than the playground (embed.js, for tutorial pages) sets window.BrigadeConfig
// before loading this: {base: where Brigade's files are, canvas: the canvas element to draw
// in, embed: true (only the restaurant is drawn; the page has the code and the console)}.
(function () {
  'use strict';
  const config = window.BrigadeConfig || {};
  const base = config.base || '';
  const listeners = { ready: [], error: [], output: [], exit: [] };
  const emit = (event, value) => listeners[event].forEach((fn) => {
    try { fn(value); } catch (e) { console.error(e); }  // a listener's mistake is not the pump's
  });
  // Ready: the module is instantiated and its first frames are drawn. Before that, nothing may
  // touch Module's exports (they exist, but call into a module that is not there yet).
  let isReady = false;
  let resolveReady, rejectReady;
  const ready = new Promise((resolve, reject) => { resolveReady = resolve; rejectReady = reject; });
  ready.catch(() => {});  // a page that never awaits it must not see an unhandled rejection
  // What to do with the module: now when it is ready, else once it is (calls keep their order).
  const whenReady = (fn) => (isReady ? Promise.resolve(fn()) : ready.then(fn));
  let queuedSource = null;  // what load() will put in the editor once ready
  const cstring = (fn) => (...args) => Module.UTF8ToString(fn(...args));
  const withString = (text, fn) => {
    const ptr = Module.stringToNewUTF8(String(text));
    try { return fn(ptr); } finally { Module._free(ptr); }
  };

  // The event pump: follows the run's console and phase while anyone listens or waits. It runs
  // each frame, and also between frames while a run's end is awaited: a frame of a busy page
  // can take a tenth of a second, and stop() must be seen to end a run sooner than that.
  const pump = { generation: 0, next: 0, phase: 'idle', waiting: [], frame: false, timer: false };
  function schedulePump() {
    if (!isReady) return;
    if (!pump.frame) { pump.frame = true; requestAnimationFrame(() => { pump.frame = false; tick(); }); }
    if (pump.waiting.length && !pump.timer) { pump.timer = true; setTimeout(() => { pump.timer = false; tick(); }, 10); }
  }
  function tick() {
    try {
      const out = JSON.parse(Module.UTF8ToString(Module._brigade_output_json(pump.next)));
      if (out.generation !== pump.generation) { pump.generation = out.generation; pump.next = 0; }
      const lines = Array.isArray(out.lines) ? out.lines : [];
      if (lines.length && listeners.output.length) lines.forEach((line) => emit('output', line));
      pump.next = out.next;
      const ended = out.phase === 'ended' || out.phase === 'compile-failed';
      if (ended && pump.phase !== out.phase + out.generation) {
        pump.phase = out.phase + out.generation;
        const state = api.state();
        emit('exit', state);
        pump.waiting = pump.waiting.filter((w) => {
          if (out.generation > w.after) { w.resolve(state); return false; }
          return true;
        });
      }
    } catch (e) {
      console.error('brigade: the event pump', e);
    }
    if (pump.waiting.length || listeners.output.length || listeners.exit.length) schedulePump();
  }

  // Real threads need shared memory (an isolated page) and workers started from this origin.
  const isolated = self.crossOriginIsolated === true && new URL(base || '.', location.href).origin === location.origin;
  const api = {
    ready,
    isolated,
    mode: isolated ? 'threads' : 'virtual',
    state() {
      if (!isReady) return { frames: 0, loaded: false };
      return { loaded: true, ...JSON.parse(cstring(Module._brigade_state_json)()) };
    },
    // What #brigade-a11y says: the status, problems, each thread and channel, the console's
    // last lines, in words.
    a11y() { return isReady ? cstring(Module._brigade_a11y_text)() : ''; },
    // Before ready: [] (await brigade.ready for the list).
    examples() { return isReady ? JSON.parse(cstring(Module._brigade_examples_json)()) : []; },
    // Before ready: what load() was given, if anything.
    source() { return isReady ? cstring(Module._brigade_source)() : (queuedSource ?? ''); },
    load(source) {
      if (!isReady) queuedSource = String(source);
      return whenReady(() => { withString(source, (p) => Module._brigade_load(p)); });
    },
    loadExample(id) {
      const load = () => {
        if (!withString(id, (p) => Module._brigade_load_example(p))) throw new Error(`brigade: no example '${id}'`);
      };
      if (isReady) { load(); return Promise.resolve(); }
      return ready.then(load);
    },
    resetExample() { return whenReady(() => Module._brigade_reset_example()); },
    run({ speed, capacity, mode, seed, schedule } = {}) {
      let code = -2;
      if (capacity === 'unbounded' || capacity === Infinity) code = -1;
      else if (Number.isInteger(capacity) && capacity >= 0) code = capacity;
      else if (capacity !== undefined && capacity !== null) throw new Error(`brigade.run: capacity must be a number >= 0 or 'unbounded'`);
      if (mode !== undefined && mode !== 'threads' && mode !== 'virtual' && mode !== 'step') {
        throw new Error(`brigade.run: mode must be 'threads', 'virtual' or 'step'`);
      }
      if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw new Error('brigade.run: seed must be an integer >= 0');
      return whenReady(() => {
        if (mode !== undefined || seed !== undefined || schedule !== undefined) {
          const virtual = mode === 'virtual' || mode === 'step' || (mode === undefined && (seed !== undefined || schedule !== undefined));
          withString(schedule ?? '', (p) => Module._brigade_set_mode(virtual ? 1 : 0, seed ?? 0, p, mode === 'step' ? 1 : 0));
        }
        const after = api.state().generation;
        const done = new Promise((resolve) => pump.waiting.push({ after, resolve }));
        Module._brigade_run(speed > 0 ? speed : 0, code);
        schedulePump();
        return done;
      });
    },
    explore({ maxSchedules } = {}) {
      return whenReady(() => new Promise((resolve, reject) => {
        Module._brigade_explore_start(maxSchedules > 0 ? maxSchedules : 0);
        const poll = () => {
          const text = cstring(Module._brigade_explore_result)();
          if (text === '') { setTimeout(poll, 20); return; }  // still exploring, on a worker
          const result = JSON.parse(text);
          if (result.error) reject(new Error(`brigade.explore: ${result.error}`));
          else resolve(result);
        };
        poll();
      }));
    },
    step(thread) {
      return whenReady(() => new Promise((resolve, reject) => {
        const before = api.state();
        const point = before.step || {};
        let number = 0;  // the run's own pick
        if (typeof thread === 'number') number = thread;
        else if (typeof thread === 'string') {
          const found = (point.candidates || []).find((c) => c.name === thread);
          number = found ? found.thread : -1;
        } else if (thread !== undefined && thread !== null) {
          reject(new Error('brigade.step: thread must be a thread number, a name, or absent'));
          return;
        }
        const names = (point.candidates || []).map((c) => `${c.thread} (${c.name})`).join(', ');
        if (!point.waiting) { reject(new Error('brigade.step: the run does not wait at a choice point')); return; }
        if (number < 0 || !Module._brigade_step(number)) {
          reject(new Error(`brigade.step: ${thread} is not one of the threads that could go next: ${names}`));
          return;
        }
        const poll = () => {  // until the run stands at its next point, or ends
          const now = api.state();
          if (!now.running || (now.step && now.step.waiting && now.step.points > point.points)) { resolve(now); return; }
          setTimeout(poll, 10);
        };
        schedulePump();
        poll();
      }));
    },
    seek(seconds) {
      if (seconds !== null && seconds !== undefined && !(typeof seconds === 'number' && seconds >= 0)) {
        throw new Error('brigade.seek: seconds must be a number >= 0, or null (live)');
      }
      return whenReady(() => {
        Module._brigade_seek(seconds === null || seconds === undefined ? -1 : seconds);
        return api.state();
      });
    },
    share() {
      const state = api.state();
      const options = {};
      if (state.loaded && state.mode === 'virtual') {
        options.mode = state.stepping ? 'step' : 'virtual';
        options.seed = state.seed;
        // The last run's schedule replays it exactly; a long one would make the link too long.
        if (state.schedule && state.schedule.length <= 400) options.schedule = state.schedule;
      }
      // From a tutorial page (embed.js), the link opens the playground itself.
      const page = config.embed ? new URL('index.html', new URL(base || '.', location.href)).href : location.href.split('#')[0];
      return page + BrigadeShare.encode(api.source(), options);
    },
    stop() { return whenReady(() => { Module._brigade_stop(); schedulePump(); }); },
    pause(paused = true) { return whenReady(() => Module._brigade_pause(paused ? 1 : 0)); },
    setSpeed(speed) { return whenReady(() => Module._brigade_set_speed(speed)); },
    setTheme(theme) { return whenReady(() => Module._brigade_set_theme(theme === 'dark' ? 1 : 0)); },
    on(event, fn) {
      if (!listeners[event]) throw new Error(`brigade.on: unknown event '${event}'`);
      listeners[event].push(fn);
      schedulePump();
    },
  };
  window.brigade = api;

  // The playground's own elements; another page (embed.js) has none of them.
  const show = (id) => { const e = document.getElementById(id); if (e) e.hidden = false; };
  const hide = (id) => { const e = document.getElementById(id); if (e) e.hidden = true; };
  function fail(message) {
    hide('loading');
    const text = document.getElementById('load-error-text');
    if (text) text.textContent = message;
    show('load-error');
    emit('error', message);
    rejectReady(new Error(`brigade: ${message}`));
  }

  if (!isolated) show('virtual-note');
  const dismiss = document.getElementById('virtual-note-close');
  if (dismiss) dismiss.addEventListener('click', () => hide('virtual-note'));

  // A share link: its program goes into the editor (never run until the reader presses Run),
  // with its mode; a damaged one says so and changes nothing.
  function openLink() {
    let link;
    try {
      link = BrigadeShare.decode(location.hash);
    } catch (e) {
      console.warn(`brigade: ${e.message}`);
      emit('error', e.message);
      return;
    }
    if (!link) return;
    api.load(link.source);
    if (link.mode) {
      whenReady(() => withString(link.schedule ?? '', (p) => Module._brigade_set_mode(1, link.seed ?? 0, p, link.mode === 'step' ? 1 : 0)));
    }
  }
  if (!config.embed) {
    openLink();
    window.addEventListener('hashchange', openLink);
  }

  // The system clipboard's text, pasted into the editor (ImGui's own paste is disabled on the
  // web: it cannot read the system clipboard synchronously). The browser pastes only into an
  // editable element that has the focus when the V key goes down, so pressing Ctrl (Cmd) moves
  // the focus to a hidden textarea; the paste event there brings the text, and releasing the
  // modifier gives the focus back. The keys still reach the app (SDL listens on the window).
  const sink = document.getElementById('paste-sink');
  const canvas = config.canvas || document.getElementById('canvas');
  const isModifier = (event) => event.key === 'Control' || event.key === 'Meta';
  if (sink) {
    window.addEventListener('keydown', (event) => {
      if (isModifier(event) && document.activeElement !== sink) sink.focus({ preventScroll: true });
    }, true);
    window.addEventListener('keyup', (event) => {
      if (isModifier(event) && document.activeElement === sink) canvas.focus({ preventScroll: true });
    }, true);
    sink.addEventListener('paste', (event) => {
      const text = event.clipboardData && event.clipboardData.getData('text/plain');
      event.preventDefault();
      if (text && isReady) withString(text.replace(/\r\n?/g, '\n'), (p) => Module._brigade_paste(p));
    });
    sink.addEventListener('input', () => { sink.value = ''; });  // typed while Ctrl was down: not ours
  }

  // The screen readers' view of the canvas: #brigade-a11y (made here when the page has none),
  // visually hidden, a polite live region with a paragraph per line of App::a11y_text(),
  // refreshed twice a second at most and only where a line changed.
  const startA11yMirror = () => {
    let region = document.getElementById('brigade-a11y');
    if (!region) {
      region = document.createElement('div');
      region.id = 'brigade-a11y';
      document.body.appendChild(region);
    }
    region.setAttribute('aria-live', 'polite');
    region.setAttribute('role', 'status');
    if (!region.className) {
      region.className = 'brigade-visually-hidden';
      Object.assign(region.style, { position: 'absolute', width: '1px', height: '1px', overflow: 'hidden',
        clip: 'rect(0 0 0 0)', clipPath: 'inset(50%)', whiteSpace: 'nowrap', margin: '-1px', padding: '0', border: '0' });
    }
    let last = '';
    setInterval(() => {
      const text = api.a11y();
      if (text === last) return;
      last = text;
      const lines = text.split('\n').filter((l) => l.length > 0);
      while (region.children.length > lines.length) region.lastChild.remove();
      lines.forEach((line, i) => {
        let p = region.children[i];
        if (!p) { p = document.createElement('p'); region.appendChild(p); }
        if (p.textContent !== line) p.textContent = line;
      });
    }, 500);
  };

  window.Module = {
    canvas,
    brigadeEmbed: config.embed === true,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fail(`The module stopped: ${what}`),
    onRuntimeInitialized() {
      // Ready once a few frames are on screen.
      const frames = () => JSON.parse(cstring(Module._brigade_state_json)()).frames;
      const poll = () => {
        if (frames() >= 3) {
          hide('loading');
          isReady = true;
          queuedSource = null;
          resolveReady(api.state());
          emit('ready', api.state());
          schedulePump();
          startA11yMirror();
        } else {
          requestAnimationFrame(poll);
        }
      };
      requestAnimationFrame(poll);
      const scheme = window.matchMedia('(prefers-color-scheme: dark)');
      scheme.addEventListener('change', (e) => Module._brigade_set_system_dark(e.matches ? 1 : 0));
    },
  };
  const script = document.createElement('script');
  script.src = base + (isolated ? 'brigade.js' : 'brigade-virtual.js');
  script.onerror = () => fail(`${script.src} could not be loaded (was the web build run?)`);
  document.body.appendChild(script);
})();
