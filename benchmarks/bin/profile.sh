#!/usr/bin/env bash
# Profile one echo server under load: JFR execution samples (hot methods, top frames) over 10 s after a
# 15 s warm-up, and syscalls per round trip (strace -c over 3 s; strace slows the server, so only the
# per-round-trip counts mean anything).   benchmarks/bin/profile.sh SERVER [CONNS]   (echo only)
source "$(dirname "$0")/lib.sh"
S=$1; C=${2:-100}; PORT=${PORT:-9700}
build
OUTDIR=$RESULTS/profile; mkdir -p "$OUTDIR"
JFR=$OUTDIR/echo-$S-c$C.jfr
trap stop_server EXIT
# shellcheck disable=SC2046
JAVA="$JAVA -XX:StartFlightRecording=delay=15s,duration=10s,settings=profile,filename=$JFR" start_server echo "$S" $PORT "$LOGS/profile-$S.log"
taskset -c 1 "$LOADGEN" -p $PORT -c "$C" -d 27 | tee "$OUTDIR/echo-$S-c$C-load.txt"
if command -v strace >/dev/null; then
    taskset -c 1 "$LOADGEN" -p $PORT -c "$C" -d 5 >"$OUTDIR/echo-$S-c$C-strace-load.txt" &
    lp=$!; sleep 1
    timeout -s INT 3 strace -c -f -p "$SERVER_PID" -o "$OUTDIR/echo-$S-c$C-strace.txt" || true
    wait $lp || true
    cat "$OUTDIR/echo-$S-c$C-strace-load.txt"
    head -20 "$OUTDIR/echo-$S-c$C-strace.txt"
fi
stop_server
"$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$JFR" | head -40 | tee "$OUTDIR/echo-$S-c$C-hot.txt"
