package demo;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * How blocking socket waits end, one case a line: a read time-out, an accept time-out, a close
 * from another thread, and an interrupt (a platform thread blocked in a socket read does not
 * notice it: the read goes on, and the flag is still set when it returns).
 *
 * <p>Usage: {@code demo.SocketSemantics}. Prints one line per case, then {@code socket cases done}.
 */
public final class SocketSemantics {

    public static void main(String[] args) throws Exception {
        // in a thread of its own, so that under an agent every case runs on a converted thread
        Thread cases = new Thread(() -> {
            Report.thread("cases_thread");
            try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                readTimeout(server);
                acceptTimeout();
                closeFromAnotherThread(server);
                interruptDuringRead(server);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cases.start();
        cases.join();
        System.out.println("socket cases done");
    }

    private static void readTimeout(ServerSocket server) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            client.setSoTimeout(200);
            String outcome;
            try {
                outcome = "read " + client.getInputStream().read();
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            System.out.println("read timeout -> " + outcome + ", socket closed=" + client.isClosed());
        }
    }

    private static void acceptTimeout() throws Exception {
        try (ServerSocket idle = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            idle.setSoTimeout(150);
            String outcome;
            try {
                outcome = "accepted " + idle.accept();
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            System.out.println("accept timeout -> " + outcome);
        }
    }

    private static void closeFromAnotherThread(ServerSocket server) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            String[] outcome = new String[1];
            Thread reader = new Thread(() -> outcome[0] = readOnce(client));
            reader.start();
            Thread.sleep(200); // the reader is blocked in read by now
            client.close();
            reader.join();
            System.out.println("close from another thread -> " + outcome[0]);
        }
    }

    private static void interruptDuringRead(ServerSocket server) throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
             Socket peer = server.accept()) {
            String[] outcome = new String[1];
            Thread reader = new Thread(() -> {
                String read = readOnce(client);
                outcome[0] = read + ", interrupted=" + Thread.currentThread().isInterrupted()
                        + ", socket closed=" + client.isClosed();
            });
            reader.start();
            Thread.sleep(200);
            reader.interrupt();
            Thread.sleep(200); // a platform thread is still reading
            peer.getOutputStream().write('x');
            peer.getOutputStream().flush();
            reader.join();
            System.out.println("interrupt during read -> " + outcome[0]);
        }
    }

    private static String readOnce(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return "read " + in.read();
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }
}
