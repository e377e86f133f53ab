package demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The side channel for facts that depend on timing or threads (elapsed time, thread names). When the
 * system property {@code demo.report=<file>} is set, {@link #line} appends {@code key=value} to that
 * file; otherwise it does nothing. stdout and stderr never carry such facts, so they stay identical
 * with and without an agent. Any thread may call it.
 */
public final class Report {
    private static final String FILE = System.getProperty("demo.report");
    private static final Object LOCK = new Object();

    private Report() {
    }

    /** Whether a report file was asked for. */
    public static boolean enabled() {
        return FILE != null;
    }

    /** Appends {@code key=value} (one line) to the report file, if one was asked for. */
    public static void line(String key, Object value) {
        if (FILE == null) {
            return;
        }
        String text = key + "=" + value + System.lineSeparator();
        synchronized (LOCK) {
            try {
                Files.writeString(Path.of(FILE), text, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reports the calling thread under {@code key}, e.g. {@code handler_thread=VirtualThread[#31]/runnable@green-hub}. */
    public static void thread(String key) {
        line(key, Thread.currentThread());
    }

    /** Reports {@code elapsed_ms} since {@code startNanos} (a {@link System#nanoTime()} value). */
    public static void elapsedSince(long startNanos) {
        line("elapsed_ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
