// mpsc_co.hpp — C++20 coroutines on the channel core: `co_await tx.send(v)`, `co_await rx.recv()`.
//
// The same channels as mpsc.hpp (a co::SyncSender wraps a mpsc::SyncSender, and so on), waiting
// through the callback form of the Waiter (chan/waiter.hpp) instead of parking a thread: a
// coroutine that must wait registers its awaiter's waiter and suspends; the peer that completes
// the waiter posts a job to the coroutine's executor, which retries the operation on its own
// thread and resumes the coroutine once it is done. Nothing runs the coroutine on the peer's
// thread, and nothing touches the awaiter after the executor resumed it.
//
// Executor-agnostic: an awaiter finds its executor through the awaiting coroutine's promise,
// `promise.executor()`, anything with `void post(void (*job)(void*), void* arg)` callable from
// any thread. co::Loop (a run queue on one thread) and co::Task (a coroutine it runs) are one
// such pair, enough for tests and for the benchmark of two coroutines handing off on one thread.
#pragma once
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <utility>

#include "brigade/mpsc.hpp"

// Emscripten 3.1.6's libc++ has only the Coroutines TS header (clang 14 accepts both).
#if __has_include(<coroutine>)
#include <coroutine>
namespace brigade::mpsc::co {
namespace coro = std;
}
#else
#include <experimental/coroutine>
namespace brigade::mpsc::co {
namespace coro = std::experimental;
}
#endif

namespace brigade::mpsc::co {

template <class P>
concept HasExecutor = requires(P& promise, void (*job)(void*), void* arg) { promise.executor().post(job, arg); };

namespace detail {

// What every awaiter shares: the waiter, the executor's post, the coroutine to resume.
// Derived: bool attempt() (true: it waits on waiter_), called first from await_suspend, then
// from the executor's thread after each wake-up.
template <class Derived>
class Awaiter {
 public:
  Awaiter() = default;
  Awaiter(const Awaiter&) = delete;
  Awaiter& operator=(const Awaiter&) = delete;

  bool await_ready() const noexcept { return false; }
  template <HasExecutor P>
  bool await_suspend(coro::coroutine_handle<P> h) {
    handle_ = h;
    auto& executor = h.promise().executor();
    using E = std::remove_reference_t<decltype(executor)>;
    executor_ = &executor;
    post_ = [](void* e, void (*job)(void*), void* arg) { static_cast<E*>(e)->post(job, arg); };
    return self().attempt();  // false: done without waiting, the coroutine goes on now
  }

 protected:
  Derived& self() { return static_cast<Derived&>(*this); }
  // The waker's thread: only hand the retry to the executor.
  static void on_wake(void* me, chan::WaitState) {
    auto* a = static_cast<Awaiter*>(me);
    a->post_(a->executor_, &Awaiter::retry, a);
  }
  // The executor's thread, once the waker has let go of the waiter (settled()).
  static void retry(void* me) {
    auto* a = static_cast<Awaiter*>(me);
    a->woken_ = a->waiter_.settled();
    if (!a->self().attempt()) a->handle_.resume();
  }

  chan::Waiter waiter_{&Awaiter::on_wake, this};
  chan::WaitState woken_ = chan::WaitState::Waiting;  // the last wake-up's outcome
  coro::coroutine_handle<> handle_;
  void* executor_ = nullptr;
  void (*post_)(void*, void (*)(void*), void*) = nullptr;
};

}  // namespace detail

template <class T>
class SyncSender {
 public:
  explicit SyncSender(mpsc::SyncSender<T> tx) : tx_(std::move(tx)) {}

  class SendAwaiter : public detail::Awaiter<SendAwaiter> {
   public:
    SendAwaiter(mpsc::SyncSender<T>& tx, T value) : tx_(tx), value_(std::move(value)) {}
    Result<void, SendError<T>> await_resume() {
      if (status_ == Status::Disconnected) return Err{SendError<T>(std::move(value_))};
      return {};
    }
    bool attempt() {
      if (this->woken_ == chan::WaitState::Completed) {  // a rendezvous took it from where it waited
        status_ = Status::Ok;
        return false;
      }
      status_ = tx_.start_send(value_, this->waiter_);
      return status_ == Status::WouldBlock;
    }

   private:
    mpsc::SyncSender<T>& tx_;
    T value_;
    Status status_ = Status::WouldBlock;
  };

  // Waits while the carousel is full (or, for a rendezvous, until a receiver takes it).
  [[nodiscard]] SendAwaiter send(T value) { return SendAwaiter(tx_, std::move(value)); }
  Result<void, TrySendError<T>> try_send(T value) { return tx_.try_send(std::move(value)); }
  [[nodiscard]] mpsc::SyncSender<T>& inner() noexcept { return tx_; }

 private:
  mpsc::SyncSender<T> tx_;
};

template <class T>
class Receiver {
 public:
  explicit Receiver(mpsc::Receiver<T> rx) : rx_(std::move(rx)) {}

  class RecvAwaiter : public detail::Awaiter<RecvAwaiter> {
   public:
    explicit RecvAwaiter(mpsc::Receiver<T>& rx) : rx_(rx) {}
    Result<T, RecvError> await_resume() {
      if (!slot_) return Err{RecvError{}};
      return std::move(*slot_);
    }
    bool attempt() {
      if (this->woken_ == chan::WaitState::Completed && slot_) return false;  // handed over
      slot_.reset();
      Status s = rx_.start_recv(slot_, this->waiter_);
      return s == Status::WouldBlock;
    }

   private:
    mpsc::Receiver<T>& rx_;
    std::optional<T> slot_;
  };

  // Waits while the carousel is empty; Err(RecvError) once it is empty and every sender is gone.
  [[nodiscard]] RecvAwaiter recv() { return RecvAwaiter(rx_); }
  Result<T, TryRecvError> try_recv() { return rx_.try_recv(); }
  [[nodiscard]] mpsc::Receiver<T>& inner() noexcept { return rx_; }

 private:
  mpsc::Receiver<T> rx_;
};

template <class T>
std::pair<SyncSender<T>, Receiver<T>> sync_channel(std::size_t bound) {
  auto [tx, rx] = mpsc::sync_channel<T>(bound);
  return {SyncSender<T>(std::move(tx)), Receiver<T>(std::move(rx))};
}

// ---------------------------------------------------------------- a run queue on one thread

// Jobs posted from any thread run, in order, on the thread inside run(); run() returns once
// every co::Task spawned on the loop has finished.
class Loop {
 public:
  void post(void (*job)(void*), void* arg) {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({job, arg});
    }
    ready_.notify_one();
  }
  void run() {
    for (;;) {
      std::pair<void (*)(void*), void*> job;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return !jobs_.empty() || alive_ == 0; });
        if (jobs_.empty()) return;
        job = jobs_.front();
        jobs_.pop_front();
      }
      job.first(job.second);
    }
  }
  void started() {
    std::lock_guard lock(mutex_);
    ++alive_;
  }
  void finished() {
    {
      std::lock_guard lock(mutex_);
      --alive_;
    }
    ready_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::pair<void (*)(void*), void*>> jobs_;
  unsigned alive_ = 0;
};

// A coroutine run by a Loop: spawn(loop, f(args...)) queues its start; it frees itself at its end.
class Task {
 public:
  struct promise_type {
    Loop* loop = nullptr;
    Loop& executor() noexcept { return *loop; }
    Task get_return_object() { return Task(coro::coroutine_handle<promise_type>::from_promise(*this)); }
    coro::suspend_always initial_suspend() noexcept { return {}; }
    auto final_suspend() noexcept {
      struct Last {
        bool await_ready() noexcept { return false; }
        void await_suspend(coro::coroutine_handle<promise_type> h) noexcept {
          Loop* loop = h.promise().loop;
          h.destroy();
          loop->finished();
        }
        void await_resume() noexcept {}
      };
      return Last{};
    }
    void return_void() noexcept {}
    void unhandled_exception() { std::terminate(); }
  };
  Task(Task&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  Task(const Task&) = delete;
  ~Task() {
    if (h_) h_.destroy();  // never spawned
  }
  friend void spawn(Loop& loop, Task task) {
    auto h = std::exchange(task.h_, {});
    h.promise().loop = &loop;
    loop.started();
    loop.post([](void* p) { coro::coroutine_handle<promise_type>::from_address(p).resume(); }, h.address());
  }

 private:
  explicit Task(coro::coroutine_handle<promise_type> h) : h_(h) {}
  coro::coroutine_handle<promise_type> h_;
};

}  // namespace brigade::mpsc::co
