package bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * The accept loop of the blocking benchmark servers: a {@code ServerSocket} on 127.0.0.1 and one
 * task per connection, started the way the {@link Spawner} named by the second argument starts it.
 * Called from a server's {@code main}.
 */
final class ThreadPerConnection {

    private ThreadPerConnection() {
    }

    /** {@code args}: PORT [thread|virtual|green]. Prints "KIND listening on PORT" once bound. */
    static void serve(String kind, String[] args, Consumer<Socket> handler) throws Exception {
        int port = Integer.parseInt(args[0]);
        Spawner spawner = Spawner.of(args.length > 1 ? args[1] : "thread");
        spawner.runMain(() -> acceptLoop(kind, port, spawner, handler));
    }

    private static void acceptLoop(String kind, int port, Spawner spawner, Consumer<Socket> handler) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            System.out.println(kind + " listening on " + port + " (" + spawner.name().toLowerCase() + ")");
            while (true) {
                Socket socket = listener.accept();
                spawner.start(() -> handler.accept(socket));
            }
        }
    }
}
