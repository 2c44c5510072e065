// thread_pool.cpp — idle threads wait for a job; a job given to the pool either takes an idle
// thread (whose place is reserved by the dispatcher: `idle` counts threads not yet promised a
// job) or starts a new one with the job in hand, so a job never waits behind another.
#include "thread_pool.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <system_error>
#include <thread>

#include "brigade/trace.hpp"

namespace brigade::lang::vm {

struct ThreadPool::State {
  std::mutex mutex;
  std::condition_variable work;
  std::deque<std::function<void()>> jobs;  // each promised to one idle thread
  unsigned idle = 0;                       // waiting and not yet promised a job
  unsigned threads = 0;
};

ThreadPool& ThreadPool::shared() {
  static ThreadPool* pool = new ThreadPool();
  return *pool;
}

ThreadPool::State& ThreadPool::state() {
  static State* s = new State();
  return *s;
}

namespace {
void serve(ThreadPool::State& s, std::function<void()> job);
}

bool ThreadPool::run(std::function<void()> job) {
  State& s = state();
  std::unique_lock lock(s.mutex);
  if (s.idle > 0) {
    --s.idle;
    s.jobs.push_back(std::move(job));
    lock.unlock();
    s.work.notify_one();
    return true;
  }
  ++s.threads;
  lock.unlock();
  try {
    std::thread([&s, job = std::move(job)]() mutable { serve(s, std::move(job)); }).detach();
    return true;
  } catch (const std::system_error&) {
    lock.lock();
    --s.threads;
    return false;
  }
}

void ThreadPool::reserve(unsigned n) {
  State& s = state();
  for (;;) {
    {
      std::lock_guard lock(s.mutex);
      if (s.threads >= n) return;
    }
    if (!run([] {})) return;
  }
}

namespace {
void serve(ThreadPool::State& s, std::function<void()> job) {
  for (;;) {
    trace::begin_thread();  // each job is a new thread to whoever reads the trace
    job();
    job = nullptr;  // what the job holds dies here, before the thread waits
    std::unique_lock lock(s.mutex);
    ++s.idle;
    s.work.wait(lock, [&s] { return !s.jobs.empty(); });
    job = std::move(s.jobs.front());
    s.jobs.pop_front();
  }
}
}  // namespace

}  // namespace brigade::lang::vm
