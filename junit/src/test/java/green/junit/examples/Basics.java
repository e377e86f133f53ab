package green.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.Green;
import green.Monkey;
import green.junit.GreenTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Run by GreenTestTest through the engine test kit. */
public class Basics {

    @GreenTest
    void theBodyIsAFiberOfTheHubWithTheBootstrapRuntime() {
        Thread self = Thread.currentThread();
        assertTrue(self.isVirtual() && (self.toString().endsWith("@green-hub") || self.toString().contains("@green-relief-")), self.toString());
        assertTrue(self.getName().startsWith("@GreenTest Basics."), self.getName());
        assertNull(Green.class.getClassLoader(), "green.Green from the bootstrap loader");
        assertTrue(Monkey.isPatched("sleep") && Monkey.isPatched("poll") && Monkey.isPatched("thread"), Monkey.patched()::toString);
    }

    @GreenTest
    void socketsWaitOnTheHub() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String[] handlerRanOn = new String[1];
            Thread handler = new Thread(() -> {
                try (Socket s = server.accept();
                     BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                     PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
                    handlerRanOn[0] = Thread.currentThread().toString();
                    out.println("echo " + in.readLine());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            handler.start();
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
                out.println("hello");
                assertEquals("echo hello", in.readLine());
            }
            handler.join();
            // on the hub: its own thread, or a relief thread while an earlier test's spinner still holds that one
            assertTrue(handlerRanOn[0].endsWith("@green-hub") || handlerRanOn[0].contains("@green-relief-"), handlerRanOn[0]);
        }
    }

    @GreenTest
    void anAssertionInTheBodyFailsAsItself() {
        assertEquals(1, 2, "the body's own assertion");
    }
}
