package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo.Crawler: a fixed pool of 4 ({@code submit} + {@code Future.get}) crawling a tiny local site. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrawlerIT {
    static final Map<String, String> SITE = Map.of(
            "/site/index.html", page("a.html", "b.html", "missing.html", "http://example.invalid/x", "c/d.html#top"),
            "/site/a.html", page("b.html", "index.html", "c/d.html"),
            "/site/b.html", page("a.html", "/site/c/e.html"),
            "/site/c/d.html", page("../index.html", "e.html"),
            "/site/c/e.html", page());

    static final List<String> EXPECTED = List.of(
            "visited /site/a.html status=200 links=3",
            "visited /site/b.html status=200 links=2",
            "visited /site/c/d.html status=200 links=2",
            "visited /site/c/e.html status=200 links=0",
            "visited /site/index.html status=200 links=5",
            "visited /site/missing.html status=404 links=0",
            "crawled pages=6");

    static String page(String... links) {
        StringBuilder sb = new StringBuilder("<html><body>\n");
        for (String link : links) {
            sb.append("<a href=\"").append(link).append("\">").append(link).append("</a>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    static ChildJvm crawl(TestHttpServer site) {
        return ChildJvm.demo("Crawler").args(site.baseUrl() + "/site/index.html").timeout(Duration.ofSeconds(60));
    }

    @Test
    void withoutAgentVisitsTheSite() throws Exception {
        try (TestHttpServer site = TestHttpServer.site(Duration.ofMillis(100), SITE)) {
            ChildJvm.Result r = crawl(site).run();
            assertOutput(r, EXPECTED);
            assertTrue(site.maxInFlight() >= 2, () -> "the pool of 4 should fetch a level at once, max in flight "
                    + site.maxInFlight());
        }
    }

    @Test
    void withAgentSameVisitsAndPoolTasksOnTheHub() throws Exception {
        AgentGate.requireActive();
        try (TestHttpServer site = TestHttpServer.site(Duration.ofMillis(100), SITE)) {
            Differential.Runs runs = Differential.run(crawl(site));
            assertOutput(runs.green(), EXPECTED);
            assertAllOnHub(runs.green(), "crawl_thread", 6);
        }
        try (TestHttpServer site = TestHttpServer.site(Duration.ofMillis(100), SITE)) {
            crawl(site).agent(true).run().assertOk();
            assertTrue(site.maxInFlight() >= 2, () -> "under the agent the pool's fibers should fetch a level at once,"
                    + " max in flight " + site.maxInFlight());
        }
    }
}
