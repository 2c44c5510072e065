// brigade-page.js — starts the WebAssembly module and exposes window.brigade.
//
// window.brigade:
//   ready            a Promise, resolved once the first frames have been drawn
//   state()          the app's state (frames, theme, size, the live feed, ...)
//   on(event, fn)    'ready' | 'error'
// It refuses to load the module on a page that is not cross-origin isolated (no shared memory
// for threads) and shows why instead.
(function () {
  'use strict';
  const listeners = { ready: [], error: [] };
  const emit = (event, value) => listeners[event].forEach((fn) => fn(value));
  let resolveReady;
  const api = {
    ready: new Promise((resolve) => { resolveReady = resolve; }),
    isolated: self.crossOriginIsolated === true,
    state() {
      if (!self.Module || !Module._brigade_state_json) return { frames: 0, loaded: false };
      return JSON.parse(Module.UTF8ToString(Module._brigade_state_json()));
    },
    on(event, fn) {
      if (!listeners[event]) throw new Error(`brigade.on: unknown event '${event}'`);
      listeners[event].push(fn);
    },
  };
  window.brigade = api;

  const show = (id) => { document.getElementById(id).hidden = false; };
  const hide = (id) => { document.getElementById(id).hidden = true; };
  function fail(message) {
    hide('loading');
    document.getElementById('load-error-text').textContent = message;
    show('load-error');
    emit('error', message);
  }

  if (!api.isolated) {
    hide('loading');
    show('isolation-error');
    emit('error', 'not cross-origin isolated');
    return;
  }

  window.Module = {
    canvas: document.getElementById('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onAbort: (what) => fail(`The module stopped: ${what}`),
    onRuntimeInitialized() {
      // Ready once a few frames are on screen.
      const poll = () => {
        if (api.state().frames >= 3) {
          hide('loading');
          resolveReady(api.state());
          emit('ready', api.state());
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
  script.src = 'brigade.js';
  script.onerror = () => fail('brigade.js could not be loaded (was the web build run?)');
  document.body.appendChild(script);
})();
