package green.hooks;

import green.hub.Hub;
import green.hub.KeepAlive;
import green.hub.VirtualThreads;

/**
 * The fibers that stand for threads of the program: made here, with what a virtual thread cannot
 * hold itself (the program's daemon flag and priority: a virtual thread is always a daemon of
 * normal priority), counted for {@link KeepAlive} while they are logically non-daemon, and
 * reporting an exception that escapes them as their platform thread would have.
 *
 * <p>Any thread.
 */
final class ProgramThreads {

    private static volatile boolean backedOut;

    /**
     * The program's view of one fiber's daemon flag and priority, attached to the fiber by the hub
     * ({@link Hub#attachmentOf}): found in one field read, and kept as long as the fiber is.
     */
    static final class Flags {
        volatile boolean daemon;
        volatile int priority;
        volatile boolean counted;

        Flags(boolean daemon, int priority) {
            this.daemon = daemon;
            this.priority = priority;
        }
    }

    private ProgramThreads() {
        throw new UnsupportedOperationException();
    }

    /**
     * Whether program threads become fibers: the JVM can make them, and the agent's self-check,
     * which runs before the first one is made, passed ({@link #backOut} otherwise).
     */
    static boolean makeFibers() {
        if (VirtualThreads.unavailableReason() != null) {
            return false;
        }
        Hub.readyForFibers();
        return !backedOut;
    }

    /** From now on program threads stay platform threads: the agent backed out. */
    static void backOut() {
        backedOut = true;
    }

    /**
     * A fiber that runs {@code body} as a thread of the program: its flags are recorded; an
     * exception that escapes it goes to its uncaught-exception handler with the trace its platform
     * thread would have shown ({@code throughRunnable}: see {@link PlatformTraces}); then
     * {@code onEnd} runs, and it leaves {@link KeepAlive} if it was counted: a platform thread is
     * alive until its handler returns, so the JVM must not exit while the report is printed.
     */
    static Thread fiber(String name, boolean daemon, int priority, Runnable body, boolean throughRunnable, Runnable onEnd) {
        Flags flags = new Flags(daemon, priority);
        return Hub.get().newFiber(name, () -> {
            try {
                body.run();
            } catch (Throwable escaping) {
                PlatformTraces.asOnPlatformThread(escaping, throughRunnable);
                reportUncaught(escaping);
            } finally {
                try {
                    onEnd.run();
                } finally {
                    if (flags.counted) {
                        KeepAlive.release();
                    }
                }
            }
        }, flags);
    }

    /**
     * Hands {@code escaping} to the current thread's uncaught-exception handler, a stand-in's being
     * its subclass object's; an exception the handler throws is reported and dropped in the words
     * of HotSpot's thread exit.
     */
    private static void reportUncaught(Throwable escaping) {
        Thread self = StandIns.currentThread();
        try {
            self.getUncaughtExceptionHandler().uncaughtException(self, escaping);
        } catch (Throwable fromHandler) {
            System.err.print("\nException: " + fromHandler.getClass().getName()
                    + " thrown from the UncaughtExceptionHandler in thread \"" + self.getName() + "\"\n");
        }
    }

    /** The flags of a program fiber, live or ended, or null for any other thread. */
    static Flags flags(Thread thread) {
        return Hub.attachmentOf(thread) instanceof Flags flags ? flags : null;
    }

    /** Whether {@code fiber} runs a thread of the program, not a fiber of green's API. */
    static boolean isProgramThread(Thread fiber) {
        return flags(fiber) != null;
    }

    /**
     * A fiber is about to start (the hook at the entry of {@code VirtualThread.start}, whoever
     * starts it): a non-daemon program fiber counts for {@link KeepAlive} from now, as its platform
     * thread would have kept the JVM alive from its {@code start()}.
     */
    static void starting(Thread fiber) {
        Flags flags = flags(fiber);
        if (flags != null) {
            countNow(fiber, flags);
        }
    }

    /**
     * For fibers that a pool will start: counted now, if not daemon, because a pool may hand
     * a task to a thread it has not started yet while the program's main thread ends.
     */
    static Thread countedFromCreation(Thread fiber) {
        Flags flags = flags(fiber);
        if (flags != null) {
            countNow(fiber, flags);
        }
        return fiber;
    }

    /** Counts a non-daemon fiber for {@link KeepAlive} once, before it can run. */
    private static void countNow(Thread fiber, Flags flags) {
        synchronized (flags) {
            if (!flags.daemon && !flags.counted && fiber.getState() == Thread.State.NEW) {
                flags.counted = true;
                KeepAlive.acquire();
            }
        }
    }
}
