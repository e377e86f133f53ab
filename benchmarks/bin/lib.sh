# Shared by benchmarks/bin/*.sh: JDK, build, server command lines, CPU accounting.
# Sourced, not run. Server on CPU 0, load on CPU 1 (taskset); the machine has 2 cores.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
RESULTS=${RESULTS:-$BENCH_DIR/results}
LOGS=$RESULTS/logs
mkdir -p "$RESULTS" "$LOGS"

if [[ -z "${JAVA_HOME:-}" || ! -x "${JAVA_HOME}/bin/java" ]] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for j in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
        if [[ -x $j/bin/java ]] && "$j/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then JAVA_HOME=$j; break; fi
    done
fi
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH
JAVA=$JAVA_HOME/bin/java
AGENT=$ROOT/agent/target/green.jar
CP="$BENCH_DIR/target/classes:$BENCH_DIR/target/lib/*"
LOADGEN=$BENCH_DIR/target/bin/echo_load
CLK_TCK=$(getconf CLK_TCK)

OPENS="--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
ONE_CARRIER="-Djdk.virtualThreadScheduler.parallelism=1 -Djdk.virtualThreadScheduler.maxPoolSize=1"
NETTY_FLAGS="--sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED"

# build: the benchmarks module (+ runtime), the agent jar when the agent module exists, the C load generator.
build() {
    if [[ -n "${SKIP_BUILD:-}" ]]; then return; fi
    local mods=benchmarks
    [[ -d $ROOT/agent ]] && mods=agent,benchmarks
    (cd "$ROOT" && mvn -B -q -DskipTests -pl "$mods" -am package) >"$LOGS/build.log" 2>&1 \
        || { tail -40 "$LOGS/build.log"; echo "build failed" >&2; exit 1; }
    mkdir -p "$(dirname "$LOADGEN")"
    gcc -O2 -Wall -o "$LOADGEN" "$BENCH_DIR/src/main/c/echo_load.c"
}

have_agent() { [[ -f $AGENT ]]; }

# server_cmd KIND(echo|http) NAME PORT -> prints the java command line (without taskset)
server_cmd() {
    local kind=$1 name=$2 port=$3 main
    case $kind in echo) main=bench.EchoServer ;; http) main=bench.HttpServer ;; esac
    case $name in
        green-agent)      echo "$JAVA -javaagent:$AGENT -cp $CP $main $port thread" ;;    # unmodified: new Thread per connection
        green-agent-noobs) echo "$JAVA -javaagent:$AGENT=maxBlocking=0 -cp $CP $main $port thread" ;; # the same, watchdog off
        green-lib-agent)  echo "$JAVA -javaagent:$AGENT -cp $CP $main $port green" ;;     # Green.spawn per connection, agent's poll patch
        green-lib)        echo "$JAVA $OPENS -cp $CP $main $port green" ;;                # Green.spawn, no agent (JDK poller)
        platform)         echo "$JAVA -cp $CP $main $port thread" ;;
        virtual)          echo "$JAVA -cp $CP $main $port virtual" ;;
        virtual-1carrier) echo "$JAVA $ONE_CARRIER -cp $CP $main $port virtual" ;;
        netty-nio)        echo "$JAVA $NETTY_FLAGS -cp $CP bench.NettyServers $kind $port nio" ;;
        netty-epoll)      echo "$JAVA $NETTY_FLAGS -cp $CP bench.NettyServers $kind $port epoll" ;;
        *) echo "unknown server $name" >&2; return 1 ;;
    esac
}

SERVER_PID=
# start_server KIND NAME PORT LOGFILE: pinned to CPU 0; waits until it accepts.
start_server() {
    local cmd
    cmd=$(server_cmd "$1" "$2" "$3")
    # shellcheck disable=SC2086
    taskset -c 0 $cmd >"$4" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 200); do
        if grep -q "listening on" "$4" 2>/dev/null; then return 0; fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "server $2 died:" >&2; tail -20 "$4" >&2; return 1; fi
        sleep 0.1
    done
    echo "server $2 did not start" >&2; return 1
}

stop_server() {
    if [[ -n ${SYS_PID:-} ]]; then kill -INT "$SYS_PID" 2>/dev/null || true; wait "$SYS_PID" 2>/dev/null || true; SYS_PID=; fi
    if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mib() { awk '/VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

machine() { echo "$(nproc) vCPU $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), kernel $(uname -r), $("$JAVA" -version 2>&1 | sed -n 2p)"; }

# Busy ticks of the whole machine (all CPUs): other processes share this machine, so every run records
# how much CPU anything but the server and the load generator used ("other CPU %", of one CPU).
machine_busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
# other_pct BUSY0 BUSY1 SERVER_TICKS LOAD_CPU_PCT DUR
other_pct() { echo "o = (($2 - $1) - $3 - $4 / 100 * $5 * $CLK_TCK) * 100 / ($5 * $CLK_TCK); if (o < 0) o = 0; o" | bc -l | xargs printf "%.0f"; }
# wait_quiet: before a measured run, wait (at most QUIET_MAX s) until processes other than ours used
# under QUIET_PCT % of one CPU over 1 s. Our server idles between runs, so machine busy ≈ foreign.
QUIET_PCT=${QUIET_PCT:-15}; QUIET_MAX=${QUIET_MAX:-60}
wait_quiet() {
    local waited=0 b0 b1 s0 s1 pct
    while (( waited < QUIET_MAX )); do
        b0=$(machine_busy_ticks); s0=$(cpu_ticks "$SERVER_PID"); sleep 1
        b1=$(machine_busy_ticks); s1=$(cpu_ticks "$SERVER_PID")
        pct=$(( (b1 - b0 - (s1 - s0)) * 100 / CLK_TCK ))
        (( pct < QUIET_PCT )) && return 0
        waited=$((waited + 1))
    done
    echo "machine still busy after ${QUIET_MAX}s (other CPU ${pct}%); measuring anyway" >&2
}

# ---- Syscalls per operation (echo.sh, http.sh) ------------------------------------------------------
# SYSCALLS=extra (default): after the timed runs of a (server, load), ONE more measured run with the
# server's syscalls counted; its row carries the syscall columns and is left out of the throughput,
# latency and CPU medians (counting makes every syscall take the kernel's slow path). SYSCALLS=all:
# count during every measured run. SYSCALLS=off: no counting (the syscall columns stay empty).
# Counting: `perf stat -e raw_syscalls:sys_enter` (total) plus syscalls:sys_enter_NAME for SYS_NAMES
# (the breakdown), attached to the server with its events disabled and enabled/disabled through a
# control FIFO right around the load generator, so the window is the one the CPU ticks are read over.
# Without perf or its tracepoints: `strace -c -f -p` (slows the server a lot; only the per-op counts
# mean anything then, which is all the row keeps from that run besides its own throughput);
# SYSCALLS_WITH=strace forces that.
SYSCALLS=${SYSCALLS:-extra}
SYS_NAMES="read write readv writev pread64 pwrite64 recvfrom sendto recvmsg sendmsg epoll_wait epoll_pwait
 epoll_pwait2 epoll_ctl futex sched_yield poll ppoll accept accept4 close shutdown setsockopt getsockopt
 fcntl ioctl eventfd2 timerfd_settime nanosleep clock_nanosleep clock_gettime gettid mprotect madvise mmap
 munmap rt_sigreturn rt_sigprocmask sched_getaffinity getrusage"
SYS_TOOL= SYS_EVENTS= SYS_PID= SYS_CTL= SYS_ACK= SYS_DIR=
sys_probe() {
    [[ $SYSCALLS == off ]] && { SYS_TOOL=none; return; }
    if [[ ${SYSCALLS_WITH:-} != strace ]] && command -v perf >/dev/null && perf stat -x, -e raw_syscalls:sys_enter -- true 2>&1 | grep -q '^[0-9]*,,raw_syscalls'; then
        SYS_TOOL=perf SYS_EVENTS=raw_syscalls:sys_enter
        local have n
        have=$(perf list tracepoint 2>/dev/null | grep -o 'syscalls:sys_enter_[a-z0-9_]*' | sort -u)
        for n in $SYS_NAMES; do
            grep -qx "syscalls:sys_enter_$n" <<<"$have" && SYS_EVENTS+=",syscalls:sys_enter_$n"
        done
    elif command -v strace >/dev/null; then
        SYS_TOOL=strace
        echo "perf raw_syscalls:sys_enter not usable here: counting syscalls with strace -c -f (slow)" >&2
    else
        SYS_TOOL=none
        echo "neither perf nor strace usable: no syscall counts" >&2
    fi
    echo "syscall counting: $SYS_TOOL${SYS_EVENTS:+ ($SYS_EVENTS)}" >&2
}
# sys_begin SERVER_PID OUTFILE: attach, and start counting (returns once the counters run).
sys_begin() {
    SYS_OUT=$2; rm -f "$SYS_OUT"
    case $SYS_TOOL in
        perf)
            SYS_DIR=$(mktemp -d); mkfifo "$SYS_DIR/ctl" "$SYS_DIR/ack"
            exec {SYS_CTL}<>"$SYS_DIR/ctl" {SYS_ACK}<>"$SYS_DIR/ack"   # read-write: opening never blocks
            # one fd per (event, server thread): a platform-thread server can have hundreds of threads
            ( ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
              exec perf stat -x, -D -1 --control "fifo:$SYS_DIR/ctl,$SYS_DIR/ack" -e "$SYS_EVENTS" -p "$1" -o "$SYS_OUT" ) 2>>"$LOGS/perf.log" &
            SYS_PID=$!
            local ack=
            echo enable >&"$SYS_CTL"
            read -r -t 20 -u "$SYS_ACK" ack || true
            [[ $ack == ack ]] || echo "perf stat did not acknowledge 'enable' (see $LOGS/perf.log)" >&2
            ;;
        strace)
            strace -c -f -p "$1" -o "$SYS_OUT" 2>>"$LOGS/strace.log" &
            SYS_PID=$!; sleep 1   # strace -p attaches to every thread before it counts
            ;;
    esac
}
# sys_end: stop counting and detach (perf writes its counts on SIGINT, strace -c its table).
sys_end() {
    case $SYS_TOOL in
        perf)
            local ack=
            echo disable >&"$SYS_CTL"; read -r -t 20 -u "$SYS_ACK" ack || true
            kill -INT "$SYS_PID" 2>/dev/null || true; wait "$SYS_PID" 2>/dev/null || true
            exec {SYS_CTL}>&- {SYS_ACK}>&-; rm -rf "$SYS_DIR"
            ;;
        strace) kill -INT "$SYS_PID" 2>/dev/null || true; wait "$SYS_PID" 2>/dev/null || true ;;
    esac
    SYS_PID=
}
# sys_cols OPS: the syscall columns (tab-separated) of the last window; empty fields without counts.
sys_cols() {
    if [[ $SYS_TOOL == perf || $SYS_TOOL == strace ]]; then
        python3 "$BENCH_DIR/bin/syscalls.py" "$SYS_TOOL" "$SYS_OUT" "$1"
    else
        echo "$NO_SYS_COLS"
    fi
}
NO_SYS_COLS=$'\t\t\t\t\t\t\t\t\t'   # the 10 syscall columns, empty (a run without counting)
# The .tsv columns, written as a comment at the head of each series.
TSV_COLS="bench conns server run rps p50_us p99_us us_per_op srv_cpu_pct load_cpu_pct errors rss_mib threads date other_cpu_pct sys_per_op read_op write_op recvfrom_op sendto_op epoll_wait_op epoll_ctl_op futex_op other_sys_op sys_detail"
