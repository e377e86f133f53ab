package green.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Makes the stack traces of program threads read as on the platform threads the program wrote:
 * the frames of green's fiber wrapper and of {@code VirtualThread} are cut, and a thread built on
 * a {@code Runnable} gets the bottom frames this JDK's {@code Thread} shows ({@code Thread.run},
 * with this JDK's line numbers, captured once from a real platform thread). So "Exception in
 * thread ..." on stderr is the same with and without green, and so is a subclass object's
 * {@code getStackTrace()}. Causes and suppressed exceptions are treated alike, so "... n more"
 * counts come out the same.
 *
 * <p>Called on any thread.
 */
final class PlatformTraces {

    private static volatile StackTraceElement[] runnableBottom;

    private PlatformTraces() {
        throw new UnsupportedOperationException();
    }

    /**
     * Rewrites the traces of {@code escaping} and its causes and suppressed exceptions.
     *
     * @param throughRunnable whether the thread ran a {@code Runnable} (true) or a subclass's own
     *     {@code run()} (false), which on a platform thread has no frame below it
     */
    static void asOnPlatformThread(Throwable escaping, boolean throughRunnable) {
        rewrite(escaping, frames -> asOnPlatformThread(frames, throughRunnable), Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * Rewrites the traces of {@code escaping}, thrown by the program's {@code main} run as a fiber
     * ({@link MainHook}), as the launcher's main thread shows them: nothing below
     * {@code mainClass.main}.
     */
    static void asOnMainThread(Throwable escaping, String mainClass) {
        rewrite(escaping, frames -> {
            for (int i = frames.length - 1; i >= 0; i--) {
                if (frames[i].getClassName().equals(mainClass) && frames[i].getMethodName().equals("main")) {
                    return i == frames.length - 1 ? frames : Arrays.copyOf(frames, i + 1);
                }
            }
            return frames;
        }, Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** {@code frames} of a program fiber as its platform thread would show them; the array itself if nothing changes. */
    static StackTraceElement[] asOnPlatformThread(StackTraceElement[] frames, boolean throughRunnable) {
        int cut = firstWrapperFrame(frames);
        if (cut < 0) {
            return frames;
        }
        StackTraceElement[] bottom = throughRunnable ? runnableBottom() : new StackTraceElement[0];
        StackTraceElement[] rewritten = Arrays.copyOf(frames, cut + bottom.length);
        System.arraycopy(bottom, 0, rewritten, cut, bottom.length);
        return rewritten;
    }

    private static void rewrite(Throwable t, UnaryOperator<StackTraceElement[]> cut, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        StackTraceElement[] frames = t.getStackTrace();
        StackTraceElement[] rewritten = cut.apply(frames);
        if (rewritten != frames) {
            t.setStackTrace(rewritten);
        }
        rewrite(t.getCause(), cut, seen);
        for (Throwable suppressed : t.getSuppressed()) {
            rewrite(suppressed, cut, seen);
        }
    }

    /** Index of the first frame of green's wrapper around the program's task, or -1. */
    private static int firstWrapperFrame(StackTraceElement[] frames) {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i].getClassName().equals(ProgramThreads.class.getName())) {
                return i;
            }
        }
        return -1;
    }

    /** The frames below a {@code Runnable}'s {@code run} on a platform thread of this JDK. */
    private static StackTraceElement[] runnableBottom() {
        StackTraceElement[] bottom = runnableBottom;
        if (bottom == null) {
            StackTraceElement[][] captured = new StackTraceElement[1][];
            Thread probe = Thread.ofPlatform().name("green-trace-probe").unstarted(
                    () -> captured[0] = new Throwable().getStackTrace());
            probe.start();
            try {
                probe.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new StackTraceElement[0]; // an uncaught exception still prints, with fewer frames
            }
            // captured[0][0] is the lambda's own frame; what follows is the JDK's
            runnableBottom = bottom = Arrays.copyOfRange(captured[0], 1, captured[0].length);
        }
        return bottom;
    }
}
