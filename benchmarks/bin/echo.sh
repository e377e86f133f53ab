#!/usr/bin/env bash
# Echo: 64-byte ping-pong, thread-per-connection blocking server run several ways, C epoll load.
#   benchmarks/bin/echo.sh [SERVER...]     env: CONNS="100 1000" WARM=15 DUR=10 RUNS=3
# Servers: green-lib-agent green-agent platform virtual virtual-1carrier netty-nio netty-epoll (green-lib)
#   SYSCALLS=extra|all|off (lib.sh): one more run per (server, C) with the server's syscalls counted
# Appends one line per measured run to results/echo.tsv, prints the summary with ratios, then draws
# the charts (bin/charts.sh; CHARTS=0 skips them).
source "$(dirname "$0")/lib.sh"
CONNS=${CONNS:-"100 1000"}; WARM=${WARM:-15}; DUR=${DUR:-10}; RUNS=${RUNS:-3}; EXTRA=${EXTRA:-3}; OTHER_MAX=${OTHER_MAX:-20}
SERVERS=("$@")
if [[ ${#SERVERS[@]} -eq 0 ]]; then
    SERVERS=(platform virtual virtual-1carrier netty-nio netty-epoll)
    have_agent && SERVERS=(green-lib-agent green-agent "${SERVERS[@]}")
fi
build
OUT=$RESULTS/echo.tsv
PORT=${PORT:-9100}
trap stop_server EXIT
sys_probe
echo "# echo $(date -u +%FT%TZ) $(machine); syscalls: $SYS_TOOL" >>"$OUT"
echo "# columns: $TSV_COLS" >>"$OUT"

# measure RUN COUNT: one measured run (COUNT=1: the server's syscalls counted over the same window);
# appends its row; succeeds when the run was clean (other processes <= OTHER_MAX % of a CPU).
measure() {
    local r=$1 count=$2 line cols o t0 t1 b0 b1 rss thr cpu_s us_per pct
    wait_quiet
    if (( count )); then sys_begin "$SERVER_PID" "$LOGS/echo-$s-c$c-r$r-syscalls.log"; fi
    t0=$(cpu_ticks $SERVER_PID); b0=$(machine_busy_ticks)
    line=$(taskset -c 1 timeout $((DUR + 30)) "$LOADGEN" -p $PORT -c "$c" -d "$DUR" 2>>"$log" | grep RESULT || echo "RESULT rts=0 rps=0 p50_us=0 p99_us=0 errors=-1 load_cpu_pct=0")
    t1=$(cpu_ticks $SERVER_PID); b1=$(machine_busy_ticks)
    if (( count )); then sys_end; fi
    rss=$(rss_mib $SERVER_PID); thr=$(threads_of $SERVER_PID)
    eval "$(echo "$line" | sed 's/^RESULT //; s/ /;/g')"
    cpu_s=$(echo "($t1 - $t0) / $CLK_TCK" | bc -l)
    us_per=$( [[ $rts -gt 0 ]] && echo "$cpu_s * 1000000 / $rts" | bc -l || echo 0)
    pct=$(echo "100 * $cpu_s / $DUR" | bc -l)
    o=$(other_pct $b0 $b1 $((t1 - t0)) $load_cpu_pct $DUR)
    cols=$NO_SYS_COLS
    if (( count )); then cols=$(sys_cols "$rts"); fi
    printf "echo\t%s\t%s\t%d\t%s\t%s\t%s\t%.2f\t%.0f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$c" "$s" "$r" "$rps" "$p50_us" "$p99_us" "$us_per" "$pct" "$load_cpu_pct" "$errors" "$rss" "$thr" "$(date -u +%FT%TZ)" "$o" "$cols" | tee -a "$OUT" >&2
    (( o <= OTHER_MAX ))
}

for c in $CONNS; do
    for s in "${SERVERS[@]}"; do
        PORT=$((PORT + 1))
        log=$LOGS/echo-$s-c$c.log
        start_server echo "$s" $PORT "$log" || continue
        echo "== echo $s C=$c: warm-up ${WARM}s" >&2
        taskset -c 1 "$LOADGEN" -p $PORT -c "$c" -d "$WARM" >>"$log" 2>&1 || true
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
