package demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Class initializers that wait for another thread of the same program, run from a started thread
 * (not from main): one reads a greeting from a socket that a server thread of the program serves,
 * one waits for a task it gave to a fixed pool. On platform threads both just wait a little.
 *
 * <p>Usage: {@code demo.InitializerWaits}. Prints what each initializer got, then {@code done}.
 */
public final class InitializerWaits {

    static volatile int serverPort;
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    /** Reads a line from the program's own server while it is initialized. */
    static final class Greeting {
        static final String TEXT;

        static {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                 InputStream in = socket.getInputStream()) {
                StringBuilder text = new StringBuilder();
                for (int c; (c = in.read()) != '\n' && c >= 0; ) {
                    text.append((char) c);
                }
                TEXT = text.toString();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /** Waits for a pool task while it is initialized. */
    static final class Computed {
        static final int VALUE;

        static {
            try {
                // a task of another class: a lambda here would be this class's own method, which
                // the pool thread could not run before this initializer ends (a deadlock anywhere)
                VALUE = POOL.submit(InitializerWaits::answer).get();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    static int answer() {
        return 6 * 7;
    }

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            serverPort = server.getLocalPort();
            Thread serving = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    Thread.sleep(50); // the initializer is waiting in its read by now
                    out.write("hello from the server thread\n".getBytes());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "server");
            serving.start();
            String[] seen = new String[2];
            Thread first = new Thread(() -> seen[0] = Greeting.TEXT, "greeting-user");
            Thread second = new Thread(() -> seen[1] = "computed " + Computed.VALUE, "computed-user");
            first.start();
            first.join();
            second.start();
            second.join();
            serving.join();
            System.out.println("socket initializer got: " + seen[0]);
            System.out.println("pool initializer got: " + seen[1]);
        } finally {
            POOL.shutdown();
        }
        System.out.println("done");
    }
}
