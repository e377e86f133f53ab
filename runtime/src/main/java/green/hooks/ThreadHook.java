package green.hooks;

import green.hub.Hub;
import green.hub.KeepAlive;
import green.hub.VirtualThreads;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Entry points for the {@code thread} patch, so that a program's threads become fibers of the hub
 * and behave as its platform threads did. Two kinds of callers:
 * <ul>
 *   <li>rewritten call sites in application classes: {@link #adopt} after every
 *       {@code new Thread(...)}, the builders of {@code Thread.ofPlatform()}, the thread factory of
 *       pools made without one, {@link #currentThread}, {@link #onSpinWait}, {@link #unpark}, and
 *       {@link #subclassConstructed} at the start of a {@code Thread} subclass's constructors;
 *   <li>hooks at the entry of {@code java.lang.Thread}'s own methods, with the receiver as an
 *       {@code Object}, whoever calls them: {@link #start} of an application subclass starts its
 *       stand-in ({@link StandIns}), {@link #runnerOf} redirects {@code alive}, {@code threadState},
 *       {@code interrupt} and {@code isInterrupted} of its object to the stand-in, and the daemon
 *       flag and priority of a program fiber are the program's ({@link ProgramThreads}). A null
 *       answer means "not mine": the JDK's own body runs.
 * </ul>
 * Names are those the JDK gave the constructed thread, so output does not change. A thread
 * constructed with its own stack size stays a platform thread: a fiber's frames run on the hub
 * thread's stack, so the deep recursion such a stack is sized for would overflow there. When
 * fibers are unavailable (the agent backed out), every entry point does what the JDK does.
 *
 * <p>Called on any thread.
 */
public final class ThreadHook {

    private static final AtomicInteger POOL_NUMBER = new AtomicInteger(1);

    private ThreadHook() {
        throw new UnsupportedOperationException();
    }

    // ---- call sites in application classes ----

    /**
     * Follows every {@code new Thread(...)} in application code: takes the freshly constructed,
     * unstarted platform thread and returns a fiber with its name, flags and task in its place. The
     * constructor itself still runs (so argument checks, the JDK's "Thread-N" numbering and
     * inherited context are the JDK's), and the rewrite adds one call after it instead of removing
     * the {@code NEW/DUP} pair, which would break stack-map frames when arguments branch. The
     * constructor took the daemon flag and priority from its creator through the hooks below, so a
     * fiber creating a thread passes on the program's values, not a virtual thread's.
     */
    public static Thread adopt(Thread constructed) {
        if (constructed.getClass() != Thread.class || VirtualThreads.stackSizeOf(constructed) != 0
                || !ProgramThreads.makeFibers()) {
            return constructed;
        }
        Thread fiber = ProgramThreads.fiber(constructed.getName(), constructed.isDaemon(), constructed.getPriority(),
                orNothing(VirtualThreads.taskOf(constructed)), true, () -> { });
        fiber.setContextClassLoader(constructed.getContextClassLoader());
        return fiber;
    }

    /** {@code builder.start(task)} of a {@code Thread.ofPlatform()} builder: a started fiber in its place. */
    public static Thread builderStart(Thread.Builder builder, Runnable task) {
        Thread thread = builderUnstarted(builder, task);
        thread.start();
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
        if (!(builder instanceof Thread.Builder.OfPlatform) || !ProgramThreads.makeFibers()) {
            return factory;
        }
        return task -> ProgramThreads.countedFromCreation(adopt(factory.newThread(task)));
    }

    /**
     * The factory for {@code Executors.defaultThreadFactory()} and for pools built without one:
     * non-daemon fibers named "pool-N-thread-M" as the JDK's default factory names them. The pool
     * (JDK code) starts them, so they count for {@link KeepAlive} from creation.
     */
    public static ThreadFactory threadFactory() {
        if (!ProgramThreads.makeFibers()) {
            return java.util.concurrent.Executors.defaultThreadFactory();
        }
        String prefix = "pool-" + POOL_NUMBER.getAndIncrement() + "-thread-";
        AtomicInteger threadNumber = new AtomicInteger(1);
        return task -> ProgramThreads.countedFromCreation(ProgramThreads.fiber(prefix + threadNumber.getAndIncrement(),
                false, Thread.NORM_PRIORITY, orNothing(task), true, () -> { }));
    }

    private static Runnable orNothing(Runnable task) {
        return task == null ? () -> { } : task;
    }

    /**
     * At the start of every constructor of an application class that extends {@code Thread}:
     * makes sure the hooks in {@code java.lang.Thread} are in before the object can be started
     * (they go in, with the agent's self-check, before the program's first fiber).
     */
    public static void subclassConstructed() {
        Hub.readyForFibers();
    }

    /**
     * {@code Thread.currentThread()} in application code: in a stand-in fiber, the {@code Thread}
     * subclass object whose {@code run()} it runs, so {@code currentThread() == this} and casts to
     * the subclass hold as on a platform thread; the current thread everywhere else.
     */
    public static Thread currentThread() {
        return StandIns.currentThread();
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

    /** {@code LockSupport.unpark(thread)}: a subclass object's stand-in is the thread that parked. */
    public static void unpark(Thread thread) {
        Thread runner = thread == null ? null : StandIns.runnerOf(thread);
        LockSupport.unpark(runner != null ? runner : thread);
    }

    /** From now on program threads stay platform threads: the agent backed out. Any thread. */
    public static void backOut() {
        ProgramThreads.backOut();
    }

    /** Whether {@code fiber} runs a thread of the program (made by this hook), not a fiber of green's API. */
    public static boolean standsForProgramThread(Thread fiber) {
        return ProgramThreads.isProgramThread(fiber);
    }

    // ---- hooks at the entry of java.lang.Thread's methods; the receiver comes as an Object ----

    /** Before {@code VirtualThread.start(container)}: a non-daemon program fiber keeps the JVM alive from now. */
    public static void fiberStarting(Object fiber) {
        ProgramThreads.starting((Thread) fiber);
    }

    /** {@code start()}: true when an application subclass's stand-in was started instead of a platform thread. */
    public static boolean start(Object thread) {
        Thread self = (Thread) thread;
        return !self.isVirtual() && StandIns.wants(self) && ProgramThreads.makeFibers() && StandIns.start(self);
    }

    /** {@code alive}, {@code threadState}, {@code interrupt}, {@code isInterrupted}: the stand-in that answers for {@code thread}, or null. */
    public static Thread runnerOf(Object thread) {
        return StandIns.runnerOf(thread);
    }

    /** {@code getStackTrace()}: a running subclass object's frames are its stand-in's. */
    public static Object getStackTrace(Object thread) {
        Thread runner = StandIns.runnerOf(thread);
        return runner == null ? null : StandIns.stackTrace(runner);
    }

    /** Before {@code setName}: a running subclass object's stand-in takes the name too, for the JDK's own messages. */
    public static void setName(Object thread, String name) {
        Thread runner = StandIns.runnerOf(thread);
        if (runner != null && name != null) {
            runner.setName(name);
        }
    }

    /** Before {@code setContextClassLoader}: the stand-in, whose loader the JDK's own look-ups use, gets it too. */
    public static void setContextClassLoader(Object thread, ClassLoader loader) {
        Thread runner = StandIns.runnerOf(thread);
        if (runner != null) {
            runner.setContextClassLoader(loader);
        }
    }

    /** {@code setDaemon}: a program fiber keeps the flag ({@code setDaemon(false)} throws on a virtual thread). */
    public static boolean setDaemon(Object thread, boolean on) {
        ProgramThreads.Flags flags = ProgramThreads.flags((Thread) thread);
        if (flags == null) {
            return false;
        }
        if (((Thread) thread).getState() != Thread.State.NEW) {
            throw new IllegalThreadStateException();
        }
        flags.daemon = on;
        return true;
    }

    /** {@code isDaemon()}: a program fiber's flag as the program set it. */
    public static Object isDaemon(Object thread) {
        ProgramThreads.Flags flags = ProgramThreads.flags((Thread) thread);
        return flags == null ? null : Boolean.valueOf(flags.daemon);
    }

    /**
     * Before {@code setPriority}: a program fiber reads back what it was given, though the hub does
     * not schedule by it, as the OS mostly does not; the JDK's body checks the range.
     */
    public static void setPriority(Object thread, int priority) {
        ProgramThreads.Flags flags = ProgramThreads.flags((Thread) thread);
        if (flags != null && priority >= Thread.MIN_PRIORITY && priority <= Thread.MAX_PRIORITY) {
            flags.priority = priority;
        }
    }

    /** {@code getPriority()}: a program fiber's priority as the program set it. */
    public static Object getPriority(Object thread) {
        ProgramThreads.Flags flags = ProgramThreads.flags((Thread) thread);
        return flags == null ? null : Integer.valueOf(flags.priority);
    }
}
