// describe.cpp — see describe.hpp.
#include "describe.hpp"

#include <cstdio>

namespace brigade::app {

std::string channel_name(const ChannelView& c) {
  std::string n = "#" + std::to_string(c.number);
  if (c.tokio) {
    return "tokio " + std::string(c.capacity ? "carousel " : "pile ") + n + " — " +
           (c.capacity ? "mpsc::channel(" + std::to_string(*c.capacity) + ")" : std::string("mpsc::unbounded_channel()"));
  }
  if (!c.capacity) return "pile " + n + " — channel()";
  if (*c.capacity == 0) return "pass " + n + " — sync_channel(0)";
  return "carousel " + n + " — sync_channel(" + std::to_string(*c.capacity) + ")";
}

namespace {

const char* role_words(Role r) {
  switch (r) {
    case Role::Waiter:
      return "waiter";
    case Role::Chef:
      return "chef";
    case Role::Stage:
      return "waiter and chef";
    case Role::Idle:
      break;
  }
  return "staff";
}

std::string fill(const ChannelView& c) {
  if (!c.capacity) return std::to_string(c.len) + " ticket" + (c.len == 1 ? "" : "s") + " waiting";
  if (*c.capacity == 0) return "no slots: a hand-off";
  return (c.len >= *c.capacity ? "full " : "") + std::to_string(c.len) + " of " + std::to_string(*c.capacity);
}

std::string seconds(std::uint64_t ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(ns) / 1e9);
  return buf;
}

}  // namespace

std::string describe(const RunModel& model, std::uint64_t now_ns) {
  std::string out;
  const auto& channels = model.channels();
  auto at = [&](std::uint32_t id) -> std::string {
    auto it = channels.find(id);
    if (it == channels.end()) return "a channel";
    return channel_name(it->second) + ", " + fill(it->second);
  };
  for (const auto& [id, th] : model.threads()) {
    std::string line = th.display_name() + (th.task ? " (task)" : "") + ", " + role_words(th.role()) + ": ";
    const std::string waited = now_ns > th.since_ns ? " — for " + seconds(now_ns - th.since_ns) : "";
    switch (th.state) {
      case ThreadState::Running:
        line += "working";
        break;
      case ThreadState::BlockedSend:
        line += "waits to hand a ticket to " + at(th.channel) + waited;
        break;
      case ThreadState::BlockedRecv:
        line += "waits for a ticket at " + at(th.channel) + waited;
        break;
      case ThreadState::BlockedJoin:
        line += "waits for another thread to finish" + waited;
        break;
      case ThreadState::BlockedLock:
        line += "waits for a lock" + waited;
        break;
      case ThreadState::BlockedSync:
        line += std::string(th.sync == SyncWait::Condvar   ? "waits on a condition variable"
                            : th.sync == SyncWait::Barrier ? "waits at a barrier"
                                                           : "is parked") +
                waited;
        break;
      case ThreadState::Sleeping:
        line += "sleeps" + waited;
        break;
      case ThreadState::Queued:
        line += "waits for a worker thread" + waited;
        break;
      case ThreadState::Done:
        line += th.panicked ? "panicked" : "finished";
        break;
    }
    out += line + ".\n";
  }
  for (const auto& [id, c] : channels) {
    out += channel_name(c) + ": " + fill(c) + "; " + std::to_string(c.sent) + " sent, " + std::to_string(c.received) +
           " received" + (c.senders_gone ? "; every waiter has left" : "") + (c.receiver_gone ? "; the chef has left" : "") +
           ".\n";
  }
  return out;
}

}  // namespace brigade::app
