package green.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The concurrency evidence the HTTP ITs rely on, {@link TestHttpServer#holdUntilTogether}, in this JVM:
 * requests sent at once are all seen together; the same requests one after another are not (the control).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestHttpServerIT {

    static int get(String url) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setReadTimeout(30_000);
            try (InputStream in = c.getInputStream()) {
                in.readAllBytes();
            }
            return c.getResponseCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void requestsInFlightAtOnceMeetAtTheGate() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(Duration.ofMillis(50))) {
            server.holdUntilTogether(5);
            List<Thread> threads = new ArrayList<>();
            for (String url : server.slowUrls(5)) {
                threads.add(Thread.ofPlatform().start(() -> assertEquals(200, get(url))));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertTrue(server.allTogether(), "max in flight " + server.maxInFlight());
            assertEquals(5, server.maxInFlight());
        }
    }

    @Test
    void requestsOneAfterAnotherDoNot() throws Exception {
        try (TestHttpServer server = TestHttpServer.http(Duration.ofMillis(50))) {
            server.holdUntilTogether(2, Duration.ofMillis(300));
            for (String url : server.slowUrls(2)) {
                assertEquals(200, get(url)); // the first waits out the gate's timeout, which then stays open
            }
            assertFalse(server.allTogether());
            assertEquals(1, server.maxInFlight());
        }
    }
}
