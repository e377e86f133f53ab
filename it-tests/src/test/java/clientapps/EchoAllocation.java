package clientapps;

import demo.Report;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CyclicBarrier;

/**
 * A thread-per-connection echo server and its clients in one JVM, 16-byte round trips over
 * loopback, reporting how many bytes the whole JVM allocated per round trip in the last of three
 * equal rounds (the first two warm the JIT up). Args: connections, round trips per round.
 * Prints {@code echoed <n>}.
 */
public final class EchoAllocation {
    private EchoAllocation() {
    }

    public static void main(String[] args) throws Exception {
        int connections = Integer.parseInt(args[0]);
        int perRound = Integer.parseInt(args[1]) / connections * connections;
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] marks = new long[4];
        int[] round = {0};
        CyclicBarrier barrier = new CyclicBarrier(connections, () -> marks[round[0]++] = mx.getTotalThreadAllocatedBytes());
        try (ServerSocket listener = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> serve(listener, connections), "acceptor");
            acceptor.start();
            Thread[] clients = new Thread[connections];
            for (int c = 0; c < connections; c++) {
                clients[c] = new Thread(() -> talk(listener.getLocalPort(), perRound / connections, barrier), "client-" + c);
                clients[c].start();
            }
            for (Thread client : clients) {
                client.join();
            }
            acceptor.join();
        }
        System.out.println("echoed " + 3 * perRound);
        Report.line("bytes_per_round_trip", String.format("%.2f", (double) (marks[3] - marks[2]) / perRound));
    }

    private static void serve(ServerSocket listener, int connections) {
        try {
            for (int c = 0; c < connections; c++) {
                Socket socket = listener.accept();
                new Thread(() -> echo(socket), "handler-" + c).start();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void echo(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[64];
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void talk(int port, int roundTrips, CyclicBarrier barrier) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] message = new byte[16];
            for (int r = 0; r < 3; r++) {
                barrier.await();
                for (int i = 0; i < roundTrips; i++) {
                    out.write(message);
                    if (in.readNBytes(message, 0, message.length) != message.length) {
                        throw new IOException("the server hung up");
                    }
                }
            }
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
