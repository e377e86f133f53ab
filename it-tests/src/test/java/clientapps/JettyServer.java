package clientapps;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12 with a core {@code Handler} (no servlets): a {@code ServerConnector} on 127.0.0.1 and a free
 * port, the default {@code QueuedThreadPool} (up to 200 threads), and a blocking handler (it sleeps;
 * {@code Handler.Abstract} declares itself blocking, so Jetty runs it on a pool thread, never on a
 * selector thread); then {@link ServerLoad#httpClients} against it.
 *
 * <p>Usage: {@code JettyServer <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class JettyServer {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        ServerLoad.quietLogging();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new WorkHandler());
        server.start();
        boolean ok;
        try {
            ok = ServerLoad.httpClients(connector.getLocalPort(), clients);
        } finally {
            server.stop();
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    static final class WorkHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String body = ServerLoad.handle(request.getHttpURI().getPath());
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            Content.Sink.write(response, true, body, callback);
            return true;
        }
    }
}
