package green.hooks;

import green.hub.Hub;
import green.hub.KeepAlive;
import green.hub.VirtualThreads;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Entry points for the {@code thread} patch: in application classes, {@code new Thread(...)} and
 * the {@code Thread} methods whose meaning differs on a virtual thread are rewritten to these, so
 * a program's threads become fibers of the hub and behave as its threads did:
 * <ul>
 *   <li>names are those the JDK gave the constructed thread, so output does not change;
 *   <li>a daemon flag is kept per fiber ({@code setDaemon(false)} throws on a virtual thread),
 *       inherited from the creator, and non-daemon fibers keep the JVM alive ({@link KeepAlive});
 *   <li>so is the priority (a virtual thread's is always {@code NORM_PRIORITY}): the program reads
 *       back what it set, though the hub does not schedule by it, as the OS mostly does not;
 *   <li>a {@code Thread} subclass cannot be a virtual thread: its {@code start()} runs its
 *       {@code run()} in a stand-in fiber, and {@code join/isAlive/interrupt/getState} on the
 *       object answer for that fiber. A subclass's own {@code start()} runs as written; its
 *       {@code super.start()} starts the stand-in. Inside {@code run()}, application code's
 *       {@code Thread.currentThread()} is the subclass object, as on a platform thread (JDK code
 *       sees the stand-in);
 *   <li>a thread constructed with its own stack size stays a platform thread: a fiber's frames
 *       run on the hub thread's stack, so the deep recursion such a stack is sized for would
 *       overflow there.
 * </ul>
 * When fibers are unavailable (the agent backed out), every method does what the JDK does.
 *
 * <p>Called on any thread.
 */
public final class ThreadHook {

    private static final Map<Thread, FiberFlags> FLAGS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Thread, Thread> STAND_INS = Collections.synchronizedMap(new WeakHashMap<>());
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger(1);
    /** In a stand-in fiber: the subclass object it runs {@code run()} for. */
    private static final ThreadLocal<Thread> STANDING_FOR = new ThreadLocal<>();
    /**
     * Whether any stand-in was started: until then {@link #currentThread} does not look at
     * {@link #STANDING_FOR}, whose first {@code get()} on a thread allocates that thread's
     * thread-local map (a million fibers calling {@code currentThread()} would each get one).
     */
    private static volatile boolean standInsStarted;
    private static volatile boolean backedOut;
    private static final ClassValue<Boolean> OVERRIDES_START = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("start").getDeclaringClass() != Thread.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e); // Thread.start() is public
            }
        }
    };

    /** What a virtual thread cannot hold itself: the program's view of its daemon flag and priority. */
    private static final class FiberFlags {
        volatile boolean daemon;
        volatile int priority;
        volatile boolean counted;

        FiberFlags(boolean daemon, int priority) {
            this.daemon = daemon;
            this.priority = priority;
        }
    }

    private ThreadHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * Follows every {@code new Thread(...)} in application code: takes the freshly constructed,
     * unstarted platform thread and returns a fiber with its name and task in its place. The
     * constructor itself still runs (so argument checks, the JDK's "Thread-N" numbering and
     * inherited context are the JDK's), and the rewrite adds one call after it instead of removing
     * the {@code NEW/DUP} pair, which would break stack-map frames when arguments branch.
     */
    public static Thread adopt(Thread constructed) {
        if (!makesFibers() || constructed.getClass() != Thread.class
                || VirtualThreads.stackSizeOf(constructed) != 0) {
            return constructed;
        }
        Thread creator = Thread.currentThread();
        // Constructed by a fiber (a virtual thread, always daemon and NORM_PRIORITY to the JDK), the
        // thread inherited those; the program means the creator's logical flags. A different value
        // (a builder's) was set on purpose.
        boolean daemon = constructed.isDaemon() == creator.isDaemon() ? isDaemon(creator) : constructed.isDaemon();
        int priority = constructed.getPriority() == creator.getPriority() ? getPriority(creator) : constructed.getPriority();
        return programFiber(constructed.getName(), daemon, priority, orNothing(VirtualThreads.taskOf(constructed)), true);
    }

    /** {@code builder.start(task)} of a {@code Thread.ofPlatform()} builder: a started fiber in its place. */
    public static Thread builderStart(Thread.Builder builder, Runnable task) {
        Thread thread = builderUnstarted(builder, task);
        start(thread);
        return thread;
    }

    /** {@code builder.unstarted(task)} of a {@code Thread.ofPlatform()} builder: an unstarted fiber in its place. */
    public static Thread builderUnstarted(Thread.Builder builder, Runnable task) {
        Thread constructed = builder.unstarted(task);
        return builder instanceof Thread.Builder.OfPlatform ? adopt(constructed) : constructed;
    }

    /**
     * {@code builder.factory()} of a {@code Thread.ofPlatform()} builder: its threads become fibers
     * that, like pool threads, are started by code that is not rewritten, so they count for
     * {@link KeepAlive} from creation when not daemon.
     */
    public static ThreadFactory builderFactory(Thread.Builder builder) {
        ThreadFactory factory = builder.factory();
        if (!(builder instanceof Thread.Builder.OfPlatform) || !makesFibers()) {
            return factory;
        }
        return task -> countedFromCreation(adopt(factory.newThread(task)));
    }

    /**
     * Whether program threads become fibers: the JVM can make them, and the agent's self-check,
     * which runs before the first one is made, passed ({@link #backOut} otherwise).
     */
    private static boolean makesFibers() {
        if (VirtualThreads.unavailableReason() != null) {
            return false;
        }
        Hub.readyForFibers();
        return !backedOut;
    }

    /** From now on program threads stay platform threads: the agent backed out. Any thread. */
    public static void backOut() {
        backedOut = true;
    }

    private static Runnable orNothing(Runnable task) {
        return task == null ? () -> { } : task;
    }

    /**
     * A fiber that runs {@code body} as a thread of the program: its flags are recorded, it leaves
     * {@link KeepAlive} when it ends if it was counted, and an exception that escapes it goes to its
     * uncaught-exception handler with the trace its platform thread would have shown
     * ({@code throughRunnable}: see {@link PlatformTraces}).
     */
    private static Thread programFiber(String name, boolean daemon, int priority, Runnable body, boolean throughRunnable) {
        FiberFlags flags = new FiberFlags(daemon, priority);
        Thread fiber = Hub.get().newFiber(name, () -> {
            try {
                body.run();
            } catch (Throwable escaping) {
                // Reported here, before the fiber leaves KeepAlive: a platform thread counts as alive
                // until its handler returns, so the JVM does not exit while the report is printed.
                PlatformTraces.asOnPlatformThread(escaping, throughRunnable);
                reportUncaught(escaping);
            } finally {
                if (flags.counted) {
                    KeepAlive.release();
                }
            }
        });
        FLAGS.put(fiber, flags);
        return fiber;
    }

    /**
     * Hands {@code escaping} to the current thread's uncaught-exception handler, a stand-in's being
     * its subclass object's (set on it from outside or through {@link #currentThread}); an exception
     * the handler throws is reported and dropped in the words of HotSpot's thread exit.
     */
    private static void reportUncaught(Throwable escaping) {
        Thread self = currentThread();
        try {
            self.getUncaughtExceptionHandler().uncaughtException(self, escaping);
        } catch (Throwable fromHandler) {
            System.err.print("\nException: " + fromHandler.getClass().getName()
                    + " thrown from the UncaughtExceptionHandler in thread \"" + self.getName() + "\"\n");
        }
    }

    /**
     * The factory for {@code Executors.defaultThreadFactory()} and for pools built without one:
     * non-daemon fibers named "pool-N-thread-M" as the JDK's default factory names them. The pool
     * (JDK code) starts them, so they count for {@link KeepAlive} from creation.
     */
    public static ThreadFactory threadFactory() {
        if (!makesFibers()) {
            return java.util.concurrent.Executors.defaultThreadFactory();
        }
        String prefix = "pool-" + POOL_NUMBER.getAndIncrement() + "-thread-";
        AtomicInteger threadNumber = new AtomicInteger(1);
        return task -> countedFromCreation(
                programFiber(prefix + threadNumber.getAndIncrement(), false, Thread.NORM_PRIORITY, orNothing(task), true));
    }

    /**
     * {@code Thread.currentThread()} in application code: in a stand-in fiber, the {@code Thread}
     * subclass object whose {@code run()} it runs, so {@code currentThread() == this} and casts to
     * the subclass hold as on a platform thread; the current thread everywhere else.
     */
    public static Thread currentThread() {
        Thread current = Thread.currentThread();
        if (standInsStarted && current.isVirtual()) {
            Thread subclassed = STANDING_FOR.get();
            if (subclassed != null) {
                return subclassed;
            }
        }
        return current;
    }

    /**
     * {@code Thread.onSpinWait()}: a fiber yields to the others, because the thread it waits for
     * can only run on the hub it is spinning on; any other thread spins as before.
     */
    public static void onSpinWait() {
        if (Thread.currentThread().isVirtual() && Hub.current() != null) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    // ---- instance methods, receiver first ----

    public static void start(Thread thread) {
        FiberFlags flags = FLAGS.get(thread);
        if (flags != null) {
            countNow(thread, flags);
            thread.start(); // started twice, it throws as the JDK does; the count was taken once
            return;
        }
        if (thread.getClass() == Thread.class || thread.isVirtual() || !makesFibers()
                || OVERRIDES_START.get(thread.getClass())) {
            thread.start(); // an override runs as written and reaches superStart if it calls super.start()
            return;
        }
        startStandIn(thread);
    }

    /** {@code super.start()} in a subclass's override of {@code start()}: the stand-in starts here. */
    public static void superStart(Thread self) {
        if (!makesFibers()) {
            PlatformStart.start(self);
            return;
        }
        startStandIn(self);
    }

    /** {@code Thread.start()} without virtual dispatch, for when fibers are unavailable; loaded only then. */
    private static final class PlatformStart {
        private static final MethodHandle START;

        static {
            try {
                START = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                        .findSpecial(Thread.class, "start", MethodType.methodType(void.class), Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        static void start(Thread thread) {
            try {
                START.invokeExact(thread);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** For fibers that code which is not rewritten (a pool) will start: counted now, if not daemon. */
    private static Thread countedFromCreation(Thread fiber) {
        FiberFlags flags = FLAGS.get(fiber);
        if (flags != null) {
            countNow(fiber, flags);
        }
        return fiber;
    }

    /** Counts a non-daemon fiber for {@link KeepAlive} once, before it can run. */
    private static void countNow(Thread fiber, FiberFlags flags) {
        synchronized (flags) {
            if (!flags.daemon && !flags.counted && fiber.getState() == Thread.State.NEW) {
                flags.counted = true;
                KeepAlive.acquire();
            }
        }
    }

    private static void startStandIn(Thread subclassed) {
        synchronized (STAND_INS) {
            if (STAND_INS.containsKey(subclassed) || subclassed.getState() != Thread.State.NEW) {
                throw new IllegalThreadStateException();
            }
            standInsStarted = true;
            Thread fiber = programFiber(subclassed.getName(), subclassed.isDaemon(), subclassed.getPriority(), () -> {
                STANDING_FOR.set(subclassed);
                subclassed.run();
            }, false);
            STAND_INS.put(subclassed, fiber);
            start(fiber);
        }
    }

    /** Whether {@code fiber} runs a thread of the program (made by this hook), not a fiber of green's API. */
    public static boolean standsForProgramThread(Thread fiber) {
        return FLAGS.containsKey(fiber);
    }

    /** The thread that really runs for {@code thread}: its stand-in fiber, or itself. */
    private static Thread runner(Thread thread) {
        Thread standIn = STAND_INS.get(thread);
        return standIn != null ? standIn : thread;
    }

    public static void join(Thread thread) throws InterruptedException {
        runner(thread).join();
    }

    public static void join(Thread thread, long millis) throws InterruptedException {
        runner(thread).join(millis);
    }

    public static void join(Thread thread, long millis, int nanos) throws InterruptedException {
        runner(thread).join(millis, nanos);
    }

    public static boolean join(Thread thread, Duration duration) throws InterruptedException {
        return runner(thread).join(duration);
    }

    public static boolean isAlive(Thread thread) {
        return runner(thread).isAlive();
    }

    /** On the stand-in, and on the subclass object too: code in run() may test this.isInterrupted(). */
    public static void interrupt(Thread thread) {
        onRunnerAndObject(thread, Thread::interrupt);
    }

    /** On the stand-in, whose loader the JDK's own look-ups use, and on the subclass object too. */
    public static void setContextClassLoader(Thread thread, ClassLoader loader) {
        onRunnerAndObject(thread, t -> t.setContextClassLoader(loader));
    }

    /** Does {@code action} to the thread that really runs for {@code thread}, then to {@code thread} if that is another object. */
    private static void onRunnerAndObject(Thread thread, Consumer<Thread> action) {
        Thread runner = runner(thread);
        action.accept(runner);
        if (runner != thread) {
            action.accept(thread);
        }
    }

    /** {@code LockSupport.unpark(thread)}: a subclass object's stand-in is the thread that parked. */
    public static void unpark(Thread thread) {
        LockSupport.unpark(thread == null || thread.isVirtual() ? thread : runner(thread));
    }

    public static boolean isInterrupted(Thread thread) {
        return runner(thread).isInterrupted();
    }

    /**
     * A program thread waiting for a socket is {@code RUNNABLE}, as a platform thread in a blocking
     * socket call is (it is in native code); its fiber is parked on the hub, which the JDK reports as waiting.
     */
    public static Thread.State getState(Thread thread) {
        Thread runner = runner(thread);
        Thread.State state = runner.getState();
        if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) && FLAGS.containsKey(runner)) {
            Hub hub = Hub.existing();
            if (hub != null && hub.waitsOnFd(runner)) {
                return Thread.State.RUNNABLE;
            }
        }
        return state;
    }

    public static void setDaemon(Thread thread, boolean on) {
        FiberFlags flags = FLAGS.get(thread);
        if (flags == null) {
            thread.setDaemon(on);
            return;
        }
        if (thread.getState() != Thread.State.NEW) {
            throw new IllegalThreadStateException();
        }
        flags.daemon = on;
    }

    public static boolean isDaemon(Thread thread) {
        FiberFlags flags = FLAGS.get(thread);
        return flags != null ? flags.daemon : thread.isDaemon();
    }

    public static void setPriority(Thread thread, int priority) {
        thread.setPriority(priority); // the JDK's argument check; on a virtual thread nothing more
        FiberFlags flags = FLAGS.get(thread);
        if (flags != null) {
            flags.priority = priority;
        }
    }

    public static int getPriority(Thread thread) {
        FiberFlags flags = FLAGS.get(thread);
        return flags != null ? flags.priority : thread.getPriority();
    }
}
