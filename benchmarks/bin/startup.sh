#!/usr/bin/env bash
# Start-up: wall time of a hello-world main with and without -javaagent:green.jar (hyperfine), pinned
# to CPU 0, against an agent that does nothing (the JVM's own cost of -javaagent), and the premain
# time the agent reports (green.debug=true logs it). The -thread pair starts one thread: under the
# agent the first fiber, which starts the hub and runs the self-check.
#   benchmarks/bin/startup.sh     env: RUNS=20
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-20}
command -v hyperfine >/dev/null || apt-get install -y -qq hyperfine >/dev/null
build
have_agent || { echo "no $AGENT: the agent module is not built" >&2; exit 1; }
EMPTY=$BENCH_DIR/target/empty-agent.jar
printf 'Premain-Class: bench.EmptyAgent\n' >"$BENCH_DIR/target/empty-agent.mf"
"$JAVA_HOME/bin/jar" cfm "$EMPTY" "$BENCH_DIR/target/empty-agent.mf" -C "$BENCH_DIR/target/classes" bench/EmptyAgent.class
OUT=$RESULTS/startup-$(date -u +%Y%m%dT%H%M%S).md
taskset -c 0 hyperfine -N --warmup 3 --runs "$RUNS" --export-markdown "$OUT" \
    -n plain "$JAVA -cp $BENCH_DIR/target/classes bench.Hello" \
    -n empty-agent "$JAVA -javaagent:$EMPTY -cp $BENCH_DIR/target/classes bench.Hello" \
    -n green-agent "$JAVA -javaagent:$AGENT -cp $BENCH_DIR/target/classes bench.Hello" \
    -n green-agent-nopatch "$JAVA -javaagent:$AGENT=patch.poll=false,patch.sleep=false -cp $BENCH_DIR/target/classes bench.Hello" \
    -n plain-thread "$JAVA -cp $BENCH_DIR/target/classes bench.HelloThread" \
    -n green-agent-thread "$JAVA -javaagent:$AGENT -cp $BENCH_DIR/target/classes bench.HelloThread"
cat "$OUT"
echo
echo "premain as reported by the agent (green.debug=true), 5 runs:"
for i in 1 2 3 4 5; do
    taskset -c 0 "$JAVA" -javaagent:"$AGENT"=debug=true -cp "$BENCH_DIR/target/classes" bench.Hello 2>&1 | grep -o 'premain took [0-9]* ms' || echo "(no premain line)"
done | tee -a "$OUT"
