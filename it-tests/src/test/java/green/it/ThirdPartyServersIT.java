package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clientapps.H2Server;
import clientapps.HsqldbServer;
import clientapps.JettyServer;
import clientapps.NettyServer;
import clientapps.TomcatServer;
import clientapps.UndertowServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real third-party servers, each started inside a plain program ({@code clientapps.*Server}) on a free
 * loopback port and loaded by 50 concurrent clients of that same program (one {@code new Thread} each),
 * every request blocking 200 ms inside the server's own handler (a sleep in a Netty handler, a Tomcat
 * servlet, a Jetty core handler, an Undertow handler; a Java function called by SQL in H2's and HSQLDB's
 * TCP servers). Each program is run without and with the agent:
 * <ul>
 *   <li>the same stdout, stderr and exit code ({@link Differential}); all 50 answered;
 *   <li>the requests overlapped <em>as the server saw them</em>: at least half of them were in its
 *       handlers at once ({@code max_in_flight}, counted by the handler), in both runs; no wall-clock
 *       bound, which would flake on a busy machine;
 *   <li>with the agent, every handler ran on a fiber of green-hub, and application code saw the same
 *       {@code Thread.currentThread()} class as without it (a library's {@code Thread} subclass stays
 *       that subclass; a plain {@code Thread} becomes a virtual thread).
 * </ul>
 * The run without the agent is the reference, made once per program and shared by its two tests. Each
 * test prints {@code [measured]} lines (elapsed time, in-flight maximum, handler threads, OS threads).
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ThirdPartyServersIT {
    static final int CLIENTS = 50;
    static final long SLEEP_MILLIS = 200;
    /** Serial handling would show 1; half of the clients at once is a clear overlap, with room for a slow start. */
    static final int MIN_IN_FLIGHT = CLIENTS / 2;

    static final Map<Class<?>, ChildJvm.Result> plain = new HashMap<>();

    static ChildJvm program(Class<?> main) {
        return ChildJvm.testMain(main).args(Integer.toString(CLIENTS), Long.toString(SLEEP_MILLIS))
                .timeout(Duration.ofSeconds(60));
    }

    /** Runs the child, sampling its OS thread count (the report's {@code max_os_threads} in the notes). */
    static ChildJvm.Result run(ChildJvm spec) {
        return spec.start().sampleThreads(Duration.ofMillis(50)).await();
    }

    static List<String> expected(boolean http) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            lines.add(String.format("client %02d: %sok /work/%02d", i, http ? "200 " : "", i));
        }
        lines.add("responses=" + CLIENTS + " ok=" + CLIENTS);
        lines.add("done");
        return lines;
    }

    static void assertOverlapped(ChildJvm.Result r, String what) {
        assertEquals(Integer.toString(CLIENTS), r.reportedOnce("handled"), () -> what + ": requests handled\n" + r.describe());
        int max = Integer.parseInt(r.reportedOnce("max_in_flight"));
        assertTrue(max >= MIN_IN_FLIGHT, () -> what + ": the server had at most " + max + " of " + CLIENTS
                + " requests in its handlers at once (want at least " + MIN_IN_FLIGHT + ")\n" + r.describe());
    }

    /** The reference run without the agent (made once per program), checked on its own. */
    static synchronized ChildJvm.Result reference(Class<?> main, boolean http) {
        ChildJvm.Result cached = plain.get(main);
        if (cached != null) {
            return cached;
        }
        ChildJvm.Result r = run(program(main));
        assertOutput(r, expected(http));
        assertOverlapped(r, main.getSimpleName() + " without the agent");
        plain.put(main, r);
        note(main.getSimpleName() + " without agent", r);
        return r;
    }

    static void withAgent(Class<?> main, boolean http) {
        AgentGate.requireActive();
        ChildJvm.Result ref = reference(main, http);
        ChildJvm.Result green = run(program(main).agent(true));
        Differential.assertSame(ref, green);
        assertOutput(green, expected(http));
        assertOverlapped(green, main.getSimpleName() + " with the agent");
        assertAllOnHub(green, "handler_thread", CLIENTS);
        String plainClass = ref.reportedOnce("handler_thread_class");
        String greenClass = green.reportedOnce("handler_thread_class");
        assertTrue(plainClass.equals(greenClass) || plainClass.equals("java.lang.Thread")
                        && greenClass.equals("java.lang.VirtualThread"),
                () -> "handlers saw Thread.currentThread() as " + greenClass + " with the agent, as " + plainClass
                        + " without it\n" + green.describe());
        note(main.getSimpleName() + " with agent", green);
    }

    static void note(String what, ChildJvm.Result r) {
        ItNotes.note(what, r);
        StringBuilder sb = new StringBuilder("[measured] ").append(what).append(":");
        for (String key : List.of("max_in_flight", "handled", "handler_thread_distinct", "handler_thread_class",
                "handler_threads")) {
            sb.append(' ').append(key).append('=').append(String.join(",", r.reported(key)));
        }
        sb.append(" max_os_threads=").append(r.maxThreads());
        System.out.println(sb);
    }

    @Test
    void nettyWithoutAgent() {
        reference(NettyServer.class, true);
    }

    @Test
    void nettyWithAgent() {
        withAgent(NettyServer.class, true);
    }

    @Test
    void tomcatWithoutAgent() {
        reference(TomcatServer.class, true);
    }

    @Test
    void tomcatWithAgent() {
        withAgent(TomcatServer.class, true);
    }

    @Test
    void jettyWithoutAgent() {
        reference(JettyServer.class, true);
    }

    @Test
    void jettyWithAgent() {
        withAgent(JettyServer.class, true);
    }

    @Test
    void undertowWithoutAgent() {
        reference(UndertowServer.class, true);
    }

    @Test
    void undertowWithAgent() {
        withAgent(UndertowServer.class, true);
    }

    @Test
    void h2WithoutAgent() {
        reference(H2Server.class, false);
    }

    @Test
    void h2WithAgent() {
        withAgent(H2Server.class, false);
    }

    @Test
    void hsqldbWithoutAgent() {
        reference(HsqldbServer.class, false);
    }

    @Test
    void hsqldbWithAgent() {
        withAgent(HsqldbServer.class, false);
    }
}
