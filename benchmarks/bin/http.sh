#!/usr/bin/env bash
# HTTP keep-alive hello world: the same blocking thread-per-connection server run several ways, and
# Netty with its HTTP codec; load: wrk -t1 (one thread) on CPU 1.
#   benchmarks/bin/http.sh [SERVER...]     env: CONNS="100 1000" WARM=15 DUR=10 RUNS=3
#   SYSCALLS=extra|all|off (lib.sh): one more run per (server, c) with the server's syscalls counted
# Appends one line per measured run to results/http.tsv, prints the summary with ratios, then draws
# the charts (bin/charts.sh; CHARTS=0 skips them).
source "$(dirname "$0")/lib.sh"
CONNS=${CONNS:-"100 1000"}; WARM=${WARM:-15}; DUR=${DUR:-10}; RUNS=${RUNS:-3}; EXTRA=${EXTRA:-3}; OTHER_MAX=${OTHER_MAX:-20}
SERVERS=("$@")
if [[ ${#SERVERS[@]} -eq 0 ]]; then
    SERVERS=(platform virtual virtual-1carrier netty-nio netty-epoll)
    have_agent && SERVERS=(green-lib-agent green-agent "${SERVERS[@]}")
fi
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
build
OUT=$RESULTS/http.tsv
PORT=${PORT:-9300}
trap stop_server EXIT

to_us() { # 719.00us | 5.07ms | 1.20s -> microseconds
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) m = 1; else if (v ~ /ms$/) m = 1000; else if (v ~ /s$/) m = 1000000; else m = 1; printf "%.0f", n * m }'
}

sys_probe
echo "# http $(date -u +%FT%TZ) $(machine) $(wrk -v 2>&1 | head -1); syscalls: $SYS_TOOL" >>"$OUT"
echo "# columns: $TSV_COLS" >>"$OUT"

# measure RUN COUNT: one measured run (COUNT=1: the server's syscalls counted over the same window);
# appends its row; succeeds when the run was clean (other processes <= OTHER_MAX % of a CPU).
measure() {
    local r=$1 count=$2 out cols o t0 t1 b0 b1 rss thr rps total p50 p99 sock non2 lcpu cpu_s us_per pct
    wait_quiet
    if (( count )); then sys_begin "$SERVER_PID" "$LOGS/http-$s-c$c-r$r-syscalls.log"; fi
    t0=$(cpu_ticks $SERVER_PID); b0=$(machine_busy_ticks)
    out=$(taskset -c 1 /usr/bin/time -f "LOADCPU %P" timeout $((DUR + 30)) wrk -t1 -c"$c" -d"${DUR}s" --latency "http://127.0.0.1:$PORT/" 2>&1 || true)
    t1=$(cpu_ticks $SERVER_PID); b1=$(machine_busy_ticks)
    if (( count )); then sys_end; fi
    echo "$out" >>"$log"
    rss=$(rss_mib $SERVER_PID); thr=$(threads_of $SERVER_PID)
    rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}'); rps=${rps:-0}
    total=$(echo "$out" | awk '/requests in/ {print $1}'); total=${total:-0}
    p50=$(to_us "$(echo "$out" | awk '$1 == "50%" {print $2}')")
    p99=$(to_us "$(echo "$out" | awk '$1 == "99%" {print $2}')")
    sock=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}'); sock=${sock:-0}
    non2=$(echo "$out" | awk '/Non-2xx/ {print $NF}'); non2=${non2:-0}
    lcpu=$(echo "$out" | awk '/^LOADCPU/ {sub("%", "", $2); print $2}')
    cpu_s=$(echo "($t1 - $t0) / $CLK_TCK" | bc -l)
    us_per=$( [[ $total -gt 0 ]] && echo "$cpu_s * 1000000 / $total" | bc -l || echo 0)
    pct=$(echo "100 * $cpu_s / $DUR" | bc -l)
    o=$(other_pct $b0 $b1 $((t1 - t0)) ${lcpu:-0} $DUR)
    cols=$NO_SYS_COLS
    if (( count )); then cols=$(sys_cols "$total"); fi
    printf "http\t%s\t%s\t%d\t%.0f\t%s\t%s\t%.2f\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$c" "$s" "$r" "$rps" "$p50" "$p99" "$us_per" "$pct" "${lcpu:-0}" "$((sock + non2))" "$rss" "$thr" "$(date -u +%FT%TZ)" "$o" "$cols" | tee -a "$OUT" >&2
    (( o <= OTHER_MAX ))
}

for c in $CONNS; do
    for s in "${SERVERS[@]}"; do
        PORT=$((PORT + 1))
        log=$LOGS/http-$s-c$c.log
        start_server http "$s" $PORT "$log" || continue
        echo "== http $s c=$c: warm-up ${WARM}s" >&2
        taskset -c 1 wrk -t1 -c"$c" -d"${WARM}s" "http://127.0.0.1:$PORT/" >>"$log" 2>&1 || true
        # Runs during which other processes used > OTHER_MAX % of a CPU are kept but marked, and
        # repeated (at most EXTRA more) until RUNS clean ones exist: this machine is shared.
        clean=0; r=0
        while (( clean < RUNS && r < RUNS + EXTRA )); do
            r=$((r + 1))
            if measure $r "$([[ $SYSCALLS == all ]] && echo 1 || echo 0)"; then clean=$((clean + 1)); fi
        done
        # SYSCALLS=extra: one more run with the syscalls counted (repeated like the others if not clean)
        if [[ $SYSCALLS == extra && $SYS_TOOL != none ]]; then
            for _ in $(seq 0 "$EXTRA"); do r=$((r + 1)); if measure $r 1; then break; fi; done
        fi
        stop_server
    done
done
python3 "$BENCH_DIR/bin/summarize.py" "$OUT"
[[ ${CHARTS:-1} == 0 ]] || "$BENCH_DIR/bin/charts.sh" "$RESULTS" || echo "charts.sh failed (the results are in $OUT)" >&2
