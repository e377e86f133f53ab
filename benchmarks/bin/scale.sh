#!/usr/bin/env bash
# Scale: N tasks that each sleep 1 s (wall, peak RSS via /usr/bin/time -v, OS threads), pinned to CPU 0.
#   benchmarks/bin/scale.sh [CONFIG...]     env: NS="10000 100000 1000000" RUNS=3 PLATFORM_MAX=10000
# Configs: green-lib (Green.spawn + Green.sleep, library mode), green-agent (new Thread + Thread.sleep
# under -javaagent), virtual, virtual-1carrier, vmain-1carrier, platform (only up to PLATFORM_MAX).
source "$(dirname "$0")/lib.sh"
NS=${NS:-"10000 100000 1000000"}; RUNS=${RUNS:-3}; PLATFORM_MAX=${PLATFORM_MAX:-10000}
CONFIGS=("$@")
if [[ ${#CONFIGS[@]} -eq 0 ]]; then
    CONFIGS=(green-lib virtual virtual-1carrier platform)
    have_agent && CONFIGS=(green-lib green-agent "${CONFIGS[@]:1}")
fi
build
OUT=$RESULTS/scale.tsv
echo "# scale $(date -u +%FT%TZ) $(machine)" >>"$OUT"

cmd_for() { # CONFIG N
    case $1 in
        green-lib)        echo "$JAVA $OPENS -cp $CP bench.SleepScale green $2" ;;
        green-agent)      echo "$JAVA -javaagent:$AGENT -cp $CP bench.SleepScale thread $2" ;;
        virtual)          echo "$JAVA -cp $CP bench.SleepScale virtual $2" ;;
        virtual-1carrier) echo "$JAVA $ONE_CARRIER -cp $CP bench.SleepScale virtual $2" ;;
        vmain-1carrier)   echo "$JAVA $ONE_CARRIER -cp $CP bench.SleepScale vmain $2" ;;
        platform)         echo "$JAVA -cp $CP bench.SleepScale thread $2" ;;
    esac
}

# Does `new Thread` make fibers under the agent (the thread patch)? Else green-agent is platform threads.
AGENT_FIBERS=no
if have_agent && [[ " ${CONFIGS[*]} " == *" green-agent "* ]]; then
    probe=$(taskset -c 0 $(cmd_for green-agent 100) 2>&1 | grep RESULT || true)
    [[ $probe == *"ran_virtual=100"* ]] && AGENT_FIBERS=yes
    echo "green-agent probe: $probe (new Thread makes fibers: $AGENT_FIBERS)" >&2
fi

for n in $NS; do
    for cfg in "${CONFIGS[@]}"; do
        skip=
        if [[ $cfg == platform && $n -gt $PLATFORM_MAX ]]; then skip="platform threads: pid_max $(cat /proc/sys/kernel/pid_max)"; fi
        if [[ $cfg == green-agent && $AGENT_FIBERS == no && $n -gt $PLATFORM_MAX ]]; then skip="agent's thread patch not active: new Thread is a platform thread"; fi
        if [[ -n $skip ]]; then
            printf "scale\t%s\t%s\t-\tskipped: %s\n" "$n" "$cfg" "$skip" | tee -a "$OUT" >&2; continue
        fi
        for r in $(seq 1 "$RUNS"); do
            log=$LOGS/scale-$cfg-$n-$r.log
            # shellcheck disable=SC2046
            taskset -c 0 /usr/bin/time -v timeout 180 $(cmd_for "$cfg" "$n") >"$log" 2>&1 || true
            res=$(grep RESULT "$log" | sed 's/^RESULT //' || true)
            rss=$(awk '/Maximum resident set size/ {printf "%.0f", $NF / 1024}' "$log")
            wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$log")
            printf "scale\t%s\t%s\t%d\t%s\tpeak_rss_mib=%s\tprocess_wall_s=%s\t%s\n" "$n" "$cfg" "$r" "${res:-FAILED}" "$rss" "$wall" "$(date -u +%FT%TZ)" | tee -a "$OUT" >&2
        done
    done
done
python3 "$BENCH_DIR/bin/summarize_scale.py" "$OUT"
