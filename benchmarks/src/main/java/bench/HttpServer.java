package bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 keep-alive hello world, thread per connection: reads requests
 * (headers only, no bodies), answers each with 200 "Hello, World!". Pipelined requests in one
 * read are answered in order. {@code java HttpServer PORT thread|virtual|green}.
 */
public final class HttpServer {

    static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
            + "Connection: keep-alive\r\n\r\nHello, World!").getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        ThreadPerConnection.serve("http", args, HttpServer::handle);
    }

    static void handle(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buf = new byte[8192];
            int filled = 0;
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n <= 0) {
                    return;
                }
                filled += n;
                int start = 0;
                int end;
                int answered = 0;
                while ((end = headersEnd(buf, start, filled)) >= 0) {
                    answered++;
                    start = end;
                }
                if (answered == 1) {
                    out.write(RESPONSE);
                } else if (answered > 1) {
                    byte[] many = new byte[RESPONSE.length * answered];
                    for (int i = 0; i < answered; i++) {
                        System.arraycopy(RESPONSE, 0, many, i * RESPONSE.length, RESPONSE.length);
                    }
                    out.write(many);
                }
                System.arraycopy(buf, start, buf, 0, filled - start);
                filled -= start;
                if (filled == buf.length) {
                    return; // headers larger than 8 KiB: not a client of this benchmark
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The index just past the first "\r\n\r\n" in buf[from, to), or -1. */
    static int headersEnd(byte[] buf, int from, int to) {
        for (int i = from; i + 3 < to; i++) {
            if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                return i + 4;
            }
        }
        return -1;
    }
}
