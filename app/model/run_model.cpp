// run_model.cpp — trace events into threads, channels, segments and links.
#include "run_model.hpp"

#include <cstdio>

namespace brigade::app {

const char* thread_state_name(ThreadState s) noexcept {
  switch (s) {
    case ThreadState::Running:
      return "running";
    case ThreadState::BlockedSend:
      return "blocked on send";
    case ThreadState::BlockedRecv:
      return "blocked on recv";
    case ThreadState::Sleeping:
      return "sleeping";
    case ThreadState::Done:
      return "done";
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
    it->second.name = "thread " + std::to_string(id);
    it->second.since_ns = t;
    segments_.push_back(Segment{id, ThreadState::Running, 0, t, 0});
    bound(segments_);
  }
  return it->second;
}

ChannelView& RunModel::channel(std::uint32_t id) {
  auto [it, inserted] = channels_.try_emplace(id);
  if (inserted) it->second.id = id;
  return it->second;
}

void RunModel::set_state(ThreadView& th, ThreadState s, std::uint32_t ch, std::uint64_t t) {
  if (th.state == s && th.channel == ch) return;
  if (th.state == ThreadState::BlockedSend && th.channel != 0 && t > th.since_ns) {
    channel(th.channel).blocked_send_ns += t - th.since_ns;
  }
  // Close the thread's open segment, open the next.
  for (auto it = segments_.rbegin(); it != segments_.rend(); ++it) {
    if (it->thread == th.id && it->end_ns == 0) {
      it->end_ns = t;
      break;
    }
  }
  th.state = s;
  th.channel = ch;
  th.since_ns = t;
  if (s != ThreadState::Done) {
    segments_.push_back(Segment{th.id, s, ch, t, 0});
    bound(segments_);
  }
}

void RunModel::apply(const trace::Event& e) {
  using trace::Kind;
  now_ns_ = std::max(now_ns_, e.time_ns);
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
      ++th.sends;
      pending_sends_[(std::uint64_t{e.channel} << 40) ^ e.seq] = {e.thread, e.time_ns};
      if (pending_sends_.size() > history_limit_) pending_sends_.clear();  // a lost receiver: keep it bounded
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::RecvDone: {
      ChannelView& c = channel(e.channel);
      c.received = std::max(c.received, e.seq + 1);
      c.len = e.occupancy;
      ++th.receives;
      auto key = (std::uint64_t{e.channel} << 40) ^ e.seq;
      if (auto it = pending_sends_.find(key); it != pending_sends_.end()) {
        links_.push_back(Link{e.channel, e.seq, it->second.first, e.thread, it->second.second, e.time_ns});
        bound(links_);
        pending_sends_.erase(it);
      }
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::Handoff: {  // rendezvous: one event for both sides, emitted by the one that arrived second
      ChannelView& c = channel(e.channel);
      c.sent = c.received = std::max(c.received, e.seq + 1);
      c.len = 0;
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    }
    case Kind::SendBlocked:
      set_state(th, ThreadState::BlockedSend, e.channel, e.time_ns);
      break;
    case Kind::RecvBlocked:
      set_state(th, ThreadState::BlockedRecv, e.channel, e.time_ns);
      break;
    case Kind::Wake:
    case Kind::SendFailed:
    case Kind::RecvFailed:
      set_state(th, ThreadState::Running, 0, e.time_ns);
      break;
    case Kind::Sleep:
      set_state(th, ThreadState::Sleeping, 0, e.time_ns);
      break;
    case Kind::ThreadSpawn:
      if (e.preview.type == trace::Preview::Type::Text && e.preview.text[0] != '\0') th.name = e.preview.text;
      break;
    case Kind::ThreadExit:
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

namespace {
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    out += c;
  }
  return out + "\"";
}
}  // namespace

std::string RunModel::json() const {
  std::string out = "{\"threads\":[";
  bool first = true;
  for (const auto& [id, th] : threads_) {
    if (!first) out += ",";
    first = false;
    out += "{\"id\":" + std::to_string(id) + ",\"name\":" + quoted(th.name) + ",\"state\":\"" +
           thread_state_name(th.state) + "\",\"waits_on\":" + (th.channel != 0 ? std::to_string(th.channel) : "null") +
           ",\"sends\":" + std::to_string(th.sends) + ",\"receives\":" + std::to_string(th.receives) + "}";
  }
  out += "],\"channels\":[";
  first = true;
  for (const auto& [id, c] : channels_) {
    if (!first) out += ",";
    first = false;
    char buf[320];
    std::snprintf(buf, sizeof buf,
                  "{\"id\":%u,\"kind\":\"%s\",\"capacity\":%s,\"len\":%llu,\"peak\":%llu,\"sent\":%llu,"
                  "\"received\":%llu,\"blocked_send_ms\":%.1f}",
                  id, c.kind(), c.capacity ? std::to_string(*c.capacity).c_str() : "null",
                  static_cast<unsigned long long>(c.len), static_cast<unsigned long long>(c.peak),
                  static_cast<unsigned long long>(c.sent), static_cast<unsigned long long>(c.received),
                  static_cast<double>(c.blocked_send_ns) / 1e6);
    out += buf;
  }
  out += "],\"dropped_events\":" + std::to_string(dropped_) + "}";
  return out;
}

}  // namespace brigade::app
