package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clientapps.PgLoad;
import clientapps.PgRestart;
import clientapps.PinnedInit;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
 * pgjdbc and HikariCP against a real PostgreSQL (started by {@link LocalServer} on a free port, temporary
 * data directory), each client program ({@code clientapps.*}) run without and with the agent:
 * <ul>
 *   <li>{@link PgLoad} direct: 50 threads, each on its own connection, {@code pg_sleep(0.2)} and real
 *       queries; under green all on the hub, and all 50 sessions in the server's rendezvous at once.
 *   <li>{@link PgLoad} hikari: the same 50 through a HikariCP pool of 10: five rounds of 0.2 s, each
 *       group of 10 sessions in the rendezvous at once.
 *   <li>{@link PinnedInit}: a query inside a class initializer (a pinned fiber) next to other queries.
 *   <li>{@link PgRestart}: the server is stopped and started again in the middle.
 * </ul>
 * The run without the agent is the reference; it is made once per program and shared by the two tests.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PostgresClientsIT {
    static final int THREADS = 50;
    static final int POOL = 10;
    /** 50 tasks of 0.2 s on 10 pooled connections cannot take less than 5 rounds = 1 s (a lower bound: load only adds). */
    static final long HIKARI_MIN_MILLIS = 1000;
    static final int RESTART_THREADS = 5;
    /** XXX: while the server is down nothing may stall the hub this long (the ticker sleeps 10 ms). */
    static final long RESTART_MAX_GAP_MILLIS = 500;

    @RegisterExtension
    static final ServerExtension pgServer = new ServerExtension(LocalServer::postgres);

    static final Map<String, ChildJvm.Result> plain = new HashMap<>();

    @TempDir
    static Path tmp;


    static ChildJvm load(String mode) {
        return ChildJvm.testMain(PgLoad.class).args(pgServer.server().jdbcUrl(), mode, Integer.toString(THREADS), "0.2",
                Integer.toString(POOL), "items_" + mode).timeout(Duration.ofSeconds(90));
    }

    static ChildJvm pinned() {
        return ChildJvm.testMain(PinnedInit.class).args("jdbc", pgServer.server().jdbcUrl(), "4").timeout(Duration.ofSeconds(90));
    }

    /**
     * Every thread's session met its whole group in the server's rendezvous ({@link PgLoad#RENDEZVOUS}):
     * the server had {@code group} of them in {@code pg_sleep} and waiting at the same time. What the
     * server saw, not the wall time, which a busy machine stretches.
     */
    static void assertTogether(ChildJvm.Result r, int group, String what) {
        List<String> together = r.reported("pg_together");
        assertTrue(together.size() == THREADS && together.stream().allMatch("true"::equals), () -> what
                + ": not every session found its group of " + group + " in the server at once (pg_together "
                + together + ")\n" + r.describe());
    }

    /** The reference run without the agent, made once. */
    static synchronized ChildJvm.Result plain(String key, Supplier<ChildJvm.Result> run) {
        return plain.computeIfAbsent(key, k -> run.get());
    }

    static List<String> expectedLoad(String mode) throws Exception {
        List<String> lines = new ArrayList<>();
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (int id = 0; id < THREADS; id++) {
            long n = (id + 1) * 100L;
            String hex = String.format("%032x", new BigInteger(1, md5.digest(("green-" + id).getBytes(StandardCharsets.UTF_8))));
            lines.add(String.format("thread %02d slept double=%d sum=%d md5=%s rows=3 values=row-%d-1,row-%d-2,row-%d-3",
                    id, id * 2, n * (n + 1) / 2, hex.substring(0, 8), id, id, id));
        }
        lines.add("rows=" + THREADS * 3 + " sum=" + THREADS * 6);
        lines.add("done threads=" + THREADS + " mode=" + mode);
        return lines;
    }

    static List<String> expectedPinned() {
        List<String> lines = new ArrayList<>(List.of("initializer: from-initializer"));
        for (int i = 0; i < 4; i++) {
            lines.add("other " + i + ": other-" + i);
        }
        lines.add("done");
        return lines;
    }

    static List<String> expectedRestart() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RESTART_THREADS; i++) {
            lines.add("before thread " + i + ": own=" + (40 + i) + " pool=" + (40 + i));
        }
        lines.add("waiting for down");
        for (int i = 0; i < RESTART_THREADS; i++) {
            // An open session gets the server's "terminating connection due to administrator command"
            // (57P01); a new connection is refused (08001); the pool times out after 1 s (08001).
            lines.add("down thread " + i + ": old=org.postgresql.util.PSQLException(57P01)"
                    + " new=org.postgresql.util.PSQLException(08001)"
                    + " pool=java.sql.SQLTransientConnectionException(08001)");
        }
        lines.add("waiting for up");
        for (int i = 0; i < RESTART_THREADS; i++) {
            lines.add("after thread " + i + ": old.closed=true new=" + (40 + i) + " pool=" + (40 + i));
        }
        lines.add("done");
        return lines;
    }

    /** Runs PgRestart, stopping the server when it waits for "down" and starting it when it waits for "up". */
    static ChildJvm.Result throughRestart(boolean agent) {
        try {
            Path signals = Files.createTempDirectory(tmp, agent ? "green" : "plain");
            try (ChildJvm.Running child = ChildJvm.testMain(PgRestart.class)
                    .args(pgServer.server().jdbcUrl(), Integer.toString(RESTART_THREADS), signals.toString())
                    .agent(agent).timeout(Duration.ofSeconds(120)).start()) {
                try {
                    child.awaitStdout("waiting for down"::equals, Duration.ofSeconds(60));
                    pgServer.server().stop();
                    Files.createFile(signals.resolve("down"));
                    child.awaitStdout("waiting for up"::equals, Duration.ofSeconds(60));
                } finally {
                    pgServer.server().start();
                }
                Files.createFile(signals.resolve("up"));
                return child.await();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    // ---- without the agent: the programs, the server and the expectations are right ----

    @Test
    void withoutAgentDirectConnections() throws Exception {
        ChildJvm.Result r = plain("direct", () -> load("direct").run());
        assertOutput(r, expectedLoad("direct"));
        assertTogether(r, THREADS, THREADS + " platform threads (checks the server and the rendezvous)");
        ItNotes.note("pg direct without agent", r);
    }

    @Test
    void withoutAgentHikariPool() throws Exception {
        ChildJvm.Result r = plain("hikari", () -> load("hikari").run());
        assertOutput(r, expectedLoad("hikari"));
        assertTrue(r.reportedElapsedMillis() >= HIKARI_MIN_MILLIS, r::describe);
        assertTogether(r, POOL, THREADS + " platform threads through a pool of " + POOL);
        ItNotes.note("pg hikari without agent", r);
    }

    @Test
    void withoutAgentQueryInClassInitializer() {
        ChildJvm.Result r = plain("pinned", () -> pinned().run());
        assertOutput(r, expectedPinned());
        ItNotes.note("pg pinned without agent", r);
    }

    @Test
    void withoutAgentServerRestart() {
        ChildJvm.Result r = plain("restart", () -> throughRestart(false));
        assertOutput(r, expectedRestart());
        ItNotes.note("pg restart without agent", r);
    }

    // ---- with the agent: same output, on the hub, concurrent ----

    @Test
    void withAgentDirectConnectionsOverlapOnTheHub() throws Exception {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("direct", () -> load("direct").run());
        ChildJvm.Result green = load("direct").agent(true).run();
        Differential.assertSame(reference, green);
        assertOutput(green, expectedLoad("direct"));
        assertAllOnHub(green, "pg_thread", THREADS);
        assertTogether(green, THREADS, THREADS + " × pg_sleep(0.2) on their own connections, one hub");
        ItNotes.note("pg direct with agent", green);
    }

    @Test
    void withAgentHikariPoolOfTenRunsFiveRoundsOnTheHub() throws Exception {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("hikari", () -> load("hikari").run());
        ChildJvm.Result green = load("hikari").agent(true).run();
        Differential.assertSame(reference, green);
        assertOutput(green, expectedLoad("hikari"));
        assertAllOnHub(green, "pg_thread", THREADS);
        assertTrue(green.reportedElapsedMillis() >= HIKARI_MIN_MILLIS,
                () -> "a pool of " + POOL + " cannot run 50 × 0.2 s in under 1 s\n" + green.describe());
        assertTogether(green, POOL, THREADS + " × pg_sleep(0.2) through a HikariCP pool of " + POOL);
        ItNotes.note("pg hikari with agent", green);
    }

    @Test
    void withAgentQueryInClassInitializerDoesNotDeadlockTheHub() {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("pinned", () -> pinned().run());
        ChildJvm.Result green = pinned().agent(true).run();
        Differential.assertSame(reference, green);
        assertOutput(green, expectedPinned());
        assertAllOnHub(green, "init_thread", 1);
        assertAllOnHub(green, "other_thread", 4);
        ItNotes.note("pg pinned with agent", green);
    }

    @Test
    void withAgentServerRestartSameErrorsHubKeepsRunning() {
        AgentGate.requireActive();
        ChildJvm.Result reference = plain("restart", () -> throughRestart(false));
        ChildJvm.Result green = throughRestart(true);
        Differential.assertSame(reference, green);
        assertOutput(green, expectedRestart());
        assertAllOnHub(green, "pg_thread", 3 * RESTART_THREADS);
        long ticks = Long.parseLong(green.reportedOnce("down_ticks"));
        long gap = Long.parseLong(green.reportedOnce("down_max_gap_ms"));
        assertTrue(ticks > 0 && gap < RESTART_MAX_GAP_MILLIS, () -> "while the server was down the ticker fiber ticked "
                + ticks + " times, longest gap " + gap + " ms (limit " + RESTART_MAX_GAP_MILLIS + ")\n" + green.describe());
        ItNotes.note("pg restart with agent", green);
    }
}
