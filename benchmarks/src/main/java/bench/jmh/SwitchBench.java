package bench.jmh;

import green.Event;
import green.Fiber;
import green.Green;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Spawn+join, hand-off and switch cost: green fibers (library mode) against JDK virtual threads on
 * one carrier. Every figure is per operation (one spawn+join, one hand-off, one switch), measured
 * inside fibers / virtual threads: one benchmark invocation starts the tasks from the JMH thread and
 * does {@value #K} (spawn+join) or 2 x {@value #K} (hand-offs, switches) operations, so the one
 * cross-thread start and join per invocation is amortised.
 *
 * <p>Run by bin/micro.sh only (pinned to one core), never by the build.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SwitchBench {

    static final int K = 1000;

    static final String OPEN_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    static final String OPEN_NIO = "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED";
    static final String ONE_CARRIER_P = "-Djdk.virtualThreadScheduler.parallelism=1";
    static final String ONE_CARRIER_M = "-Djdk.virtualThreadScheduler.maxPoolSize=1";

    // ---- spawn + join ------------------------------------------------------------------------

    @Benchmark
    @OperationsPerInvocation(K)
    @Fork(value = 2, jvmArgsAppend = {OPEN_LANG, OPEN_NIO})
    public void spawnJoin_green() throws Exception {
        Green.spawn(() -> {
            for (int i = 0; i < K; i++) {
                Green.spawn(() -> { }).join();
            }
        }).join();
    }

    @Benchmark
    @OperationsPerInvocation(K)
    @Fork(value = 2, jvmArgsAppend = {ONE_CARRIER_P, ONE_CARRIER_M})
    public void spawnJoin_vt1() throws Exception {
        Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < K; i++) {
                    Thread.ofVirtual().start(() -> { }).join();
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }).join();
    }

    // ---- hand-off through SynchronousQueue (ping-pong: 2K hand-offs) ---------------------------

    static void pingPongSq(SynchronousQueue<Integer> ping, SynchronousQueue<Integer> pong, boolean first) {
        try {
            for (int i = 0; i < K; i++) {
                if (first) {
                    ping.put(i);
                    pong.take();
                } else {
                    pong.put(ping.take());
                }
            }
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * K)
    @Fork(value = 2, jvmArgsAppend = {OPEN_LANG, OPEN_NIO})
    public void handoffSynchronousQueue_green() throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Fiber<Void> a = Green.spawn(() -> pingPongSq(ping, pong, true));
        Fiber<Void> b = Green.spawn(() -> pingPongSq(ping, pong, false));
        a.join();
        b.join();
    }

    @Benchmark
    @OperationsPerInvocation(2 * K)
    @Fork(value = 2, jvmArgsAppend = {ONE_CARRIER_P, ONE_CARRIER_M})
    public void handoffSynchronousQueue_vt1() throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread a = Thread.ofVirtual().start(() -> pingPongSq(ping, pong, true));
        Thread b = Thread.ofVirtual().start(() -> pingPongSq(ping, pong, false));
        a.join();
        b.join();
    }

    // ---- hand-off through a green primitive (two Events) --------------------------------------

    @Benchmark
    @OperationsPerInvocation(2 * K)
    @Fork(value = 2, jvmArgsAppend = {OPEN_LANG, OPEN_NIO})
    public void handoffEvent_green() throws Exception {
        Event toA = new Event();
        Event toB = new Event();
        Fiber<Void> a = Green.spawn(() -> {
            for (int i = 0; i < K; i++) {
                toB.set();
                toA.await();
                toA.clear();
            }
        });
        Fiber<Void> b = Green.spawn(() -> {
            for (int i = 0; i < K; i++) {
                toB.await();
                toB.clear();
                toA.set();
            }
        });
        a.join();
        b.join();
    }

    // ---- a bare switch: Green.cooperate() / Thread.yield() between two tasks ------------------

    @Benchmark
    @OperationsPerInvocation(2 * K)
    @Fork(value = 2, jvmArgsAppend = {OPEN_LANG, OPEN_NIO})
    public void switchCooperate_green() throws Exception {
        Fiber<Void> a = Green.spawn(() -> {
            for (int i = 0; i < K; i++) {
                Green.cooperate();
            }
        });
        Fiber<Void> b = Green.spawn(() -> {
            for (int i = 0; i < K; i++) {
                Green.cooperate();
            }
        });
        a.join();
        b.join();
    }

    @Benchmark
    @OperationsPerInvocation(2 * K)
    @Fork(value = 2, jvmArgsAppend = {ONE_CARRIER_P, ONE_CARRIER_M})
    public void switchYield_vt1() throws Exception {
        Runnable task = () -> {
            for (int i = 0; i < K; i++) {
                Thread.yield();
            }
        };
        Thread a = Thread.ofVirtual().start(task);
        Thread b = Thread.ofVirtual().start(task);
        a.join();
        b.join();
    }
}
