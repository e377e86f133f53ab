package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * The seeds' echo server, thread per connection, plain blocking {@code java.net} code.
 * {@code java EchoServer PORT thread|virtual|green}.
 */
public final class EchoServer {

    public static void main(String[] args) throws Exception {
        ThreadPerConnection.serve("echo", args, EchoServer::handle);
    }

    static void handle(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // the client went away
        }
    }
}
