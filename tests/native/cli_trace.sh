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

# --virtual: one seed is one run, byte for byte (stdout, stderr, the trace), and the schedule
# it prints replays it under another seed.
for n in 1 2; do
  "$app" run --seed 5 --print-schedule --trace "$out/virtual$n.jsonl" "$root/examples/shared_carousel.rs" \
    >"$out/virtual$n.out" 2>"$out/virtual$n.err"
done
cmp "$out/virtual1.out" "$out/virtual2.out"
cmp "$out/virtual1.err" "$out/virtual2.err"
cmp "$out/virtual1.jsonl" "$out/virtual2.jsonl"
schedule=$(sed -n 's/^schedule: //p' "$out/virtual1.err")
test -n "$schedule"
"$app" run --seed 99 --schedule "$schedule" --trace "$out/replay.jsonl" "$root/examples/shared_carousel.rs" >"$out/replay.out"
cmp "$out/replay.out" "$out/virtual1.out"
cmp "$out/replay.jsonl" "$out/virtual1.jsonl"
# The tutorial's sleeps take no real time: the one-slot example's 3 s of them, under virtual time.
"$app" run --virtual "$root/examples/bounded_one.rs" >"$out/bounded_virtual.out"
cmp "$out/bounded_virtual.out" "$root/examples/bounded_one.stdout"
echo "virtual: one seed, one run; the schedule replays it"

# explore: both orders of a race, each with a schedule that replays it.
"$app" explore --json "$root/tests/explore/race.rs" >"$out/race.json"
python3 - "$out/race.json" "$app" "$root/tests/explore/race.rs" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
assert d["complete"] is True, d
assert sorted(o["stdout"] for o in d["outcomes"]) == ["ab\n", "ba\n"], d
assert sum(o["schedules"] for o in d["outcomes"]) == d["schedules"], d
for o in d["outcomes"]:
    out = subprocess.run([sys.argv[2], "run", "--schedule", o["schedule"], sys.argv[3]], capture_output=True, text=True)
    assert out.stdout == o["stdout"], (o, out.stdout)
print(f"explore: {d['schedules']} schedules, both orders, each replays")
PY
