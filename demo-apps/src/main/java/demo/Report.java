package demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
    private static final MethodHandle CURRENT_THREAD = currentThread();

    private Report() {
    }

    private static MethodHandle currentThread() {
        try {
            return MethodHandles.lookup().findStatic(Thread.class, "currentThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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

    /**
     * Reports the thread that runs the caller under {@code key}, e.g.
     * {@code handler_thread=VirtualThread[#31]/runnable@green-hub}. {@code currentThread()} is
     * looked up rather than called: an agent may rewrite the call so that a {@code Thread}
     * subclass's {@code run()} sees the subclass object, as it would on a thread of its own, and
     * the report is about where the code really runs.
     */
    public static void thread(String key) {
        try {
            line(key, (Thread) CURRENT_THREAD.invokeExact());
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Reports {@code elapsed_ms} since {@code startNanos} (a {@link System#nanoTime()} value). */
    public static void elapsedSince(long startNanos) {
        line("elapsed_ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
}
