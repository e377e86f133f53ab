package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SocketInterruptTest {

    @Test
    void interruptEndsAFibersBlockedSocketReadAsOnAVirtualThread() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> connected = new CompletableFuture<>();
            Fiber<String> reader = Green.spawn(() -> {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    connected.complete(null);
                    socket.getInputStream().read(); // the peer never writes
                    return "read returned";
                } catch (SocketException e) {
                    return "SocketException, interrupted=" + Thread.currentThread().isInterrupted()
                            + ", on hub=" + Thread.currentThread().toString().endsWith("@green-hub");
                }
            });
            try (Socket peer = server.accept()) {
                connected.get();
                awaitWaiting(reader);
                reader.thread().interrupt();
                assertEquals("SocketException, interrupted=true, on hub=true", reader.get());
                assertEquals(-1, peer.getInputStream().read(), "the interrupt closed the reader's socket");
            }
        }
    }

    @Test
    void closeFromAnotherThreadWakesABlockedReader() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> connected = new CompletableFuture<>();
            Fiber<String> reader = Green.spawn(() -> {
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                connected.complete(client);
                try {
                    return "read " + client.getInputStream().read();
                } catch (SocketException e) {
                    return "closed: " + e.getMessage();
                }
            });
            try (Socket peer = server.accept()) {
                Socket client = connected.get();
                awaitWaiting(reader);
                client.close();
                String outcome = reader.get();
                assertTrue(outcome.startsWith("closed: "), outcome);
            }
        }
    }

    private static void awaitWaiting(Fiber<?> fiber) throws InterruptedException {
        while (fiber.thread().getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
    }
}
