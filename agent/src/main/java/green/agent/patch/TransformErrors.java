package green.agent.patch;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts failed transformations, of JDK classes (entry hooks) and of application classes
 * (call sites). Errors-only, as BlockHound's listener: a failed class keeps its original code and the
 * program goes on. Under {@code green.debug=true} every error is printed at once with its stack
 * trace, and an error during install stops the JVM (OpenTelemetry's {@code TestAgentListener}:
 * tests then see zero errors or a failure, never a silent half-patch).
 *
 * <p>Thread-safe: classes load, and so transformations run, on any thread.
 */
public final class TransformErrors {

    private final boolean debug;
    private final PrintStream err;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();

    public TransformErrors(boolean debug, PrintStream err) {
        this.debug = debug;
        this.err = err;
    }

    /** Records a failed transformation of {@code typeName}. */
    public void record(String typeName, Throwable error) {
        count.incrementAndGet();
        first.compareAndSet(null, typeName + ": " + error);
        if (debug) {
            err.println("green: transformation of " + typeName + " failed (green.debug=true)");
            error.printStackTrace(err);
        }
    }

    public int count() {
        return count.get();
    }

    /** The first error as "type: exception", or null. */
    public String first() {
        return first.get();
    }
}
