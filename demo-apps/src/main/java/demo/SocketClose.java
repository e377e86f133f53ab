package demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

/**
 * Closing sockets that threads are blocked on, as a server does when it shuts down: a handler
 * thread blocks reading its connection, and another thread closes that socket; then the client,
 * whose peer is gone, writes until the kernel tells it so. Each close must be quick and wake the
 * reader, and the client's writes must fail soon after.
 *
 * <p>Usage: {@code demo.SocketClose [rounds=5]}. Prints how each round ended; reports
 * {@code close_us} per close, {@code peer_writes} (writes that succeeded after the close) and
 * {@code peer_failed_after_ms}, and the names of the platform threads alive at the end
 * ({@code platform_threads}).
 */
public final class SocketClose {

    public static void main(String[] args) throws Exception {
        int rounds = new Args(args).intValue("rounds", 5);
        InetAddress loopback = InetAddress.getLoopbackAddress();
        Thread rounder = new Thread(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, loopback)) {
                for (int i = 0; i < rounds; i++) {
                    round(server, loopback, i);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "rounds");
        rounder.start();
        rounder.join();
        Set<String> platform = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            platform.add(t.getName());
        }
        Report.line("platform_threads", platform);
        System.out.println("done");
    }

    private static void round(ServerSocket server, InetAddress loopback, int i) throws Exception {
        try (Socket client = new Socket(loopback, server.getLocalPort())) {
            Socket accepted = server.accept();
            CountDownLatch reading = new CountDownLatch(1);
            String[] ended = new String[1];
            Thread handler = new Thread(() -> {
                reading.countDown();
                try (InputStream in = accepted.getInputStream()) {
                    ended[0] = "read " + in.read();
                } catch (IOException e) {
                    ended[0] = e.getClass().getSimpleName() + ": " + e.getMessage();
                }
            }, "handler-" + i);
            handler.start();
            reading.await();
            Thread.sleep(50); // blocked in the read by now
            long closeStart = System.nanoTime();
            accepted.close();
            Report.line("close_us", (System.nanoTime() - closeStart) / 1000);
            handler.join();
            System.out.println("round " + i + ": handler " + ended[0]);

            long failStart = System.nanoTime();
            int writes = 0;
            OutputStream out = client.getOutputStream();
            try {
                for (; writes < 10_000; writes++) {
                    out.write(new byte[100]);
                    out.flush();
                    Thread.sleep(1);
                }
                System.out.println("round " + i + ": the client could write to a closed peer");
            } catch (IOException e) {
                System.out.println("round " + i + ": client write failed");
            }
            Report.line("peer_writes", writes);
            Report.line("peer_failed_after_ms", (System.nanoTime() - failStart) / 1_000_000);
        }
    }
}
