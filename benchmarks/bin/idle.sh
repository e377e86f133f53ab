#!/usr/bin/env bash
# Idle: 10k open idle connections to the echo server (each did one echo, so its handler is blocked
# in read); server RSS per connection and threads.   benchmarks/bin/idle.sh [SERVER...]  env: IDLE_N=10000 RUNS=2
source "$(dirname "$0")/lib.sh"
IDLE_N=${IDLE_N:-10000}; RUNS=${RUNS:-2}
SERVERS=("$@")
if [[ ${#SERVERS[@]} -eq 0 ]]; then
    SERVERS=(virtual virtual-1carrier platform netty-nio)
    have_agent && SERVERS=(green-lib-agent "${SERVERS[@]}")
fi
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
build
OUT=$RESULTS/idle.tsv
PORT=${PORT:-9500}
LOAD_PID=
cleanup() { [[ -n $LOAD_PID ]] && kill "$LOAD_PID" 2>/dev/null; stop_server; }
trap cleanup EXIT
echo "# idle $(date -u +%FT%TZ) $(machine)" >>"$OUT"
for s in "${SERVERS[@]}"; do
    for r in $(seq 1 "$RUNS"); do
        PORT=$((PORT + 1))
        log=$LOGS/idle-$s-$r.log
        start_server echo "$s" $PORT "$log" || continue
        sleep 2
        before=$(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status)
        fifo=$(mktemp -u); mkfifo "$fifo"
        taskset -c 1 "$LOADGEN" -p $PORT -c "$IDLE_N" -i 60 >"$fifo" 2>>"$log" &
        LOAD_PID=$!
        ready=$(timeout 60 head -1 "$fifo" || true); rm -f "$fifo"
        sleep 2
        after=$(awk '/VmRSS/ {print $2}' /proc/$SERVER_PID/status)
        thr=$(threads_of $SERVER_PID)
        kill "$LOAD_PID" 2>/dev/null; wait "$LOAD_PID" 2>/dev/null || true; LOAD_PID=
        per=$(echo "($after - $before) / $IDLE_N" | bc -l)
        printf "idle\t%s\t%s\t%d\t%s\trss_before_mib=%.1f\trss_after_mib=%.1f\tkib_per_conn=%.2f\tthreads=%s\t%s\n" "$IDLE_N" "$s" "$r" "${ready:-NOT_READY}" \
            "$(echo "$before / 1024" | bc -l)" "$(echo "$after / 1024" | bc -l)" "$per" "$thr" "$(date -u +%FT%TZ)" | tee -a "$OUT"
        stop_server
    done
done
