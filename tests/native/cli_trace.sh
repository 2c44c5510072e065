#!/usr/bin/env bash
# cli_trace.sh BRIGADE OUT_DIR — `brigade run --trace FILE.jsonl` on the one-slot example: the
# program's stdout is untouched, and the trace holds the story the playground draws — the run's
# start and end, both threads, the channel created with capacity 1, five tickets placed and
# taken in FIFO order (send seq n links to receive seq n), the waiter blocked on the full slot.
set -euo pipefail
app=$1
out=$2
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mkdir -p "$out"
trace="$out/bounded_one.jsonl"
"$app" run --speed 50 --trace "$trace" "$root/examples/bounded_one.rs" >"$out/bounded_one.out"
cmp "$out/bounded_one.out" "$root/examples/bounded_one.stdout"
python3 - "$trace" <<'PY'
import json, sys
events = [json.loads(line) for line in open(sys.argv[1])]
kinds = [e["kind"] for e in events]
assert "Dropped" not in kinds, "the trace ring overflowed"
creates = [e for e in events if e["kind"] == "ChannelCreate"]
assert len(creates) == 1 and creates[0]["seq"] == 1, creates  # capacity 1 in seq
ch = creates[0]["channel"]
spawns = [e for e in events if e["kind"] == "ThreadSpawn"]
assert len(spawns) == 2 and spawns[0]["preview"] == "main", spawns
sends = [e for e in events if e["kind"] == "SendDone" and e["channel"] == ch]
recvs = [e for e in events if e["kind"] == "RecvDone" and e["channel"] == ch]
assert [e["seq"] for e in sends] == list(range(5)), sends
assert [e["seq"] for e in recvs] == list(range(5)), recvs
assert [e["preview"] for e in sends] == [f"Order {n}" for n in range(1, 6)], sends
assert all(e["occupancy"] <= 1 for e in sends + recvs)
waiter = sends[0]["thread"]
assert any(e["kind"] == "SendBlocked" and e["thread"] == waiter for e in events), "the waiter never blocked"
assert kinds.count("RunEnd") == 1
assert all(a["t"] <= b["t"] or a["thread"] != b["thread"] for a, b in zip(events, events[1:]))
print(f"trace: {len(events)} events, 5 tickets placed and taken, the waiter blocked")
PY
