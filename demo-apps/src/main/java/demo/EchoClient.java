package demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens C concurrent connections to an echo server, one {@code new Thread} each; every connection sends
 * K lines and checks each echo. All connections are open at the same time: each thread connects, waits
 * until all have connected, talks, waits until all are done, holds the connection {@code hold} ms more
 * and closes.
 *
 * <p>Usage: {@code demo.EchoClient port=P [clients=10] [lines=10] [hold=0]}. Prints
 * {@code ok clients=C lines=K} and exits 0, or prints {@code FAILED ...} and exits 1.
 */
public final class EchoClient {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = args.intValue("port", -1);
        int clients = args.intValue("clients", 10);
        int linesPerClient = args.intValue("lines", 10);
        int holdMillis = args.intValue("hold", 0);
        if (port <= 0) {
            System.err.println("usage: demo.EchoClient port=P [clients=10] [lines=10] [hold=0]");
            System.exit(2);
        }
        long startNanos = System.nanoTime();
        CountDownLatch connected = new CountDownLatch(clients);
        CountDownLatch finished = new CountDownLatch(clients);
        AtomicInteger failures = new AtomicInteger();
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try {
                    talk(id, port, linesPerClient, holdMillis, connected, finished);
                } catch (Exception e) {
                    failures.incrementAndGet();
                    errors.add("client " + id + ": " + e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        Report.elapsedSince(startNanos);
        if (failures.get() > 0) {
            errors.stream().sorted().limit(5).forEach(System.err::println);
            System.out.println("FAILED clients=" + clients + " failures=" + failures.get());
            System.exit(1);
        }
        System.out.println("ok clients=" + clients + " lines=" + linesPerClient);
    }

    /** Counts down each latch exactly once, failed or not, so one failure cannot hang the others. */
    private static void talk(int id, int port, int lines, int holdMillis,
                             CountDownLatch connected, CountDownLatch finished) throws Exception {
        Socket socket;
        try {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
        } catch (IOException e) {
            finished.countDown();
            throw e;
        } finally {
            connected.countDown();
        }
        try (socket) {
            try {
                socket.setSoTimeout(60_000);
                await(connected);
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
                for (int i = 0; i < lines; i++) {
                    String sent = "client " + id + " line " + i;
                    out.println(sent);
                    String echoed = in.readLine();
                    if (!sent.equals(echoed)) {
                        throw new IOException("sent '" + sent + "' but got '" + echoed + "'");
                    }
                }
            } finally {
                finished.countDown();
            }
            await(finished);
            if (holdMillis > 0) {
                Thread.sleep(holdMillis);
            }
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException, IOException {
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new IOException("timed out waiting for the other clients");
        }
    }
}
