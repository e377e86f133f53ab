package demo;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A reader whose socket always has data, beside a thread that ticks every 5 ms: the reader
 * connects with a large receive buffer, lets the server fill it, then reads it a byte per call.
 * On threads the ticker keeps its beat; on one hub thread it can only if the reader is made to
 * take turns.
 *
 * <p>Usage: {@code demo.StreamReader port=P [bytes=2000000]}. Prints {@code read N bytes, ticker
 * ticked}. Reports {@code max_tick_gap_ms} and {@code reader_thread}.
 */
public final class StreamReader {
    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = args.intValue("port", 0);
        int bytes = args.intValue("bytes", 2_000_000);
        long[] read = {0};
        Thread reader = new Thread(() -> {
            Report.thread("reader_thread");
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4 << 20);
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                Thread.sleep(500); // the server fills the buffer meanwhile
                InputStream in = socket.getInputStream();
                while (read[0] < bytes && in.read() >= 0) {
                    read[0]++;
                }
            } catch (Exception e) {
                System.err.println("reader failed: " + e);
            }
        });
        Ticker ticker = Ticker.start(5);
        reader.start();
        reader.join();
        ticker.close();
        Report.line("max_tick_gap_ms", ticker.maxGapMillis());
        System.out.println("read " + read[0] + " bytes, ticker ticked");
    }
}
