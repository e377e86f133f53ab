package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.EchoServer (thread per client, blocking sockets) driven by demo.EchoClient: differential output,
 * handlers on the hub, and 500 concurrent clients with the server's OS thread count flat under the agent.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class EchoIT {
    private static final int MANY = 500;

    record Pair(ChildJvm.Result server, ChildJvm.Result client) {
    }

    /** One server JVM serving exactly {@code clients} clients of one client JVM; the server's threads are sampled. */
    static Pair scenario(boolean serverAgent, boolean clientAgent, int clients, int lines, int holdMillis) {
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").args("clients=" + clients)
                .agent(serverAgent).timeout(Duration.ofSeconds(120)).start()) {
            server.sampleThreads(Duration.ofMillis(5));
            int port = server.awaitListeningPort();
            ChildJvm.Result client = ChildJvm.demo("EchoClient")
                    .args("port=" + port, "clients=" + clients, "lines=" + lines, "hold=" + holdMillis)
                    .agent(clientAgent).timeout(Duration.ofSeconds(120)).run();
            if (client.timedOut() || client.exitCode() != 0) {
                server.close(); // it would wait for clients that never come
            }
            return new Pair(server.await(), client);
        }
    }

    static void assertEchoed(Pair p, int clients, int lines) {
        assertOutput(p.client(), List.of("ok clients=" + clients + " lines=" + lines));
        p.server().assertOk();
        List<String> out = p.server().stdout().stream().map(Differential::ignorePort).toList();
        assertTrue(out.equals(List.of("listening <port>", "served clients=" + clients + " lines=" + clients * lines)),
                () -> "server stdout\n" + p.server().describe());
        assertTrue(p.server().stderr().isEmpty(), () -> "server stderr\n" + p.server().describe());
    }

    @Test
    void withoutAgentEchoes() {
        Pair p = scenario(false, false, 20, 10, 0);
        assertEchoed(p, 20, 10);
    }

    @Test
    void withAgentSameOutputAndHandlersOnTheHub() {
        AgentGate.requireActive();
        Pair plain = scenario(false, false, 20, 10, 0);
        Pair green = scenario(true, true, 20, 10, 0);
        Differential.assertSame(plain.server(), green.server(), Differential::ignorePort);
        Differential.assertSame(plain.client(), green.client());
        assertEchoed(green, 20, 10);
        assertAllOnHub(green.server(), "handler_thread", 20);
    }

    @Test
    void withoutAgentServerThreadsGrowWithClients() {
        Pair p = scenario(false, false, MANY, 3, 1000);
        assertEchoed(p, MANY, 3);
        assertTrue(p.server().maxThreads() > MANY,
                () -> "a thread-per-client server with " + MANY + " clients at once should have > " + MANY
                        + " OS threads, sampled max " + p.server().maxThreads());
    }

    @Test
    void withAgentServerThreadsStayFlatUnder500Clients() {
        AgentGate.requireActive();
        Pair plain = scenario(false, false, MANY, 3, 1000);
        Pair green = scenario(true, false, MANY, 3, 1000);
        assertEchoed(plain, MANY, 3);
        assertEchoed(green, MANY, 3);
        assertAllOnHub(green.server(), "handler_thread", MANY);
        int plainThreads = plain.server().maxThreads();
        int greenThreads = green.server().maxThreads();
        assertTrue(plainThreads > MANY, () -> "without the agent: sampled max " + plainThreads + " OS threads");
        assertTrue(greenThreads > 0 && greenThreads < 100,
                () -> "with the agent the server's OS threads must stay flat: sampled max " + greenThreads
                        + " (without the agent " + plainThreads + ")");
    }
}
