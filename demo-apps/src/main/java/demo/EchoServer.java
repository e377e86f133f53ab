package demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classic thread-per-client echo server: an accept loop that starts {@code new Thread(handler)}
 * for every client, each echoing lines over blocking {@link Socket} streams.
 *
 * <p>Usage: {@code demo.EchoServer [port=0] [clients=0]}. The first stdout line is
 * {@code listening <port>}. With {@code clients=N > 0} the server stops accepting after N clients,
 * waits for their handlers and prints {@code served clients=N lines=L}; with 0 it runs until killed.
 */
public final class EchoServer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = args.intValue("port", 0);
        int maxClients = args.intValue("clients", 0);
        long startNanos = System.nanoTime();
        AtomicLong lines = new AtomicLong();
        List<Thread> handlers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress())) {
            System.out.println("listening " + server.getLocalPort());
            System.out.flush();
            for (int accepted = 0; maxClients == 0 || accepted < maxClients; accepted++) {
                handlers.add(startHandler(server.accept(), lines));
            }
        }
        for (Thread handler : handlers) {
            handler.join();
        }
        Report.elapsedSince(startNanos);
        System.out.println("served clients=" + maxClients + " lines=" + lines.get());
    }

    /** One thread per client, started in a method of its own (a method entered once per client). */
    private static Thread startHandler(Socket client, AtomicLong lines) {
        Thread handler = new Thread(() -> serve(client, lines));
        handler.start();
        return handler;
    }

    private static void serve(Socket client, AtomicLong lines) {
        Report.thread("handler_thread");
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                lines.incrementAndGet();
            }
        } catch (IOException e) {
            System.err.println("handler failed: " + e);
        }
    }
}
