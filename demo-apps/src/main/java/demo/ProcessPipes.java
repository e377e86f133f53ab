package demo;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Child processes driven by threads, the usual way: one thread writes a {@code cat}'s input while
 * another reads its output (on a single thread that waits in the pipe read, the writer could never
 * run), and a thread that reads a slow child's output while another ticks every 5 ms.
 *
 * <p>Usage: {@code demo.ProcessPipes [lines=5]}. Prints {@code cat echoed N lines: ...} and
 * {@code slow child said: done, exit 0}. Reports {@code reader_thread}, {@code max_tick_gap_ms} and
 * {@code ticks_while_reading}: the ticks the ticker made while the slow child's output was awaited (about
 * 100 when the two overlap; none when the wait keeps the ticker from running).
 */
public final class ProcessPipes {
    public static void main(String[] argv) throws Exception {
        int lines = new Args(argv).intValue("lines", 5);
        Process cat = new ProcessBuilder("cat").start();
        List<String> echoed = new ArrayList<>();
        Thread reader = new Thread(() -> {
            Report.thread("reader_thread");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(cat.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    echoed.add(line);
                }
            } catch (Exception e) {
                System.err.println("reader failed: " + e);
            }
        });
        Thread writer = new Thread(() -> {
            try (Writer out = new OutputStreamWriter(cat.getOutputStream(), StandardCharsets.UTF_8)) {
                for (int i = 0; i < lines; i++) {
                    out.write("line" + i + "\n");
                    out.flush();
                    Thread.sleep(10); // the reader is waiting in the pipe meanwhile
                }
            } catch (Exception e) {
                System.err.println("writer failed: " + e);
            }
        });
        reader.start();
        writer.start();
        writer.join();
        reader.join();
        System.out.println("cat echoed " + echoed.size() + " lines: " + String.join(",", echoed) + ", exit " + cat.waitFor());

        Ticker ticker = Ticker.start(5);
        Thread.sleep(50);
        String[] said = {"nothing"};
        long[] ticksWhileReading = {-1};
        Thread slowReader = new Thread(() -> {
            try {
                Process slow = new ProcessBuilder("sh", "-c", "sleep 0.5; echo done").start();
                long before = ticker.ticks();
                String out = new String(slow.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                ticksWhileReading[0] = ticker.ticks() - before;
                said[0] = out + ", exit " + slow.waitFor();
            } catch (Exception e) {
                System.err.println("slow reader failed: " + e);
            }
        });
        slowReader.start();
        slowReader.join();
        ticker.close();
        Report.line("max_tick_gap_ms", ticker.maxGapMillis());
        Report.line("ticks_while_reading", ticksWhileReading[0]);
        System.out.println("slow child said: " + said[0]);
    }
}
