package clientapps;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;

/**
 * Undertow (XNIO on NIO): one HTTP listener on 127.0.0.1 and a free port, the handler wrapped in a
 * {@code BlockingHandler} (dispatched from the I/O threads to the worker pool, where it blocks: it
 * sleeps); then {@link ServerLoad#httpClients} against it. The worker pool is sized to the clients:
 * Undertow's default is 8 per I/O thread, 16 on two cores, which would cap the concurrency there.
 *
 * <p>Usage: {@code UndertowServer <clients> <sleepMillis>}. Prints the clients' answers and {@code done};
 * exits 1 unless every client got its answer.
 */
public final class UndertowServer {
    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        ServerLoad.sleepMillis(Long.parseLong(args[1]));
        ServerLoad.quietLogging();
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(2)
                .setWorkerThreads(clients)
                .setHandler(new BlockingHandler(new WorkHandler()))
                .build();
        server.start();
        boolean ok;
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            ok = ServerLoad.httpClients(port, clients);
        } finally {
            server.stop();
        }
        System.out.println("done");
        if (!ok) {
            System.exit(1);
        }
    }

    static final class WorkHandler implements HttpHandler {
        @Override
        public void handleRequest(HttpServerExchange exchange) {
            String body = ServerLoad.handle(exchange.getRequestPath());
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
            exchange.getResponseSender().send(body);
        }
    }
}
