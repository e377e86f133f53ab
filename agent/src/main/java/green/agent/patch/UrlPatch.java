package green.agent.patch;

import java.util.List;

/**
 * The {@code url} patch: {@code URL.openConnection()}/{@code openStream()} over HTTP and HTTPS in
 * fibers. It adds no code of its own: connections are sockets ({@code poll}) to resolved names
 * ({@code dns}), so it has taken exactly when both have; its row in the table is the promise that
 * this combination is tested (it-tests' UrlFetchIT).
 *
 * <p>Stateless.
 */
public final class UrlPatch implements Patch {

    @Override
    public String name() {
        return "url";
    }

    @Override
    public List<String> requires() {
        return List.of("poll", "dns");
    }

    @Override
    public String mechanism() {
        return "HttpURLConnection and HttpsURLConnection ride on poll and dns";
    }
}
