package green.observe;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who is told of every {@link Stall} the watchdog sees, besides JFR, the MXBean and the log: the
 * JUnit extension fails a test with it. A listener runs on the {@code green-watchdog} thread and
 * must return quickly; one that throws is dropped from that report only.
 *
 * <p>Any thread.
 */
public final class Stalls {

    private static final CopyOnWriteArrayList<Consumer<? super Stall>> LISTENERS = new CopyOnWriteArrayList<>();

    private Stalls() {
        throw new UnsupportedOperationException();
    }

    /** Tells {@code listener} of every stall from now on, until the returned handle is closed. */
    public static AutoCloseable listen(Consumer<? super Stall> listener) {
        LISTENERS.add(listener);
        return () -> LISTENERS.remove(listener);
    }

    static void publish(Stall stall) {
        for (Consumer<? super Stall> listener : LISTENERS) {
            try {
                listener.accept(stall);
            } catch (RuntimeException e) {
                System.getLogger("green.watchdog").log(System.Logger.Level.DEBUG, "a stall listener threw", e);
            }
        }
    }
}
