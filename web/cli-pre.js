// Runs before brigade-cli.js compiles its WebAssembly (linked with --pre-js; node only).
//
// V8 first compiles wasm with its baseline tier (Liftoff) and recompiles hot functions with its
// optimising tier (TurboFan) in the background, but a call already running keeps the baseline
// code. The interpreter's loop is one long-running call per program thread, so most of a short
// run would execute baseline code (measured: 2-3x slower). The CLI is a batch tool: compiling
// the whole module optimised up front costs about half a second at start and gives the
// interpreter its full speed from the first message.
if (typeof process === 'object' && process.versions && process.versions.node) {
  try {
    require('v8').setFlagsFromString('--no-liftoff');
  } catch (e) {
    // An embedder without the v8 module: keep the default tiers.
  }
}
