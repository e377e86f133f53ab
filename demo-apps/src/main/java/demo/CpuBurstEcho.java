package demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A thread-per-connection echo server where one request is expensive: a byte {@code 'c'} makes its
 * handler compute for {@code burstMs} before it answers. A pinging client sends a byte every 10 ms
 * on its own connection meanwhile and measures each round trip; on platform threads the burst runs
 * on its own core and the pings do not notice it.
 *
 * <p>Usage: {@code demo.CpuBurstEcho [burstMs=3000]}. Prints the outcome of both clients, then
 * {@code done}; reports {@code max_rtt_ms} (the pinging client's longest round trip while the
 * burst ran) and {@code pings}.
 */
public final class CpuBurstEcho {

    public static void main(String[] args) throws Exception {
        int burstMillis = new Args(args).intValue("burstMs", 3000);
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> serve(server, burstMillis), "acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            try (Socket burst = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 Socket ping = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                ping.setTcpNoDelay(true);
                exchange(ping, 'p'); // connected and served before the burst starts
                long burstStart = System.nanoTime();
                burst.getOutputStream().write('c');
                long maxRttNanos = 0;
                int pings = 0;
                InputStream burstIn = burst.getInputStream();
                while (burstIn.available() == 0 && System.nanoTime() - burstStart < (burstMillis + 30_000) * 1_000_000L) {
                    long sent = System.nanoTime();
                    exchange(ping, 'p');
                    maxRttNanos = Math.max(maxRttNanos, System.nanoTime() - sent);
                    pings++;
                    Thread.sleep(10);
                }
                System.out.println("burst client got: " + (char) burstIn.read());
                System.out.println("pinging client went on pinging during the burst: " + (pings > 0));
                Report.line("max_rtt_ms", maxRttNanos / 1_000_000);
                Report.line("pings", pings);
            }
        }
        System.out.println("done");
    }

    private static void exchange(Socket socket, char c) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(c);
        out.flush();
        if (socket.getInputStream().read() != c) {
            throw new IllegalStateException("bad echo");
        }
    }

    private static void serve(ServerSocket server, int burstMillis) {
        try {
            for (;;) {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client, burstMillis), "handler");
                handler.setDaemon(true);
                handler.start();
            }
        } catch (Exception e) {
            // the server socket closed: the program is done
        }
    }

    private static void handle(Socket client, int burstMillis) {
        try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
            for (int c; (c = in.read()) >= 0; ) {
                if (c == 'c') {
                    compute(burstMillis);
                }
                out.write(c);
                out.flush();
            }
        } catch (Exception e) {
            // the client went away
        }
    }

    /** Pure CPU work for about {@code millis}: nothing a hub could take. */
    private static long compute(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
        }
        return x;
    }
}
