// examples.cpp — the table of examples; their text comes from examples/ (embedded).
#include "examples.hpp"

#include <array>

#include "brigade_examples.hpp"

namespace brigade::app {

namespace {
std::string_view text(const unsigned char* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}
#define BRIGADE_EXAMPLE_TEXT(name) \
  text(embedded::name##_rs, embedded::name##_rs_size), text(embedded::name##_stdout, embedded::name##_stdout_size)

const std::array<Example, 13> kExamples{{
    {"bounded_one", "One slot, a slow chef", "sync_channel(1): when the slot is full the waiter waits — backpressure",
     "backpressure", BRIGADE_EXAMPLE_TEXT(bounded_one), 0},
    {"unbounded", "The waiter never waits", "channel(): send() never blocks, so the waiter is done before the chef starts",
     "blocking", BRIGADE_EXAMPLE_TEXT(unbounded), 0},
    {"rendezvous", "A handshake at the pass", "sync_channel(0): no slots; each send meets a receive — synchronisation",
     "synchronisation", BRIGADE_EXAMPLE_TEXT(rendezvous), 0},
    {"worker_pool", "A pool of cooks, bounded", "sync_channel(1) per cook: a busy cook makes the head chef wait its turn",
     "backpressure", BRIGADE_EXAMPLE_TEXT(worker_pool), 0},
    {"logging", "Fire-and-forget logging", "channel(): the kitchen never waits for the logbook; lines queue up in order",
     "blocking", BRIGADE_EXAMPLE_TEXT(logging), 0},
    {"many_waiters", "Several waiters, one chef", "tx.clone(): one sender per waiter; the chef's loop ends when all are gone",
     "synchronisation", BRIGADE_EXAMPLE_TEXT(many_waiters), 0},
    {"shared_carousel", "Chefs share one carousel", "Arc<Mutex<Receiver>>: one receiver, several chefs taking turns at its lock",
     "synchronisation", BRIGADE_EXAMPLE_TEXT(shared_carousel), 0},
    {"overflow", "An unbounded carousel overflows", "channel() with a slow chef: the backlog and its memory keep growing",
     "memory", BRIGADE_EXAMPLE_TEXT(overflow), 0},
    {"deadlock", "A deadlock to diagnose", "a Sender kept alive in main: the chef waits forever — see the diagnosis",
     "deadlock", BRIGADE_EXAMPLE_TEXT(deadlock), 1},
    {"tokio_carousel", "The carousel with tasks", "tokio's channel(1): send().await waits as a task — its worker serves others",
     "async", BRIGADE_EXAMPLE_TEXT(tokio_carousel), 0},
    {"tokio_unbounded", "The waiter never waits, with tasks", "tokio's unbounded_channel(): send() is not even async — it never waits",
     "async", BRIGADE_EXAMPLE_TEXT(tokio_unbounded), 0},
    {"blocking_in_async", "Blocking inside async", "std::thread::sleep in a task holds its worker: the orders queued behind it wait",
     "async", BRIGADE_EXAMPLE_TEXT(blocking_in_async), 0},
    {"threads_vs_tasks", "Threads or tasks", "the same kitchen with OS threads and std::sync::mpsc, then with tokio tasks",
     "async", BRIGADE_EXAMPLE_TEXT(threads_vs_tasks), 0},
}};
#undef BRIGADE_EXAMPLE_TEXT
}  // namespace

std::span<const Example> examples() noexcept {
  return kExamples;
}

const Example* find_example(std::string_view id) noexcept {
  for (const auto& e : kExamples) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

}  // namespace brigade::app
