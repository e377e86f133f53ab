package green.hooks;

import green.hub.VirtualThreads;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The fibers that run application {@code Thread} subclasses. A subclass object cannot be a virtual
 * thread, so its {@code start()} runs its {@code run()} in a stand-in fiber, and the hooks at the
 * entry of {@code java.lang.Thread}'s methods send the calls made on the object to the stand-in
 * while it runs ({@link #runnerOf}). The object's own {@code threadStatus} follows the stand-in
 * (running from its start, terminated when it ends, when joiners waiting on the object's monitor
 * are notified, as the VM does for a platform thread), so what the JDK reads of it before and
 * after needs no hook. In the stand-in, application code's {@code Thread.currentThread()} is the
 * subclass object ({@link #currentThread}); JDK code sees the stand-in, so {@code ThreadLocal}s,
 * lock owners and interrupts all live on the stand-in.
 *
 * <p>Stays a platform thread: a subclass defined by the JDK ({@code Thread} itself, {@code
 * ForkJoinWorkerThread} and its subclasses, whose pool needs its own workers), one constructed with
 * a stack size, and one that overrides {@code hashCode} or {@code equals} (the stand-ins are
 * found by the object as a key).
 *
 * <p>Any thread.
 */
final class StandIns {

    private static final int JVMTI_ALIVE_RUNNABLE = 0x0005;
    private static final int JVMTI_TERMINATED = 0x0002;

    /** Subclass object to the stand-in running it; entries live exactly while the stand-in runs. */
    private static final ConcurrentHashMap<Thread, Thread> RUNNERS = new ConcurrentHashMap<>();
    /** Stand-in to its subclass object, for {@link #currentThread}. */
    private static final ConcurrentHashMap<Thread, Thread> OBJECTS = new ConcurrentHashMap<>();
    /** Set by the first stand-in: until then no hook needs to look anything up. */
    private static volatile boolean anyStarted;

    private static final ClassValue<Boolean> ELIGIBLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            ClassLoader loader = type.getClassLoader();
            return type != Thread.class && loader != null && loader != ClassLoader.getPlatformClassLoader()
                    && !ForkJoinWorkerThread.class.isAssignableFrom(type)
                    && declaredBy(type, "hashCode") == Object.class && declaredBy(type, "equals", Object.class) == Object.class;
        }
    };

    private StandIns() {
        throw new UnsupportedOperationException();
    }

    private static Class<?> declaredBy(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass();
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e); // Object declares both
        }
    }

    /** Whether starting {@code thread} should start a stand-in fiber instead. */
    static boolean wants(Thread thread) {
        return ELIGIBLE.get(thread.getClass()) && VirtualThreads.stackSizeOf(thread) == 0;
    }

    /**
     * Starts the stand-in of {@code subclassed}; false, doing nothing, when the object was started
     * already (then {@code Thread.start} throws {@code IllegalThreadStateException} as usual).
     */
    static boolean start(Thread subclassed) {
        synchronized (subclassed) { // Thread.start holds it too: two starts cannot both see NEW
            if (VirtualThreads.threadStatusOf(subclassed) != 0) {
                return false;
            }
            Thread fiber = ProgramThreads.fiber(subclassed.getName(), subclassed.isDaemon(), subclassed.getPriority(),
                    subclassed::run, false, () -> terminated(subclassed));
            fiber.setContextClassLoader(subclassed.getContextClassLoader());
            if (subclassed.isInterrupted()) {
                fiber.interrupt(); // interrupted before it started: the flag is kept, as the JDK keeps it
            }
            VirtualThreads.setThreadStatus(subclassed, JVMTI_ALIVE_RUNNABLE);
            OBJECTS.put(fiber, subclassed);
            RUNNERS.put(subclassed, fiber);
            anyStarted = true;
            fiber.start();
            return true;
        }
    }

    /** The stand-in has run: the object reads as terminated, and its joiners wake. */
    private static void terminated(Thread subclassed) {
        synchronized (subclassed) {
            VirtualThreads.setThreadStatus(subclassed, JVMTI_TERMINATED);
            OBJECTS.remove(RUNNERS.remove(subclassed));
            subclassed.notifyAll();
        }
    }

    /** The stand-in running for {@code thread} now, or null: then {@code thread} answers for itself. */
    static Thread runnerOf(Object thread) {
        if (!anyStarted || !ELIGIBLE.get(thread.getClass())) {
            return null;
        }
        return RUNNERS.get(thread);
    }

    /** The current thread as application code should see it: a stand-in's subclass object, else itself. */
    static Thread currentThread() {
        Thread current = Thread.currentThread();
        if (anyStarted && current.isVirtual()) {
            Thread subclassed = OBJECTS.get(current);
            if (subclassed != null) {
                return subclassed;
            }
        }
        return current;
    }

    /**
     * {@code getStackTrace()} of a subclass object while its stand-in runs: the stand-in's frames,
     * ending as the platform thread's would ({@code run()} at the bottom), and, asked by the
     * thread itself, starting as the JDK's do ({@code Thread.getStackTrace} on top), so code that
     * picks a frame by index ({@code getStackTrace()[2]}) finds the same one.
     */
    static StackTraceElement[] stackTrace(Thread runner) {
        StackTraceElement[] frames;
        if (runner == Thread.currentThread()) {
            StackTraceElement[] all = new Throwable().getStackTrace();
            int top = 0;
            while (top < all.length - 1 && !isThreadGetStackTrace(all[top])) {
                top++; // green's own frames, above the JDK method the program called
            }
            frames = Arrays.copyOfRange(all, top, all.length);
        } else {
            frames = runner.getStackTrace();
        }
        return PlatformTraces.asOnPlatformThread(frames, false);
    }

    private static boolean isThreadGetStackTrace(StackTraceElement frame) {
        return frame.getClassName().equals("java.lang.Thread") && frame.getMethodName().equals("getStackTrace");
    }
}
