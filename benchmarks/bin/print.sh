#!/usr/bin/env bash
# A program that logs: 10 threads println to System.out (sent to /dev/null), pinned to CPU 0; the
# mean cost of one line per configuration, and green's ratio against each. System.out writes are
# bracketed by the JDK's Blocker, which the blocking patch hooks: this shows they stay on the hub.
#   benchmarks/bin/print.sh     env: WARM=15 DUR=10 RUNS=3
source "$(dirname "$0")/lib.sh"
WARM=${WARM:-15} DUR=${DUR:-10} RUNS=${RUNS:-3}
build
have_agent || { echo "no $AGENT: the agent module is not built" >&2; exit 1; }
OUT=$RESULTS/print.tsv
declare -A CMD=(
    [platform]="$JAVA -cp $CP bench.Printer thread"
    [virtual-1carrier]="$JAVA $ONE_CARRIER -cp $CP bench.Printer virtual"
    [green-agent]="$JAVA -javaagent:$AGENT -cp $CP bench.Printer thread"
    [green-agent-noblocking]="$JAVA -javaagent:$AGENT=patch.blocking=false -cp $CP bench.Printer thread"
)
declare -A BEST
for name in platform virtual-1carrier green-agent green-agent-noblocking; do
    for run in $(seq 1 "$RUNS"); do
        # shellcheck disable=SC2086
        ns=$(taskset -c 0 ${CMD[$name]} 10 2000 "$WARM" "$DUR" 2>&1 >/dev/null | sed -n 's/^ns_per_line=\([0-9]*\).*/\1/p')
        printf '%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$name" "$run" "$ns" | tee -a "$OUT"
        if [[ -z ${BEST[$name]:-} || $ns -lt ${BEST[$name]} ]]; then BEST[$name]=$ns; fi
    done
done
echo
echo "best of $RUNS, ns per println; green-agent's ratio against each (< 1: green is faster)"
for name in platform virtual-1carrier green-agent green-agent-noblocking; do
    awk -v n="$name" -v b="${BEST[$name]}" -v g="${BEST[green-agent]}" 'BEGIN { printf "%-24s %6d ns  green-agent/%s = %.2f\n", n, b, n, g / b }'
done
