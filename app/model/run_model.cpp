// run_model.cpp — trace events into threads, channels, segments and links.
#include "run_model.hpp"

#include <cstdio>
#include <algorithm>
#include <cstring>

namespace brigade::app {

const char* thread_state_name(ThreadState s) noexcept {
  switch (s) {
    case ThreadState::Running:
      return "running";
    case ThreadState::BlockedSend:
      return "blocked on send";
    case ThreadState::BlockedRecv:
      return "blocked on recv";
    case ThreadState::BlockedJoin:
      return "blocked on join";
    case ThreadState::BlockedLock:
      return "blocked on lock";
    case ThreadState::BlockedSync:
      return "blocked on a Condvar, Barrier or park";
    case ThreadState::Sleeping:
      return "sleeping";
    case ThreadState::Queued:
      return "waiting for a worker";
    case ThreadState::Done:
      return "done";
  }
  return "?";
}

const char* role_name(Role r) noexcept {
  switch (r) {
    case Role::Idle:
      return "idle";
    case Role::Waiter:
      return "waiter";
    case Role::Chef:
      return "chef";
    case Role::Stage:
      return "stage";
  }
  return "?";
}

const char* ChannelView::kind() const noexcept {
  if (!capacity) return "unbounded";
  return *capacity == 0 ? "rendezvous" : "bounded";
}

ThreadView& RunModel::thread(std::uint32_t id, std::uint64_t t) {
  auto [it, inserted] = threads_.try_emplace(id);
  if (inserted) {
    it->second.id = id;
    it->second.ordinal = static_cast<std::uint32_t>(threads_.size());
    it->second.since_ns = t;
    segments_.push_back(Segment{id, ThreadState::Running, 0, t, 0});
    bound(segments_);
  }
  return it->second;
}

ChannelView& RunModel::channel(std::uint32_t id) {
  auto [it, inserted] = channels_.try_emplace(id);
  if (inserted) {
    it->second.id = id;
    it->second.number = static_cast<std::uint32_t>(channels_.size());
  }
  return it->second;
}

void RunModel::set_state(ThreadView& th, ThreadState s, std::uint32_t ch, std::uint64_t t) {
  if (th.state == s && th.channel == ch) return;
  if (th.state == ThreadState::BlockedSend && th.channel != 0 && t > th.since_ns) {
    channel(th.channel).blocked_send_ns += t - th.since_ns;
  }
  th.state = s;
  th.channel = ch;
  th.since_ns = t;
  // Close the thread's open segment, open the next. One that began this very instant (under
  // virtual time many events share one) becomes the next instead: it would be drawn 0 wide.
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    if (it->thread != th.id || !it->open) continue;
    if (it->start_ns == t && s != ThreadState::Done) {
      it->state = s;
      it->channel = ch;
      return;
    }
    it->end_ns = t;
    it->open = false;
    break;
  }
  if (s != ThreadState::Done) {
    segments_.push_back(Segment{th.id, s, ch, t, 0});
    bound(segments_);
  }
}

void RunModel::leave_worker(ThreadView& th, std::uint64_t t) {
  if (th.worker < 0) return;
  for (auto it = worker_spans_.rbegin(); it != worker_spans_.rend(); ++it) {
    if (it->thread == th.id && it->open) {
      it->open = false;
      it->end_ns = t;
      break;
    }
  }
  th.worker = -1;
}

void RunModel::reset() {
  threads_.clear();
  channels_.clear();
  segments_.clear();
  links_.clear();
  worker_spans_.clear();
  workers_ = 0;
  history_.clear();
  pending_sends_.clear();
  dropped_ = 0;
  applied_ = 0;
  ended_ = false;
}

namespace {
void note_user(std::vector<std::uint32_t>& users, std::uint32_t thread) {
  if (users.size() < 32 && std::find(users.begin(), users.end(), thread) == users.end()) users.push_back(thread);
}

std::uint64_t message_bytes(const trace::Preview& p) {
  // The interpreter's value is 16 bytes; a string adds its heap block.
  return p.type == trace::Preview::Type::Text ? 16 + 32 + std::strlen(p.text) : 16;
}
}  // namespace

void RunModel::apply(const trace::Event& e) {
  using trace::Kind;
  if (e.kind == Kind::RunStart) {  // a new run begins (see session.hpp)
    reset();
    generation_ = e.seq;
    start_ns_ = now_ns_ = e.time_ns;
    return;
  }
  if (ended_) return;
  if (e.kind == Kind::RunEnd) {
    ended_ = true;
    now_ns_ = std::max(now_ns_, e.time_ns);
    return;
  }
  now_ns_ = std::max(now_ns_, e.time_ns);
  ++applied_;
  history_.push_back(e);
  bound(history_);
  ThreadView& th = thread(e.thread, e.time_ns);
  switch (e.kind) {
    case Kind::ChannelCreate: {
      ChannelView& c = channel(e.channel);
      c.capacity = e.seq == trace::kUnbounded ? std::nullopt : std::optional<std::uint64_t>(e.seq);
      break;
    }
    case Kind::SendDone: {
      ChannelView& c = channel(e.channel);
      c.sent = std::max(c.sent, e.seq + 1);
      c.len = e.occupancy;
      c.peak = std::max(c.peak, c.len);
      c.tickets.push_back(e.preview);
      if (c.tickets.size() > ChannelView::kMaxTickets) c.tickets.pop_front();
      c.bytes_per_message = message_bytes(e.preview);
      ++th.sends;
      th.last_channel = e.channel;
      note_user(c.senders, e.thread);
      pending_sends_[(std::uint64_t{e.channel} << 40) ^ e.seq] = {e.thread, e.time_ns};
      if (pending_sends_.size() > history_limit_) pending_sends_.clear();  // a lost receiver: keep it bounded
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::RecvDone: {
      ChannelView& c = channel(e.channel);
      c.received = std::max(c.received, e.seq + 1);
      c.len = e.occupancy;
      if (!c.tickets.empty() && c.tickets.size() > c.len) c.tickets.pop_front();
      ++th.receives;
      th.last_channel = e.channel;
      note_user(c.receivers, e.thread);
      auto key = (std::uint64_t{e.channel} << 40) ^ e.seq;
      if (auto it = pending_sends_.find(key); it != pending_sends_.end()) {
        links_.push_back(Link{e.channel, e.seq, it->second.first, e.thread, it->second.second, e.time_ns});
        bound(links_);
        pending_sends_.erase(it);
      }
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::Handoff: {
      // Rendezvous: one event for both sides, emitted by the side that arrived second; the
      // other is the thread blocked on this channel.
      ChannelView& c = channel(e.channel);
      c.sent = c.received = std::max(c.received, e.seq + 1);
      c.len = 0;
      c.bytes_per_message = message_bytes(e.preview);
      ThreadView* partner = nullptr;
      for (auto& [id, other] : threads_) {
        if (id != e.thread && other.channel == e.channel &&
            (other.state == ThreadState::BlockedSend || other.state == ThreadState::BlockedRecv)) {
          partner = &other;
        }
      }
      bool emitter_receives = partner != nullptr && partner->state == ThreadState::BlockedSend;
      ThreadView* sender = emitter_receives ? partner : &th;
      ThreadView* receiver = emitter_receives ? &th : partner;
      ++sender->sends;
      sender->last_channel = e.channel;
      note_user(c.senders, sender->id);
      if (receiver != nullptr) {
        note_user(c.receivers, receiver->id);
        ++receiver->receives;
        receiver->last_channel = e.channel;
        links_.push_back(Link{e.channel, e.seq, sender->id, receiver->id,
                              partner == sender ? sender->since_ns : e.time_ns, e.time_ns});
        bound(links_);
      }
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::SendBlocked: {
      ChannelView& c = channel(e.channel);
      if (c.capacity && c.len >= *c.capacity) {
        ++c.full_waits;
      }
      th.last_channel = e.channel;
      set_state(th, ThreadState::BlockedSend, e.channel, e.time_ns);
      break;
    }
    case Kind::RecvBlocked:
      ++channel(e.channel).empty_waits;
      th.last_channel = e.channel;
      set_state(th, ThreadState::BlockedRecv, e.channel, e.time_ns);
      break;
    case Kind::Wake:
    case Kind::SendFailed:
    case Kind::RecvFailed:
      // A task woken off its worker goes on only once a worker takes it (WorkerRun).
      set_state(th, th.task && th.worker < 0 && e.kind == Kind::Wake ? ThreadState::Queued : ThreadState::Running, 0, e.time_ns);
      break;
    case Kind::Sleep:
      set_state(th, ThreadState::Sleeping, 0, e.time_ns);
      break;
    case Kind::JoinBlocked:
      th.joining = static_cast<std::uint32_t>(e.seq);
      set_state(th, ThreadState::BlockedJoin, 0, e.time_ns);
      break;
    case Kind::LockBlocked:
      set_state(th, ThreadState::BlockedLock, 0, e.time_ns);
      break;
    case Kind::CondvarWait:
    case Kind::BarrierWait:
    case Kind::Park:
      th.sync = e.kind == Kind::CondvarWait ? SyncWait::Condvar : e.kind == Kind::BarrierWait ? SyncWait::Barrier : SyncWait::Park;
      set_state(th, ThreadState::BlockedSync, 0, e.time_ns);
      break;
    case Kind::TaskSpawn:
      th.task = true;
      if (th.worker < 0) set_state(th, ThreadState::Queued, 0, e.time_ns);
      [[fallthrough]];
    case Kind::ThreadSpawn:
      if (e.preview.type == trace::Preview::Type::Text && e.preview.text[0] != '\0') th.name = e.preview.text;
      // Its number in the program (main 1, then in spawn order), which the deadlock report
      // uses too; threads start in another order now and then.
      if (e.seq != 0) th.ordinal = static_cast<std::uint32_t>(e.seq);
      break;
    case Kind::WorkerRun:
      leave_worker(th, e.time_ns);
      th.worker = static_cast<int>(e.seq) - 1;
      workers_ = std::max(workers_, th.worker + 1);
      worker_spans_.push_back(WorkerSpan{th.worker, th.id, e.time_ns, 0, true});
      bound(worker_spans_);
      if (th.state == ThreadState::Queued) set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    case Kind::WorkerFree:
      leave_worker(th, e.time_ns);
      break;
    case Kind::RuntimeStart:
      workers_ = std::max(workers_, static_cast<int>(e.seq));
      break;
    case Kind::TokioChannel:
      channel(e.channel).tokio = true;
      break;
    case Kind::ThreadExit:
      leave_worker(th, e.time_ns);
      th.panicked = e.seq != 0;
      set_state(th, ThreadState::Done, 0, e.time_ns);
      break;
    case Kind::DisconnectSenders:
      channel(e.channel).senders_gone = true;
      break;
    case Kind::DisconnectReceiver:
      channel(e.channel).receiver_gone = true;
      break;
    case Kind::MessagesDropped:
      channel(e.channel).len = 0;
      channel(e.channel).tickets.clear();
      break;
    default:
      break;
  }
}

std::size_t RunModel::drain(trace::Ring& ring, std::size_t max) {
  std::size_t n = 0;
  trace::Event e;
  while (n < max && ring.pop(e)) {
    apply(e);
    ++n;
  }
  return n;
}

const ThreadView* RunModel::thread_named(const std::string& name) const {
  for (const auto& [id, th] : threads_) {
    if (th.name == name) return &th;
  }
  return nullptr;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string RunModel::json() const {
  std::string out = "{\"threads\":[";
  bool first = true;
  for (const auto& [id, th] : threads_) {
    if (!first) out += ",";
    first = false;
    std::string name = th.display_name();
    out += "{\"id\":" + std::to_string(id) + ",\"name\":" + json_string(name) + ",\"role\":\"" + role_name(th.role()) +
           "\",\"state\":\"" + thread_state_name(th.state) +
           "\",\"waits_on\":" + (th.channel != 0 ? std::to_string(th.channel) : "null") +
           ",\"panicked\":" + (th.panicked ? "true" : "false") + ",\"task\":" + (th.task ? "true" : "false") +
           ",\"worker\":" + (th.worker >= 0 ? std::to_string(th.worker + 1) : "null") +
           ",\"sends\":" + std::to_string(th.sends) + ",\"receives\":" + std::to_string(th.receives) + "}";
  }
  out += "],\"channels\":[";
  first = true;
  for (const auto& [id, c] : channels_) {
    if (!first) out += ",";
    first = false;
    char buf[480];
    std::snprintf(buf, sizeof buf,
                  "{\"id\":%u,\"number\":%u,\"kind\":\"%s\",\"capacity\":%s,\"len\":%llu,\"peak\":%llu,\"sent\":%llu,"
                  "\"received\":%llu,\"blocked_send_ms\":%.1f,\"full_waits\":%llu,\"empty_waits\":%llu,"
                  "\"closed\":%s,\"senders_gone\":%s,\"tokio\":%s,\"bytes\":%llu}",
                  id, c.number, c.kind(), c.capacity ? std::to_string(*c.capacity).c_str() : "null",
                  static_cast<unsigned long long>(c.len), static_cast<unsigned long long>(c.peak),
                  static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(c.received),
                  static_cast<double>(c.blocked_send_ns) / 1e6, static_cast<unsigned long long>(c.full_waits),
                  static_cast<unsigned long long>(c.empty_waits), c.receiver_gone ? "true" : "false",
                  c.senders_gone ? "true" : "false", c.tokio ? "true" : "false", static_cast<unsigned long long>(c.approx_bytes()));
    out += buf;
  }
  out += "],\"dropped_events\":" + std::to_string(dropped_) + "}";
  return out;
}

}  // namespace brigade::app
