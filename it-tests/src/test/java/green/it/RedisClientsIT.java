package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clientapps.RedisLoad;
import clientapps.RedisRestart;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jedis and JedisPool against a real redis-server (started by {@link LocalServer} on a free port, no
 * persistence), each client program run without and with the agent:
 * <ul>
 *   <li>{@link RedisLoad}: 50 threads doing SET/GET/INCR/INCRBY/RPUSH/LRANGE (half pooled, half on their
 *       own connection), a {@code BLPOP} another thread satisfies after 300 ms and a {@code BLPOP} that
 *       times out after 1 s: identical results, all on the hub, and all 50 workers waiting in the server at
 *       once (a rendezvous the program makes in Redis itself, {@link RedisLoad#together}).
 *   <li>{@link RedisRestart}: the server is stopped and started again in the middle.
 * </ul>
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RedisClientsIT {
    static final int THREADS = 50;
    static final int INCRS = 20;
    static final int RESTART_THREADS = 5;
    /** XXX: while the server is down nothing may stall the hub this long (the ticker sleeps 10 ms). */
    static final long RESTART_MAX_GAP_MILLIS = 500;

    @RegisterExtension
    static final ServerExtension redisServer = new ServerExtension(LocalServer::redis);

    static final Map<String, ChildJvm.Result> plain = new HashMap<>();

    @TempDir
    static Path tmp;


    static synchronized ChildJvm.Result plain(String key, Supplier<ChildJvm.Result> run) {
        return plain.computeIfAbsent(key, k -> run.get());
    }

    static ChildJvm load() {
        return ChildJvm.testMain(RedisLoad.class)
                .args("127.0.0.1", Integer.toString(redisServer.server().port()), Integer.toString(THREADS), Integer.toString(INCRS))
                .timeout(Duration.ofSeconds(90));
    }

    /** Every worker met all the others in the server's rendezvous: what the server saw, not the wall time. */
    static void assertTogether(ChildJvm.Result r, String what) {
        List<String> together = r.reported("redis_together");
        assertTrue(together.size() == THREADS && together.stream().allMatch("true"::equals), () -> what
                + ": not every worker found all " + THREADS + " connected and waiting at once (redis_together "
                + together + ")\n" + r.describe());
    }

    static List<String> expectedLoad() {
        List<String> lines = new ArrayList<>();
        for (int id = 0; id < THREADS; id++) {
            lines.add("thread " + id + " " + (id % 2 == 0 ? "pool" : "own") + " get=value-" + id
                    + " incr.positive=true mine=" + id + " list=[a, b, c]");
        }
        lines.add("blpop jobs=[jobs, job-1]");
        lines.add("blpop empty=null");
        // key:i, mine:i, list:i per thread and the counter (the jobs list is empty again, so gone).
        lines.add("counter=" + THREADS * INCRS + " keys=" + (3 * THREADS + 1));
        lines.add("done");
        return lines;
    }

    static List<String> expectedRestart() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RESTART_THREADS; i++) {
            lines.add("before thread " + i + ": own=v" + i + " pool=pv" + i);
        }
        lines.add("waiting for down");
        String failed = "redis.clients.jedis.exceptions.JedisConnectionException";
        for (int i = 0; i < RESTART_THREADS; i++) {
            lines.add("down thread " + i + ": old=" + failed + " new=" + failed + " pool=" + failed);
        }
        lines.add("waiting for up");
        for (int i = 0; i < RESTART_THREADS; i++) {
            // The restarted server is empty (no persistence): the old key is gone.
            lines.add("after thread " + i + ": old.broken=true new.old-key=null pool=pv" + i);
        }
        lines.add("done");
        return lines;
    }

    /** Runs RedisRestart, stopping the server when it waits for "down" and starting it when it waits for "up". */
    static ChildJvm.Result throughRestart(boolean agent) {
        try {
            Path signals = Files.createTempDirectory(tmp, agent ? "green" : "plain");
            try (ChildJvm.Running child = ChildJvm.testMain(RedisRestart.class)
                    .args("127.0.0.1", Integer.toString(redisServer.server().port()), Integer.toString(RESTART_THREADS), signals.toString())
                    .agent(agent).timeout(Duration.ofSeconds(120)).start()) {
                try {
                    child.awaitStdout("waiting for down"::equals, Duration.ofSeconds(60));
                    redisServer.server().stop();
                    Files.createFile(signals.resolve("down"));
                    child.awaitStdout("waiting for up"::equals, Duration.ofSeconds(60));
                } finally {
                    redisServer.server().start();
                }
                Files.createFile(signals.resolve("up"));
                return child.await();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withoutAgentLoad() {
        ChildJvm.Result r = plain("load", () -> load().run());
        assertOutput(r, expectedLoad());
        assertTogether(r, THREADS + " platform threads (checks the server and the rendezvous)");
        ItNotes.note("redis load without agent", r);
    }

    @Test
    void withoutAgentServerRestart() {
        ChildJvm.Result r = plain("restart", () -> throughRestart(false));
        assertOutput(r, expectedRestart());
        ItNotes.note("redis restart without agent", r);
    }

    @Test
    void withAgentSameResultsAllOnTheHubOverlapped() {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("load", () -> load().run());
        ChildJvm.Result green = load().agent(true).run();
        Differential.assertSame(reference, green);
        assertOutput(green, expectedLoad());
        assertAllOnHub(green, "redis_thread", THREADS + 3);
        assertTogether(green, THREADS + " Jedis threads on one hub");
        // The output's "blpop jobs=[jobs, job-1]" shows the push reached the waiting BLPOP before its 5 s
        // timeout; that it did not return before the push is a lower bound, which load cannot break.
        long waited = Long.parseLong(green.reportedOnce("blpop_waited_ms"));
        assertTrue(waited >= 250, () -> "BLPOP waited " + waited + " ms for a push made after 300 ms\n"
                + green.describe());
        ItNotes.note("redis load with agent", green);
    }

    @Test
    void withAgentServerRestartSameErrorsHubKeepsRunning() {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("restart", () -> throughRestart(false));
        ChildJvm.Result green = throughRestart(true);
        Differential.assertSame(reference, green);
        assertOutput(green, expectedRestart());
        assertAllOnHub(green, "redis_thread", 3 * RESTART_THREADS);
        long ticks = Long.parseLong(green.reportedOnce("down_ticks"));
        long gap = Long.parseLong(green.reportedOnce("down_max_gap_ms"));
        assertTrue(ticks > 0 && gap < RESTART_MAX_GAP_MILLIS, () -> "while the server was down the ticker fiber ticked "
                + ticks + " times, longest gap " + gap + " ms (limit " + RESTART_MAX_GAP_MILLIS + ")\n" + green.describe());
        ItNotes.note("redis restart with agent", green);
    }
}
