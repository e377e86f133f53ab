package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketInterruptTest {

    @Test
    void interruptEndsAFibersBlockedSocketReadAsOnAVirtualThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Fiber<String> reader = Green.spawn(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    socket.getInputStream().read(); // the peer never writes
                    return "read returned";
                } catch (SocketException e) {
                    return "SocketException, interrupted=" + Thread.currentThread().isInterrupted()
                            + ", on hub=" + Thread.currentThread().toString().endsWith("@green-hub");
                }
            });
            try (Socket peer = server.accept()) {
                while (reader.thread().getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
                reader.thread().interrupt();
                assertEquals("SocketException, interrupted=true, on hub=true", reader.get());
                assertEquals(-1, peer.getInputStream().read(), "the interrupt closed the reader's socket");
            }
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket[] client = new Socket[1];
            Fiber<String> reader = Green.spawn(() -> {
                client[0] = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                try {
                    return "read " + client[0].getInputStream().read();
                } catch (SocketException e) {
                    return "closed: " + e.getMessage();
                }
            });
            try (Socket peer = server.accept()) {
                while (reader.thread().getState() != Thread.State.WAITING) {
                    Thread.sleep(1);
                }
                client[0].close();
                String outcome = reader.get();
                assertTrue(outcome.startsWith("closed: "), outcome);
            }
        }
    }
}
