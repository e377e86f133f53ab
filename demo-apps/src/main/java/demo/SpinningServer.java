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

/**
 * An echo server whose accept loop runs in a thread named "acceptor", beside a thread named
 * "spinner" that, after a while, burns the CPU without blocking: on one hub thread that holds up
 * every client for as long as it spins.
 *
 * <p>Usage: {@code demo.SpinningServer [clients=0] [spinAfter=500] [spinFor=300]}. First stdout line
 * {@code listening <port>}; with {@code clients=N > 0} it stops after N clients and prints
 * {@code served clients=N}, with 0 it runs until killed.
 */
public final class SpinningServer {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int maxClients = args.intValue("clients", 0);
        int spinAfter = args.intValue("spinAfter", 500);
        int spinFor = args.intValue("spinFor", 300);
        List<Thread> handlers = new ArrayList<>();
        ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        System.out.println("listening " + server.getLocalPort());
        System.out.flush();
        Thread acceptor = new Thread(() -> {
            try (server) {
                for (int accepted = 0; maxClients == 0 || accepted < maxClients; accepted++) {
                    Socket client = server.accept();
                    Thread handler = new Thread(() -> serve(client));
                    handler.start();
                    handlers.add(handler);
                }
            } catch (IOException e) {
                System.err.println("acceptor failed: " + e);
            }
        }, "acceptor");
        Thread spinner = new Thread(() -> {
            try {
                Thread.sleep(spinAfter);
            } catch (InterruptedException e) {
                return;
            }
            spin(spinFor);
        }, "spinner");
        acceptor.start();
        spinner.start();
        acceptor.join();
        spinner.join();
        for (Thread handler : handlers) {
            handler.join();
        }
        System.out.println("served clients=" + maxClients);
    }

    /** Keeps the CPU busy for {@code millis}, never blocking. */
    static long spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long rounds = 0;
        while (System.nanoTime() < end) {
            rounds++;
        }
        return rounds;
    }

    private static void serve(Socket client) {
        try (client;
             BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
            }
        } catch (IOException e) {
            System.err.println("handler failed: " + e);
        }
    }
}
