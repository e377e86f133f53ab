package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.StreamReader: a fiber whose socket always has data must not keep the hub from a fiber that
 * ticks every 5 ms (docs/DESIGN.md, "The hub loop").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FairnessIT {
    private static final int BYTES = 2_000_000;

    /** Runs the reader against a server in this JVM that writes {@link #BYTES} as fast as it can. */
    static ChildJvm.Result readAll(boolean agent) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread writer = Thread.ofPlatform().start(() -> {
                try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(new byte[BYTES]);
                } catch (Exception e) {
                    // the reader went away: its result says what happened
                }
            });
            ChildJvm.Result r = ChildJvm.demo("StreamReader").args("port=" + server.getLocalPort(), "bytes=" + BYTES)
                    .agent(agent).timeout(Duration.ofSeconds(90)).run();
            writer.join(10_000);
            return r;
        }
    }

    @Test
    void aReaderThatNeverWaitsLetsTheTickerRun() throws Exception {
        AgentGate.requireActive();
        ChildJvm.Result green = readAll(true);
        assertOutput(green, List.of("read " + BYTES + " bytes, ticker ticked"));
        assertAllOnHub(green, "reader_thread", 1);
        long gapMillis = Long.parseLong(green.reportedOnce("max_tick_gap_ms"));
        // XXX: 5 ms ticks; a turn of 128 one-byte reads is far below a millisecond, so 250 ms is a wide margin
        assertTrue(gapMillis < 250, "the ticker waited " + gapMillis + " ms for the reader\n" + green.describe());
    }

    @Test
    void withoutTheAgentTheSameOutput() throws Exception {
        assertOutput(readAll(false), List.of("read " + BYTES + " bytes, ticker ticked"));
    }
}
