package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.hub.HubClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(30)
class TimeoutTest {

    @Test
    void expiresInsideASleep() throws Exception {
        Fiber<String> fiber = Green.spawn(() -> {
            long start = System.nanoTime();
            try (Timeout t = Timeout.start(Duration.ofMillis(50))) {
                Green.sleep(Duration.ofSeconds(10));
                return "slept";
            } catch (Timeout.Expired e) {
                return "expired after " + (System.nanoTime() - start) / 1_000_000 + " ms";
            }
        });
        String outcome = fiber.get();
        assertTrue(outcome.startsWith("expired after "), outcome);
        long ms = Long.parseLong(outcome.replaceAll("\\D", ""));
        assertTrue(ms >= 50 && ms < 5_000, outcome);
    }

    @Test
    void countsOnTheHubsClock() throws Exception {
        // A virtual period leaves the hub's clock ahead of System.nanoTime(): a deadline taken from
        // System.nanoTime() would be 100 s past already, and the limit would end a 10 ms sleep.
        HubClock.useVirtual(true);
        try {
            Green.spawn(() -> {
                Green.sleep(Duration.ofSeconds(100));
                return null;
            }).get();
        } finally {
            HubClock.useVirtual(false);
        }
        Fiber<String> fiber = Green.spawn(() -> {
            try (Timeout t = Timeout.start(Duration.ofSeconds(2))) {
                Green.sleep(Duration.ofMillis(10));
                return "slept";
            } catch (Timeout.Expired e) {
                return "expired";
            }
        });
        assertEquals("slept", fiber.get());
    }

    @Test
    void aTimeoutThatDoesNotExpireLeavesNoInterruptBehind() throws Exception {
        Fiber<Boolean> fiber = Green.spawn(() -> {
            try (Timeout t = Timeout.start(Duration.ofMillis(200))) {
                Green.sleep(Duration.ofMillis(5));
            }
            Green.sleep(Duration.ofMillis(300)); // past the old deadline: nothing may fire now
            return Thread.currentThread().isInterrupted();
        });
        assertFalse(fiber.get());
    }

    @Test
    void expiresInsideASocketRead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Fiber<Void> reader = Green.spawn(() -> Timeout.call(Duration.ofMillis(100), () -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    return socket.getInputStream().read(); // the server never writes
                }
            }).equals(-2) ? null : null);
            try (Socket accepted = server.accept()) {
                reader.join();
                Throwable failure = reader.exception();
                assertInstanceOf(Timeout.Expired.class, failure);
                assertInstanceOf(IOException.class, failure.getCause(), "the read ended by the interrupt");
            }
        }
    }

    @Test
    void startingOutsideAFiberIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Timeout.start(Duration.ofSeconds(1)));
        assertEquals("a Timeout can only be started in a fiber", e.getMessage());
    }
}
