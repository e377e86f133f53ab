// Not in a green.* package: the agent never rewrites classes under green/ (its own runtime), so the
// benchmark programs would stay unpatched there.
package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The seeds' echo server, thread per connection, plain blocking {@code java.net} code.
 * {@code java EchoServer PORT thread|virtual|green}.
 */
public final class EchoServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Spawner spawner = Spawner.of(args.length > 1 ? args[1] : "thread");
        spawner.runMain(() -> serve(port, spawner));
    }

    static void serve(int port, Spawner spawner) throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress("127.0.0.1", port), 4096);
            System.out.println("echo listening on " + port + " (" + spawner.name().toLowerCase() + ")");
            while (true) {
                Socket socket = listener.accept();
                spawner.start(() -> handle(socket));
            }
        }
    }

    static void handle(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
