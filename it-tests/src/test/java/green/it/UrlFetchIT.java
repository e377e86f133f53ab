package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * demo.UrlFetch: 20 concurrent {@code URL.openConnection()} fetches from a local server that delays every
 * answer 500 ms, over HTTP and over HTTPS (self-signed certificate, client trust store via
 * {@code -Djavax.net.ssl.trustStore}). Concurrency is what the server saw: all 20 requests in flight at
 * once (it holds every answer until they are, {@link TestHttpServer#holdUntilTogether}), not a wall time.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UrlFetchIT {
    private static final int FETCHES = 20;
    private static final Duration DELAY = Duration.ofMillis(500);

    @TempDir
    static Path tmp;
    static SelfSignedTls tls;
    static TestHttpServer http;
    static TestHttpServer https;

    @BeforeAll
    static void startServers() throws Exception {
        tls = SelfSignedTls.create(tmp);
        http = TestHttpServer.http(DELAY);
        https = TestHttpServer.https(DELAY, tls.serverContext());
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (http != null) {
            http.close();
        }
        if (https != null) {
            https.close();
        }
    }

    static List<String> expected(List<String> urls) {
        List<String> lines = new ArrayList<>();
        for (String url : urls) {
            String path = url.substring(url.indexOf("/slow/"));
            lines.add(url + " status=200 length=" + ("slow " + path + "\n").length());
        }
        lines.add("fetched urls=" + urls.size() + " ok=" + urls.size());
        return lines;
    }

    static ChildJvm fetchHttp(List<String> urls) {
        return ChildJvm.demo("UrlFetch").args(urls);
    }

    static ChildJvm fetchHttps(List<String> urls) {
        return ChildJvm.demo("UrlFetch").jvmArgs(tls.clientJvmArgs()).args(urls);
    }

    /** The server had all {@link #FETCHES} requests in flight at the same time (see {@link HttpClientsIT#assertOverlapped}). */
    static void assertOverlapped(ChildJvm.Result r, TestHttpServer server, String what) {
        assertTrue(server.allTogether(), () -> what + ": the server never had all " + FETCHES
                + " requests in flight at once (at most " + server.maxInFlight() + "; it held each answer up to "
                + TestHttpServer.GATE_TIMEOUT.toSeconds() + " s for the others)\n" + r.describe());
    }

    @Test
    void withoutAgentHttpFetchesOverlap() {
        List<String> urls = http.slowUrls(FETCHES);
        http.holdUntilTogether(FETCHES);
        ChildJvm.Result r = fetchHttp(urls).run();
        assertOutput(r, expected(urls));
        assertOverlapped(r, http, FETCHES + " platform threads fetching (checks the test server)");
        ItNotes.note("url http without agent", r);
    }

    @Test
    void withoutAgentHttpsFetchesOverlap() {
        List<String> urls = https.slowUrls(FETCHES);
        https.holdUntilTogether(FETCHES);
        ChildJvm.Result r = fetchHttps(urls).run();
        assertOutput(r, expected(urls));
        assertOverlapped(r, https, FETCHES + " platform threads fetching over TLS");
        ItNotes.note("url https without agent", r);
    }

    @Test
    void withoutAgentOpenStream() {
        List<String> urls = http.slowUrls(3);
        ChildJvm.Result r = fetchHttp(urls).sysProp("demo.openStream", "true").run();
        assertOutput(r, expected(urls));
    }

    @Test
    void withoutAgentNotFoundExitsOne() {
        ChildJvm.Result r = fetchHttp(List.of(http.baseUrl() + "/site/nothing")).run();
        assertEquals(1, r.exitCode(), r::describe);
        assertEquals(List.of(http.baseUrl() + "/site/nothing status=404 length=10", "fetched urls=1 ok=0"), r.stdout(),
                r::describe);
    }

    @Test
    void withAgentHttpSameOutputAndFetchesOverlapOnTheHub() {
        AgentGate.requireActive();
        List<String> urls = http.slowUrls(FETCHES);
        http.resetStats();
        ChildJvm.Result plain = fetchHttp(urls).run();
        http.holdUntilTogether(FETCHES);
        ChildJvm.Result green = fetchHttp(urls).agent(true).run();
        Differential.assertSame(plain, green);
        assertOutput(green, expected(urls));
        assertAllOnHub(green, "fetch_thread", FETCHES);
        assertOverlapped(green, http, FETCHES + " fetches of " + DELAY.toMillis() + " ms on one hub");
        ItNotes.note("url http with agent", green);
    }

    @Test
    void withAgentHttpsSameOutputAndFetchesOverlapOnTheHub() {
        AgentGate.requireActive();
        List<String> urls = https.slowUrls(FETCHES);
        https.resetStats();
        ChildJvm.Result plain = fetchHttps(urls).run();
        https.holdUntilTogether(FETCHES);
        ChildJvm.Result green = fetchHttps(urls).agent(true).run();
        Differential.assertSame(plain, green);
        assertOutput(green, expected(urls));
        assertAllOnHub(green, "fetch_thread", FETCHES);
        assertOverlapped(green, https, FETCHES + " HTTPS fetches of " + DELAY.toMillis() + " ms on one hub");
        ItNotes.note("url https with agent", green);
    }

    @Test
    void withAgentOpenStreamAndErrorsSameOutput() {
        AgentGate.requireActive();
        List<String> urls = new ArrayList<>(http.slowUrls(3));
        Differential.run(fetchHttp(urls).sysProp("demo.openStream", "true")).green().assertOk();
        urls.add(http.baseUrl() + "/site/nothing");
        Differential.Runs runs = Differential.run(fetchHttp(urls));
        assertEquals(1, runs.green().exitCode(), runs.green()::describe);
    }
}
