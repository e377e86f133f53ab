package green.it;

import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
     * demo.ThreadShapes: {@code Thread} methods reached where no call site names
     * {@code java.lang.Thread} (a class that uses only the subclass, a method reference,
     * reflection, a JDK pool starting the anonymous subclasses of the program's factory, a
     * subclass reading its own stack by index) behave as on platform threads, and the threads are
     * fibers on the hub. On c3a6250 six lines differed: a join from such a class returned at once
     * ({@code 0}), its interrupt was lost, the stack was empty, and the interrupt flag of a thread
     * blocked in a socket call read {@code false}.
     */
    @Test
    void threadMethodsHoldWhoeverCallsThem() {
        assertSameAs("ThreadShapes", List.of(
                "50 workers, sum of results 2450",
                "joined from another class: 42",
                "sleeper interrupted, flag after catch false, alive false",
                "started by method reference 10, by reflection 12, alive false false",
                "pool of anonymous subclasses: true",
                "frames by index: getStackTrace > callerOfCaller > run",
                "blocked-reader after interrupt: alive true, interrupted true, RUNNABLE",
                "blocked-acceptor after interrupt: alive true, interrupted true, RUNNABLE",
                "blocked-writer after interrupt: alive true, interrupted true, RUNNABLE",
                "done"));
    }

    @Test
    void theThreadsOfEveryShapeAreFibersOnTheHub() {
        AgentGate.requireActive();
        ChildJvm.Result r = ChildJvm.demo("ThreadShapes").agent(true).run();
        r.assertOk();
        GreenAssertions.assertAllOnHub(r, "worker_thread", 53); // 50 + joined elsewhere + method reference + reflection
        GreenAssertions.assertAllOnHub(r, "pool_thread", 1);
    }

    /**
     * demo.SocketClose: closing a socket a thread is blocked reading wakes it, and the client's
     * next write fails, as without the agent. The close no longer starts the JDK's poller threads
     * (each first close took 7 to 105 ms on the hub to start them, and their {@code epoll_wait}
     * holds up the JVM's exit).
     */
    @Test
    void closingASocketSomeoneReadsIsAsQuickAsWithoutTheAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("SocketClose"));
        for (ChildJvm.Result r : List.of(runs.plain(), runs.green())) {
            String threads = r.reportedOnce("platform_threads");
            assertFalse(threads.contains("Read-Poller") || threads.contains("Write-Poller"), threads + "\n" + r.describe());
            for (String writes : r.reported("peer_writes")) {
                assertTrue(Integer.parseInt(writes) <= 3, "writes to a closed peer succeeded: " + writes + "\n" + r.describe());
            }
            System.out.println("[measured] socket close " + (r.agent() ? "with" : "without") + " agent: close_us="
                    + r.reported("close_us") + " peer_failed_after_ms=" + r.reported("peer_failed_after_ms"));
        }
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
