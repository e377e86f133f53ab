package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertElapsedBelow;
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
 * {@code -Djavax.net.ssl.trustStore}). Sequential fetching would take 10 s; concurrent, about 0.5 s.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class UrlFetchIT {
    private static final int FETCHES = 20;
    private static final Duration DELAY = Duration.ofMillis(500);
    /** XXX: 3 × the delay: the fetches overlap, with room for JVM warm-up. Sequential would be 10 s. */
    private static final long LIMIT_MILLIS = 1500;
    /**
     * XXX: over TLS a cold JVM's first handshake alone costs ~0.8 s on these 2-core machines (measured:
     * 1 fetch 1337 ms, 20 fetches 1574 ms with platform threads), so HTTPS gets 1 s on top of the
     * program's own time for one fetch, measured in the same configuration just before.
     */
    private static final long HTTPS_EXTRA_MILLIS = 1000;

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

    /**
     * The server had at least half the fetches in flight at once (not all: TLS handshakes of a cold JVM
     * spread the arrivals), and the program took about one delay, not twenty.
     */
    static void assertOverlapped(ChildJvm.Result r, TestHttpServer server, long limitMillis, String what) {
        int maxInFlight = server.maxInFlight();
        assertTrue(maxInFlight >= FETCHES / 2, () -> what + ": the server had at most " + maxInFlight
                + " of " + FETCHES + " requests at once\n" + r.describe());
        assertElapsedBelow(r, limitMillis, what + " must overlap");
    }

    /** {@link #HTTPS_EXTRA_MILLIS} more than one HTTPS fetch takes in this configuration. */
    static long httpsLimitMillis(boolean agent) {
        ChildJvm.Result one = fetchHttps(https.slowUrls(1)).agent(agent).run();
        assertOutput(one, expected(https.slowUrls(1)));
        return Math.max(LIMIT_MILLIS, one.reportedElapsedMillis() + HTTPS_EXTRA_MILLIS);
    }

    @Test
    void withoutAgentHttpFetchesOverlap() {
        List<String> urls = http.slowUrls(FETCHES);
        http.resetStats();
        ChildJvm.Result r = fetchHttp(urls).run();
        assertOutput(r, expected(urls));
        assertOverlapped(r, http, LIMIT_MILLIS, FETCHES + " platform threads fetching (checks the test server)");
    }

    @Test
    void withoutAgentHttpsFetchesOverlap() {
        long limitMillis = httpsLimitMillis(false);
        List<String> urls = https.slowUrls(FETCHES);
        https.resetStats();
        ChildJvm.Result r = fetchHttps(urls).run();
        assertOutput(r, expected(urls));
        assertOverlapped(r, https, limitMillis, FETCHES + " platform threads fetching over TLS");
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
        ChildJvm.Result plain = fetchHttp(urls).run();
        http.resetStats();
        ChildJvm.Result green = fetchHttp(urls).agent(true).run();
        Differential.assertSame(plain, green);
        assertOutput(green, expected(urls));
        assertAllOnHub(green, "fetch_thread", FETCHES);
        assertOverlapped(green, http, LIMIT_MILLIS, FETCHES + " fetches of " + DELAY.toMillis() + " ms on one hub");
    }

    @Test
    void withAgentHttpsSameOutputAndFetchesOverlapOnTheHub() {
        AgentGate.requireActive();
        long limitMillis = httpsLimitMillis(true);
        List<String> urls = https.slowUrls(FETCHES);
        ChildJvm.Result plain = fetchHttps(urls).run();
        https.resetStats();
        ChildJvm.Result green = fetchHttps(urls).agent(true).run();
        Differential.assertSame(plain, green);
        assertOutput(green, expected(urls));
        assertAllOnHub(green, "fetch_thread", FETCHES);
        assertOverlapped(green, https, limitMillis, FETCHES + " HTTPS fetches of " + DELAY.toMillis() + " ms on one hub");
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
