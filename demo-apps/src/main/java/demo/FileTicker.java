package demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Threads that write and read back files in a loop (ordinary {@code Files.write} and
 * {@code Files.readAllLines}), beside a ticker thread that sleeps 50 ms between ticks. On platform
 * threads the file work and the ticker share the cores.
 *
 * <p>Usage: {@code demo.FileTicker [writers=20] [rounds=40] [lines=2000]}. Prints the total of
 * lines read, then {@code done}; reports {@code ticker_max_gap_ms}.
 */
public final class FileTicker {

    public static void main(String[] args) throws Exception {
        Args a = new Args(args);
        int writers = a.intValue("writers", 20);
        int rounds = a.intValue("rounds", 40);
        int lines = a.intValue("lines", 2000);
        Path dir = Files.createTempDirectory("file-ticker");
        List<String> content = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            content.add("line " + i + " of a file that a thread writes and reads back again");
        }
        long[] read = new long[writers];
        try (Ticker ticker = Ticker.start(50)) {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                Thread worker = new Thread(() -> {
                    Path file = dir.resolve("worker-" + id + ".txt");
                    try {
                        for (int r = 0; r < rounds; r++) {
                            Files.write(file, content);
                            read[id] += Files.readAllLines(file).size();
                        }
                        Files.delete(file);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, "writer-" + w);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            ticker.report("ticker");
        } finally {
            Files.deleteIfExists(dir);
        }
        long total = 0;
        for (long n : read) {
            total += n;
        }
        System.out.println("lines read back: " + total);
        System.out.println("done");
    }
}
