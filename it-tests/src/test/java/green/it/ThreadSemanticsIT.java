package green.it;

import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a program can ask of its threads reads the same with and without the agent: each demo
 * prints what it saw, and both runs must print the expected lines.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadSemanticsIT {

    /**
     * demo.ThreadStates: a fiber sleeping on a hub timer is {@code TIMED_WAITING} (it read
     * {@code WAITING}), one waiting on the hub for a socket {@code RUNNABLE}, as a platform thread
     * in native code is (it read {@code WAITING}).
     */
    @Test
    void everyKindOfWaitReadsTheSameState() {
        assertSameAs("ThreadStates", List.of(
                "before start: NEW",
                "sleeper: TIMED_WAITING",
                "waiter: WAITING",
                "timed waiter: TIMED_WAITING",
                "parker: WAITING",
                "acceptor: RUNNABLE",
                "blocked: BLOCKED",
                "reader: RUNNABLE",
                "reader after a byte: TERMINATED",
                "all: TERMINATED"));
    }

    /**
     * demo.ThreadSubclasses: a subclass's own {@code start()} runs as written (it was bypassed), its
     * {@code super.start()} starts the stand-in, once; in its {@code run()}
     * {@code Thread.currentThread()} is the subclass object (a cast to it threw
     * {@code ClassCastException}), {@code LockSupport.unpark} of it reaches the stand-in (it was
     * lost: a hang), and its uncaught exception goes to the handler set on it.
     */
    @Test
    void subclassesRunTheirOwnStartAndAreTheirOwnCurrentThread() {
        assertSameAs("ThreadSubclasses", List.of(
                "starting logged",
                "running logged, current thread is this: true",
                "logged alive after join: false",
                "twice ran once",
                "second super.start(): IllegalThreadStateException",
                "inline ran, state NEW",
                "inline state after start: NEW",
                "counted 1000, state TERMINATED",
                "anonymous ran as anonymous",
                "parker released",
                "handler got \"failing failed\" from renamed-in-run, the subclass object: true",
                "done"));
    }

    /**
     * demo.DeepRecursion: threads constructed with their own stack size recurse a million frames
     * deep. As fibers they overflowed (their frames run on the hub thread's default-sized stack),
     * so the thread patch leaves them platform threads.
     */
    @Test
    void threadsGivenAStackSizeReachTheSameDepth() {
        assertSameAs("DeepRecursion", List.of(
                "constructor with stack size: 1000000",
                "builder with stack size: 1000000"));
    }

    private static void assertSameAs(String demo, List<String> expected) {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo(demo));
        assertOutput(runs.plain(), expected);
    }
}
