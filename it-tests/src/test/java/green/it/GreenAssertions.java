package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/** Assertions about what only the agent makes true (threads on the hub, elapsed time), with full context on failure. */
public final class GreenAssertions {
    /** The hub thread's name as it appears in a virtual thread's {@code toString()}: {@code ...@green-hub}. */
    public static final String ON_HUB = "@green-hub";
    /**
     * A relief thread's, which runs the loop (or a fiber that held it) while a fiber holds the
     * hub's own thread: its fibers are the hub's as well.
     */
    public static final String ON_RELIEF = "@green-relief-";

    /** Whether a reported {@code Thread.toString()} is a fiber of green's hub, on its thread or a relief thread. */
    public static boolean isHubFiber(String thread) {
        return thread.startsWith("VirtualThread[") && (thread.endsWith(ON_HUB) || thread.contains(ON_RELIEF));
    }

    private GreenAssertions() {
    }

    /** Every thread reported under {@code key} was a virtual thread carried by green-hub; there were {@code count}. */
    public static void assertAllOnHub(ChildJvm.Result r, String key, int count) {
        List<String> threads = r.reported(key);
        assertEquals(count, threads.size(), () -> "expected " + count + " '" + key + "' reports\n" + r.describe());
        for (String t : threads) {
            assertTrue(isHubFiber(t), () -> key + " ran on " + t + ", not on a fiber of green-hub\n" + r.describe());
        }
    }

    /**
     * The program's own {@code elapsed_ms} is below {@code limitMillis}.
     *
     * @deprecated a wall-time bound does not prove concurrency: a busy machine broke one
     *     (HttpClientsIT, 2971 ms against 2500) while the requests did overlap. Assert what the other
     *     side saw instead: {@link TestHttpServer#holdUntilTogether} and {@link TestHttpServer#allTogether},
     *     a server-side rendezvous (PgLoad, RedisLoad), or a count the program reports (SleepTasks'
     *     {@code max_sleeping}); print timings with {@link ItNotes}.
     */
    @Deprecated
    public static void assertElapsedBelow(ChildJvm.Result r, long limitMillis, String why) {
        long elapsed = r.reportedElapsedMillis();
        assertTrue(elapsed < limitMillis, () -> why + ": took " + elapsed + " ms, limit " + limitMillis + " ms\n" + r.describe());
    }

    /** Exit 0 in time, this exact stdout, empty stderr. */
    public static void assertOutput(ChildJvm.Result r, List<String> expectedStdout) {
        r.assertOk();
        assertEquals(expectedStdout, r.stdout(), () -> "stdout\n" + r.describe());
        assertEquals(List.of(), r.stderr(), () -> "stderr\n" + r.describe());
    }
}
