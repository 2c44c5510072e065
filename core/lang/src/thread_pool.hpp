// thread_pool.hpp — the OS threads that run program tasks, kept between spawns and runs.
//
// thread::spawn must start at once, whatever else the process does. In WebAssembly a new
// pthread is dispatched by the browser's main thread (emscripten posts it a message, and the
// page's main thread hands a worker over between frames): with 31 threads spinning and the UI
// drawing at a few frames a second, starting a program's threads took seconds, and so did
// stopping a run whose threads had not all started yet. A thread of this pool, once started,
// takes its next job from a queue: no main thread is involved. Natively it saves a thread
// creation per spawn.
#pragma once
#include <functional>

namespace brigade::lang::vm {

class ThreadPool {
 public:
  // The process's pool (never destroyed: its threads may be waiting at exit).
  static ThreadPool& shared();
  // Starts threads until at least `n` exist (the page does this at start-up, while its main
  // thread is free to hand out workers).
  void reserve(unsigned n);
  // Runs `job` on an idle thread, or on a new one; false if no thread could be started.
  bool run(std::function<void()> job);

  struct State;  // thread_pool.cpp

 private:
  ThreadPool() = default;
  static State& state();
};

}  // namespace brigade::lang::vm
