package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.SpinningServer under the agent: the watchdog names the fiber that holds the hub, the
 * {@code dump} and {@code status} commands read a running JVM, and a JFR recording holds the stall.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ObservabilityIT {

    private static long count(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).count();
    }

    @Test
    void oneWatchdogReportNamesTheSpinningFiberAndItsMethod() throws Exception {
        AgentGate.requireActive();
        Path recording = Files.createTempFile("green-stall", ".jfr");
        try (ChildJvm.Running server = ChildJvm.demo("SpinningServer").args("clients=5", "spinAfter=300", "spinFor=300")
                .jvmArgs("-XX:StartFlightRecording=filename=" + recording + ",settings=default")
                .agent(true).agentArgs("maxBlocking=100") // set by the user: the watchdog logs on stderr
                .timeout(Duration.ofSeconds(120)).start()) {
            int port = server.awaitListeningPort();
            ChildJvm.Result clients = ChildJvm.demo("EchoClient").args("port=" + port, "clients=5", "lines=20", "hold=600")
                    .timeout(Duration.ofSeconds(60)).run();
            assertEquals(List.of("ok clients=5 lines=20"), clients.stdout(), clients::describe);
            ChildJvm.Result served = server.await();
            assertEquals("served clients=5", served.stdout().getLast(), served::describe);
            List<String> err = served.stderr();
            assertEquals(1, count(err, "WARNING: green: fiber 'spinner' has held the hub for "), served::describe);
            assertTrue(err.stream().anyMatch(l -> l.contains("at demo.SpinningServer.spin(")), served::describe);
            // relief (on by default) let the others run after 200 ms; the report is of the whole spin
            assertEquals(1, count(err, "WARNING: green: fiber 'spinner' let go of its thread after about "), served::describe);
            assertTrue(err.stream().anyMatch(l -> l.contains("a relief thread had taken over the loop")), served::describe);
            String jfr = jfrPrint(recording);
            assertTrue(jfr.contains("fiber = \"spinner\""), jfr);
            assertTrue(jfr.contains("demo.SpinningServer.spin("), jfr);
        } finally {
            Files.deleteIfExists(recording);
        }
    }

    /** What {@code jfr print --events green.HubStall} shows of the recording. */
    private static String jfrPrint(Path recording) throws Exception {
        Path jfr = ChildJvm.JAVA.resolveSibling("jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "green.HubStall", recording.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void dumpListsTheAcceptorAndOneFiberPerClientAndStatusMoves() throws Exception {
        AgentGate.requireActive();
        // clients=0: the acceptor keeps accepting, so it is alive, with its handlers under it, at the dump
        try (ChildJvm.Running server = ChildJvm.demo("SpinningServer").args("clients=0", "spinAfter=600000")
                .agent(true).timeout(Duration.ofSeconds(120)).start()) {
            int port = server.awaitListeningPort();
            String pid = Long.toString(server.pid());
            AttachIT.Cli before = AttachIT.green("status", pid);
            assertEquals(0, before.exitCode(), before::toString);
            try (ChildJvm.Running clients = ChildJvm.demo("EchoClient")
                    .args("port=" + port, "clients=3", "lines=50", "hold=3000").timeout(Duration.ofSeconds(60)).start()) {
                Thread.sleep(1500); // connected and idle
                AttachIT.Cli dump = AttachIT.green("dump", pid);
                assertEquals(0, dump.exitCode(), dump::toString);
                List<String> lines = dump.stdout().lines().toList();
                assertEquals(1, lines.stream().filter(l -> l.startsWith("\"acceptor\" ") && l.contains("WAITING on fd ")
                        && l.endsWith("spawned by \"main\"")).count(), dump::toString);
                assertEquals(3, lines.stream().filter(l -> l.startsWith("  \"Thread-") && l.contains("WAITING on fd ")
                        && l.contains(" read for ") && l.endsWith("spawned by \"acceptor\"")).count(), dump::toString);
                AttachIT.Cli after = AttachIT.green("status", pid);
                assertTrue(switches(after) > switches(before), before + "\n" + after);
                assertEquals(List.of("ok clients=3 lines=50"), clients.await().stdout());
            }
        }
    }

    private static long switches(AttachIT.Cli status) {
        return status.stdout().lines().filter(l -> l.startsWith("Switches: ")).mapToLong(l -> Long.parseLong(l.substring(10)))
                .findFirst().orElseThrow(() -> new AssertionError(status));
    }

    @Test
    void badInputGivesOneLineAndAFailingStatus() throws Exception {
        AttachIT.Cli unknown = AttachIT.green("dump", "999999999");
        assertEquals(1, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.stderr().startsWith("green: cannot attach to 999999999:"), unknown::toString);
        try (ChildJvm.Running plain = ChildJvm.demo("EchoServer").args("clients=1").timeout(Duration.ofSeconds(60)).start()) {
            int port = plain.awaitListeningPort();
            AttachIT.Cli notGreen = AttachIT.green("status", Long.toString(plain.pid()));
            assertEquals(1, notGreen.exitCode(), notGreen::toString);
            assertTrue(notGreen.stderr().startsWith("green: JVM " + plain.pid() + " does not run green"), notGreen::toString);
            AttachIT.echo(port, 1, 0);
            plain.await();
        }
    }
}
