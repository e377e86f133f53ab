package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertElapsedBelow;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clientapps.HttpLoad;
import clientapps.PinnedInit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Apache HttpClient 5 classic and the JDK {@code java.net.http.HttpClient} (synchronous {@code send}),
 * {@link HttpLoad}: 20 concurrent GETs over HTTP and HTTPS (self-signed certificate from keytool) from a
 * {@link TestHttpServer} that delays every answer 500 ms; without and with the agent, same output, all
 * fetching threads on the hub, done in about one delay. {@code HttpURLConnection}/{@code HttpsURLConnection}
 * are covered the same way by {@link UrlFetchIT}; here they also run inside a class initializer
 * ({@link PinnedInit}, a pinned fiber) next to other requests.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class HttpClientsIT {
    static final int FETCHES = 20;
    static final Duration DELAY = Duration.ofMillis(500);
    /** XXX: as UrlFetchIT: 3 × the delay; sequential would be 10 s. */
    static final long LIMIT_MILLIS = 1500;
    /** XXX: as UrlFetchIT: a cold JVM's TLS handshakes cost ~1 s here; the reference run without the agent may take this much more. */
    static final long HTTPS_EXTRA_MILLIS = 1000;
    /**
     * XXX: under the agent the 20 handshakes' crypto of a cold JVM runs on the one hub thread instead of two
     * cores: measured 1.1-2.5 s with the agent against 1.1-1.5 s without (5 runs each), so HTTPS with the
     * agent may take this much more than the run without it. Sequential fetching would still take 10 s.
     */
    static final long HTTPS_GREEN_EXTRA_MILLIS = 2000;

    @TempDir
    static Path tmp;
    static SelfSignedTls tls;
    static TestHttpServer http;
    static TestHttpServer https;
    static final Map<String, ChildJvm.Result> plain = new HashMap<>();

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

    static synchronized ChildJvm.Result plain(String key, Supplier<ChildJvm.Result> run) {
        return plain.computeIfAbsent(key, k -> run.get());
    }

    static TestHttpServer server(String scheme) {
        return scheme.equals("https") ? https : http;
    }

    static ChildJvm load(String client, String scheme) {
        ChildJvm c = ChildJvm.testMain(HttpLoad.class).args(client).args(server(scheme).slowUrls(FETCHES))
                .timeout(Duration.ofSeconds(90));
        return scheme.equals("https") ? c.jvmArgs(tls.clientJvmArgs()) : c;
    }

    static List<String> expectedLoad(String scheme) {
        List<String> lines = new ArrayList<>();
        for (String url : server(scheme).slowUrls(FETCHES)) {
            lines.add(url + " status=200 body=slow " + url.substring(url.indexOf("/slow/")));
        }
        lines.add("fetched urls=" + FETCHES + " ok=" + FETCHES);
        return lines;
    }

    static ChildJvm pinned() {
        return ChildJvm.testMain(PinnedInit.class).args("http", http.baseUrl(), "4").timeout(Duration.ofSeconds(90));
    }

    static List<String> expectedPinned() {
        List<String> lines = new ArrayList<>(List.of("initializer: 200 slow /slow/initializer"));
        for (int i = 0; i < 4; i++) {
            lines.add("other " + i + ": 200 slow /slow/other-" + i);
        }
        lines.add("done");
        return lines;
    }

    static void assertOverlapped(ChildJvm.Result r, TestHttpServer server, long limitMillis, String what) {
        int maxInFlight = server.maxInFlight();
        assertTrue(maxInFlight >= FETCHES / 2, () -> what + ": the server had at most " + maxInFlight + " of "
                + FETCHES + " requests at once\n" + r.describe());
        assertElapsedBelow(r, limitMillis, what + " must overlap");
    }

    /** The reference run without the agent (made once per client and scheme), checked on its own. */
    static ChildJvm.Result reference(String client, String scheme) {
        return plain(client + "-" + scheme, () -> {
            server(scheme).resetStats();
            ChildJvm.Result r = load(client, scheme).run();
            assertOutput(r, expectedLoad(scheme));
            assertOverlapped(r, server(scheme), scheme.equals("https") ? LIMIT_MILLIS + HTTPS_EXTRA_MILLIS : LIMIT_MILLIS,
                    FETCHES + " platform threads with " + client + " over " + scheme);
            return r;
        });
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"apache, http", "apache, https", "jdk, http", "jdk, https"})
    void withoutAgentFetchesOverlap(String client, String scheme) {
        ItNotes.note(client + " " + scheme + " without agent", reference(client, scheme));
    }

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"apache, http", "apache, https", "jdk, http", "jdk, https"})
    void withAgentSameOutputFetchesOverlapOnTheHub(String client, String scheme) {
        AgentGate.requireActive();
        ChildJvm.Result ref = reference(client, scheme);
        server(scheme).resetStats();
        ChildJvm.Result green = load(client, scheme).agent(true).run();
        Differential.assertSame(ref, green);
        assertOutput(green, expectedLoad(scheme));
        assertAllOnHub(green, "fetch_thread", FETCHES);
        long limit = scheme.equals("https") ? Math.max(LIMIT_MILLIS, ref.reportedElapsedMillis() + HTTPS_GREEN_EXTRA_MILLIS)
                : LIMIT_MILLIS;
        assertOverlapped(green, server(scheme), limit, FETCHES + " " + client + " fetches of " + DELAY.toMillis()
                + " ms over " + scheme + " on one hub");
        ItNotes.note(client + " " + scheme + " with agent", green);
    }

    @Test
    void withoutAgentRequestInClassInitializer() {
        ChildJvm.Result r = plain("pinned", () -> pinned().run());
        assertOutput(r, expectedPinned());
        ItNotes.note("http pinned without agent", r);
    }

    @Test
    void withAgentRequestInClassInitializerDoesNotDeadlockTheHub() {
        AgentGate.requireActive();
        ChildJvm.Result ref = plain("pinned", () -> pinned().run());
        ChildJvm.Result green = pinned().agent(true).run();
        Differential.assertSame(ref, green);
        assertOutput(green, expectedPinned());
        assertAllOnHub(green, "init_thread", 1);
        assertAllOnHub(green, "other_thread", 4);
        ItNotes.note("http pinned with agent", green);
    }
}
