package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo.ChatServer (synchronized, wait/notifyAll, BufferedReader/PrintWriter) driven by demo.ChatClient's script. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ChatIT {
    static final List<String> TRANSCRIPT = List.of(
            "alice| * alice joined",
            "alice| * bob joined",
            "alice| * carol joined",
            "alice| alice: hello everyone",
            "alice| bob: hi alice",
            "alice| carol: hey both",
            "alice| * carol left",
            "alice| * bob left",
            "alice| * alice left",
            "alice| bye",
            "bob| * bob joined",
            "bob| * carol joined",
            "bob| alice: hello everyone",
            "bob| bob: hi alice",
            "bob| carol: hey both",
            "bob| * carol left",
            "bob| * bob left",
            "bob| bye",
            "carol| * carol joined",
            "carol| alice: hello everyone",
            "carol| bob: hi alice",
            "carol| carol: hey both",
            "carol| * carol left",
            "carol| bye",
            "chat ok members=3 lines=24");

    record Pair(ChildJvm.Result server, ChildJvm.Result client) {
    }

    static Pair scenario(boolean agent) {
        try (ChildJvm.Running server = ChildJvm.demo("ChatServer").args("clients=3").agent(agent)
                .timeout(Duration.ofSeconds(90)).start()) {
            int port = server.awaitListeningPort();
            ChildJvm.Result client = ChildJvm.demo("ChatClient").args("port=" + port).agent(agent)
                    .timeout(Duration.ofSeconds(90)).run();
            if (client.timedOut() || client.exitCode() != 0) {
                server.close(); // it would wait for clients that never come
            }
            return new Pair(server.await(), client);
        }
    }

    static void assertChat(Pair p) {
        assertOutput(p.client(), TRANSCRIPT);
        p.server().assertOk();
        assertEquals(List.of("listening <port>", "chat served clients=3 messages=9"),
                p.server().stdout().stream().map(Differential::ignorePort).toList(), () -> p.server().describe());
        assertEquals(List.of(), p.server().stderr(), () -> p.server().describe());
    }

    @Test
    void withoutAgentTranscriptIsTheScript() {
        assertChat(scenario(false));
    }

    @Test
    void withAgentSameTranscriptAndEveryThreadOnTheHub() {
        AgentGate.requireActive();
        Pair plain = scenario(false);
        Pair green = scenario(true);
        Differential.assertSame(plain.server(), green.server(), Differential::ignorePort);
        Differential.assertSame(plain.client(), green.client());
        assertChat(green);
        assertAllOnHub(green.server(), "handler_thread", 3);
        assertAllOnHub(green.server(), "writer_thread", 3);
        assertAllOnHub(green.client(), "reader_thread", 3);
    }
}
