#!/usr/bin/env bash
# JMH micro: spawn+join, hand-off (SynchronousQueue, green Event), switch (cooperate / Thread.yield):
# green (library mode) vs virtual threads on one carrier; every fork pinned to CPU 0.
#   benchmarks/bin/micro.sh [JMH ARGS...]    e.g. micro.sh -f 1 -wi 3 -i 3  (defaults: in SwitchBench)
source "$(dirname "$0")/lib.sh"
build
OUT=$RESULTS/jmh-$(date -u +%Y%m%dT%H%M%S).json
# shellcheck disable=SC2086
taskset -c 0 "$JAVA" -cp "$CP" org.openjdk.jmh.Main bench.jmh.SwitchBench -rf json -rff "$OUT" "$@" | tee "$LOGS/jmh.log" | grep -E '^(Benchmark|SwitchBench)|^#.*(VM options|Fork)' || true
echo "JSON: $OUT"
python3 - "$OUT" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
res = {r["benchmark"].split(".")[-1]: r["primaryMetric"] for r in rows}
print("\n| benchmark | ns/op (score ± error) |\n|---|---|")
for k, m in res.items():
    print(f"| `{k}` | {m['score']:.1f} ± {m['scoreError']:.1f} |")
pairs = [("spawnJoin_green", "spawnJoin_vt1"), ("handoffSynchronousQueue_green", "handoffSynchronousQueue_vt1"),
         ("handoffEvent_green", "handoffSynchronousQueue_vt1"), ("switchCooperate_green", "switchYield_vt1")]
print("\n| green | vs VT 1 carrier | time ratio (green ÷ VT; < 1 = green faster) |\n|---|---|---|")
for g, v in pairs:
    if g in res and v in res:
        print(f"| `{g}` | `{v}` | {res[g]['score'] / res[v]['score']:.2f}× |")
PY
