package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class StreamServerTest {

    private static void echo(Socket socket, Set<String> handlerThreads) throws Exception {
        handlerThreads.add(Thread.currentThread().toString().replaceAll(".*@", "@"));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        for (String line; (line = in.readLine()) != null; ) {
            out.println(line);
        }
    }

    @Test
    void echoServerServesTwoHundredConcurrentClients() throws Exception {
        Set<String> handlerThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger maxConnections = new AtomicInteger();
        StreamServer server = new StreamServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                socket -> echo(socket, handlerThreads)).start();
        int clients = 200;
        CountDownLatch allConnected = new CountDownLatch(clients);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int id = i;
                replies.add(pool.submit(() -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                        out.println("hello " + id);
                        String first = in.readLine();
                        allConnected.countDown();
                        allConnected.await(); // every client holds its connection open at once
                        maxConnections.accumulateAndGet(server.connections(), Math::max);
                        out.println("bye " + id);
                        return first + "|" + in.readLine();
                    }
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertEquals("hello " + i + "|bye " + i, replies.get(i).get());
            }
        } finally {
            pool.shutdownNow();
            server.stop(Duration.ofSeconds(5));
        }
        assertEquals(clients, maxConnections.get(), "all clients were connected at the same time");
        assertEquals(Set.of("@green-hub"), handlerThreads);
    }

    @Test
    void aPoolBoundLimitsConcurrentHandlersAndStopKillsTheRest() throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        StreamServer server = new StreamServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), socket -> {
            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            try {
                Green.sleep(Duration.ofSeconds(30));
            } finally {
                inside.decrementAndGet();
            }
        }, 2).start();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                sockets.add(new Socket(InetAddress.getLoopbackAddress(), server.port()));
            }
            Thread.sleep(200);
            assertEquals(2, maxInside.get());
            assertEquals(2, server.connections());
        } finally {
            server.stop(Duration.ofMillis(50));
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertEquals(0, inside.get(), "stop killed the handlers after the grace period");
        assertTrue(server.connections() == 0);
    }
}
