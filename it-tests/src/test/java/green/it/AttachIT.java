package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar green.jar attach <pid>} against demo.EchoServer started without the agent:
 * clients connected across the attach are not dropped, clients after it are served by fibers on
 * the hub, and every kind of bad input leaves the target serving as before.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AttachIT {

    /** The outcome of one {@code java -jar green.jar ...} command. */
    record Cli(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }
    }

    static Cli green(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.JAVA.toString(), "-jar", ChildJvm.AGENT_JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("green-cli", ".out");
        Path err = Files.createTempFile("green-cli", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("green " + String.join(" ", args) + " did not finish in 60 s");
            }
            return new Cli(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static ChildJvm.Result echo(int port, int clients, int holdMillis) {
        return ChildJvm.demo("EchoClient").args("port=" + port, "clients=" + clients, "lines=5", "hold=" + holdMillis)
                .timeout(Duration.ofSeconds(60)).run();
    }

    static void assertEchoed(ChildJvm.Result client, int clients) {
        assertEquals(List.of("ok clients=" + clients + " lines=5"), client.stdout(), client::describe);
    }

    @Test
    void clientsAfterTheAttachAreServedByFibersAndNoneIsDropped() throws Exception {
        AgentGate.requireActive();
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").args("clients=30").timeout(Duration.ofSeconds(120)).start()) {
            int port = server.awaitListeningPort();
            assertEchoed(echo(port, 10, 0), 10);
            try (ChildJvm.Running held = ChildJvm.demo("EchoClient")
                    .args("port=" + port, "clients=10", "lines=5", "hold=3000").timeout(Duration.ofSeconds(60)).start()) {
                Thread.sleep(1000); // the ten are connected and idle when green arrives
                Cli attach = green("attach", Long.toString(server.pid()));
                assertEquals(0, attach.exitCode(), attach::toString);
                assertTrue(attach.stdout().contains("installed: green: attached;")
                        && attach.stdout().contains("a method that is already running keeps its old code"), attach::toString);
                assertEchoed(held.await(), 10); // the connections open across the attach were served to the end
            }
            assertEchoed(echo(port, 10, 0), 10);
            ChildJvm.Result served = server.await();
            assertEquals("served clients=30 lines=150", served.stdout().getLast(), served::describe);
            List<String> handlers = served.reported("handler_thread");
            assertEquals(30, handlers.size(), served::describe);
            assertTrue(handlers.subList(0, 20).stream().allMatch(h -> h.startsWith("Thread[")), handlers::toString);
            assertTrue(handlers.subList(20, 30).stream().allMatch(GreenAssertions::isHubFiber), handlers::toString);
            assertTrue(served.stderr().stream().anyMatch(l -> l.startsWith("green: attached;")), served::describe);
        }
    }

    @Test
    void badInputIsReportedToTheCallerAndTheTargetKeepsServing() throws Exception {
        AgentGate.requireActive();
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").args("clients=20").timeout(Duration.ofSeconds(120)).start()) {
            int port = server.awaitListeningPort();
            String pid = Long.toString(server.pid());

            Cli badArgument = green("attach", pid, "runbatch=3");
            assertEquals(2, badArgument.exitCode(), badArgument::toString);
            assertTrue(badArgument.stderr().startsWith("green: unknown setting 'runbatch'; valid keys:"), badArgument::toString);
            assertEchoed(echo(port, 5, 0), 5);

            Cli notAPid = green("attach", "not-a-pid");
            assertEquals(2, notAPid.exitCode(), notAPid::toString);
            Cli noSuchJvm = green("attach", "999999999");
            assertEquals(1, noSuchJvm.exitCode(), noSuchJvm::toString);
            assertTrue(noSuchJvm.stderr().startsWith("green: cannot attach to 999999999:"), noSuchJvm::toString);

            Cli first = green("attach", pid);
            assertEquals(0, first.exitCode(), first::toString);
            Cli second = green("attach", pid);
            assertEquals(0, second.exitCode(), second::toString);
            assertTrue(second.stdout().contains("already installed in this JVM"), second::toString);
            assertEchoed(echo(port, 15, 0), 15);

            ChildJvm.Result served = server.await();
            assertEquals("served clients=20 lines=100", served.stdout().getLast(), served::describe);
            assertEquals(1, served.stderr().stream().filter(l -> l.startsWith("green: attached;")).count(), served::describe);
        }
    }

    @Test
    void aJvmThatRefusesAttachIsNamedAndKeepsServing() throws Exception {
        AgentGate.requireActive();
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").args("clients=3")
                .jvmArgs("-XX:+DisableAttachMechanism").timeout(Duration.ofSeconds(120)).start()) {
            int port = server.awaitListeningPort();
            Cli refused = green("attach", Long.toString(server.pid()));
            assertEquals(1, refused.exitCode(), refused::toString);
            assertTrue(refused.stderr().startsWith("green: cannot attach to " + server.pid() + ":"), refused::toString);
            assertEchoed(echo(port, 3, 0), 3);
            assertEquals("served clients=3 lines=15", server.await().stdout().getLast());
        }
    }

    @Test
    void aJdkThatCannotBePatchedStaysUnpatchedAndSaysWhy() throws Exception {
        AgentGate.requireActive();
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(java17), "no JDK 17 at " + java17 + " to attach to");
        Path source = Files.createTempFile("Idle", ".java");
        Files.writeString(source, """
                public class Idle {
                    public static void main(String[] args) throws Exception {
                        System.out.println("idle ready");
                        Thread.sleep(60_000);
                    }
                }
                """);
        Process target = new ProcessBuilder(java17.toString(), source.toString()).redirectErrorStream(true).start();
        try {
            String ready = new String(target.getInputStream().readNBytes("idle ready".length()), StandardCharsets.UTF_8);
            assertEquals("idle ready", ready);
            Cli attach = green("attach", Long.toString(target.pid()));
            assertEquals(1, attach.exitCode(), attach::toString);
            assertTrue(attach.stderr().contains("unpatched: green: Java 17"), attach::toString);
            assertTrue(target.isAlive(), "the target kept running");
        } finally {
            target.destroyForcibly();
            Files.deleteIfExists(source);
        }
    }

    @Test
    void listNamesTheRunningDemo() throws Exception {
        try (ChildJvm.Running server = ChildJvm.demo("EchoServer").args("clients=1").timeout(Duration.ofSeconds(60)).start()) {
            int port = server.awaitListeningPort();
            Cli list = green("list");
            assertEquals(0, list.exitCode(), list::toString);
            assertTrue(list.stdout().lines().anyMatch(l -> l.equals(server.pid() + " demo.EchoServer clients=1")), list::toString);
            assertEchoed(echo(port, 1, 0), 1);
            server.await();
        }
    }
}
