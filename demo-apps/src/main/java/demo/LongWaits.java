package demo;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Long waits, one after the other: 100 threads that each sleep 30 s, joined; then in main a 20 s
 * {@code poll} of an empty queue, a 10 s {@code await} of a latch nobody counts down, a 5 s
 * {@code wait} nobody notifies, a socket read with a 15 s timeout from a peer that never writes.
 * 80 s in all, by every clock the program has.
 *
 * <p>Usage: {@code demo.LongWaits}. Prints what the waits returned and whether each clock
 * ({@code System.nanoTime}, {@code System.currentTimeMillis}, {@code Instant.now}) saw at least
 * 80 s pass, then {@code done}. Reports {@code elapsed_ms} (by nanoTime).
 */
public final class LongWaits {

    public static void main(String[] args) throws Exception {
        long startNanos = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        Instant startInstant = Instant.now();
        List<Thread> sleepers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Thread t = new Thread(() -> {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            sleepers.add(t);
        }
        for (Thread t : sleepers) {
            t.join();
        }
        System.out.println("100 sleepers joined");
        System.out.println("poll returned " + new LinkedBlockingQueue<String>().poll(20, TimeUnit.SECONDS));
        System.out.println("await returned " + new CountDownLatch(1).await(10, TimeUnit.SECONDS));
        Object lock = new Object();
        synchronized (lock) {
            lock.wait(5_000);
        }
        System.out.println("wait returned");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket silent = server.accept()) {
            client.setSoTimeout(15_000);
            client.getInputStream().read();
            System.out.println("the read returned: the peer wrote");
        } catch (SocketTimeoutException e) {
            System.out.println("socket read timed out");
        }
        long byNanos = System.nanoTime() - startNanos;
        System.out.println("nanoTime saw >= 80 s: " + (byNanos >= TimeUnit.SECONDS.toNanos(80)));
        System.out.println("currentTimeMillis saw >= 80 s: " + (System.currentTimeMillis() - startMillis >= 80_000));
        System.out.println("Instant.now saw >= 80 s: " + (Duration.between(startInstant, Instant.now()).toSeconds() >= 80));
        Report.line("elapsed_ms", TimeUnit.NANOSECONDS.toMillis(byNanos));
        System.out.println("done");
    }
}
