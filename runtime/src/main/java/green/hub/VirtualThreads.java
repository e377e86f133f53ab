package green.hub;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;

/**
 * The JDK internals that make a fiber: a virtual thread with our scheduler, the carrier of the
 * current thread, and the virtual thread's state word. Every member used here is checked once by
 * name and signature (a feature check, not a version check); when one is missing the runtime
 * cannot work and {@link #check()} says exactly why.
 *
 * <p>Thread-safe: all state is immutable after class initialization.
 */
public final class VirtualThreads {

    /** The flag a library-mode user must add; the agent opens the package itself. */
    public static final String OPEN_FLAG = "--add-opens java.base/java.lang=ALL-UNNAMED";

    private static final MethodHandle NEW_BUILDER;      // (Executor) -> Thread.Builder.OfVirtual
    private static final MethodHandle CURRENT_CARRIER;  // () -> Thread
    private static final MethodHandle TASK_OF;          // (Thread) -> Runnable, the task given to its constructor
    private static final MethodHandle STACK_SIZE_OF;    // (Thread) -> long, the stack size given to its constructor
    private static final MethodHandle HOLDER_OF;        // (Thread) -> Thread.FieldHolder, as an Object
    private static final VarHandle THREAD_STATUS;        // Thread.FieldHolder.threadStatus, the JVMTI state word
    private static final VarHandle STATE;                // VirtualThread.state
    private static final VarHandle CARRIER;              // VirtualThread.carrierThread
    private static final VarHandle SCHEDULER;            // VirtualThread.scheduler
    private static final int PARKED;
    private static final int TIMED_PARKED;
    private static final int YIELDED;
    private static final String FAILURE;

    static {
        MethodHandle newBuilder = null;
        MethodHandle currentCarrier = null;
        MethodHandle taskOf = null;
        MethodHandle stackSizeOf = null;
        MethodHandle holderOfObject = null;
        VarHandle threadStatus = null;
        VarHandle state = null;
        VarHandle carrier = null;
        VarHandle scheduler = null;
        int parked = -1;
        int timedParked = -1;
        int yielded = -1;
        String failure = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup());
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder");
            newBuilder = lookup.findConstructor(builder, MethodType.methodType(void.class, Executor.class))
                    .asType(MethodType.methodType(Thread.Builder.OfVirtual.class, Executor.class));
            currentCarrier = lookup.findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
            Class<?> holder = Class.forName("java.lang.Thread$FieldHolder");
            MethodHandles.Lookup holderLookup = MethodHandles.privateLookupIn(holder, MethodHandles.lookup());
            MethodHandle holderOf = lookup.findGetter(Thread.class, "holder", holder);
            taskOf = MethodHandles.filterReturnValue(holderOf, holderLookup.findGetter(holder, "task", Runnable.class));
            stackSizeOf = MethodHandles.filterReturnValue(holderOf, holderLookup.findGetter(holder, "stackSize", long.class));
            holderOfObject = holderOf.asType(MethodType.methodType(Object.class, Thread.class));
            threadStatus = holderLookup.findVarHandle(holder, "threadStatus", int.class);
            Class<?> vthread = Class.forName("java.lang.VirtualThread");
            MethodHandles.Lookup vthreadLookup = MethodHandles.privateLookupIn(vthread, MethodHandles.lookup());
            state = vthreadLookup.findVarHandle(vthread, "state", int.class);
            carrier = vthreadLookup.findVarHandle(vthread, "carrierThread", Thread.class);
            scheduler = vthreadLookup.findVarHandle(vthread, "scheduler", Executor.class);
            parked = intConstant(vthread, "PARKED");
            timedParked = intConstant(vthread, "TIMED_PARKED");
            yielded = intConstant(vthread, "YIELDED");
        } catch (IllegalAccessException | IllegalAccessError e) {
            failure = "green needs java.lang opened to it: add " + OPEN_FLAG
                    + " to the java command line, or run with -javaagent:green.jar (" + e.getMessage() + ")";
        } catch (ReflectiveOperationException | RuntimeException e) {
            failure = "green cannot run on this JVM (" + Runtime.version() + "): the JDK internal it needs is missing: " + e;
        }
        NEW_BUILDER = newBuilder;
        CURRENT_CARRIER = currentCarrier;
        TASK_OF = taskOf;
        STACK_SIZE_OF = stackSizeOf;
        HOLDER_OF = holderOfObject;
        THREAD_STATUS = threadStatus;
        STATE = state;
        CARRIER = carrier;
        SCHEDULER = scheduler;
        PARKED = parked;
        TIMED_PARKED = timedParked;
        YIELDED = yielded;
        FAILURE = failure;
    }

    private VirtualThreads() {
        throw new UnsupportedOperationException();
    }

    private static int intConstant(Class<?> owner, String name) throws ReflectiveOperationException {
        Field field = owner.getDeclaredField(name);
        if (field.getType() != int.class) {
            throw new NoSuchFieldException(owner.getName() + "." + name + " is not an int");
        }
        field.setAccessible(true);
        return field.getInt(null);
    }

    /** Null when fibers can be made on this JVM, else the one-line reason why not. */
    public static String unavailableReason() {
        return FAILURE;
    }

    /** Throws {@link UnsupportedOperationException} with the one-line reason when fibers are unavailable. */
    public static void check() {
        if (FAILURE != null) {
            throw new UnsupportedOperationException(FAILURE);
        }
    }

    /** A builder of virtual threads scheduled by {@code scheduler}. */
    static Thread.Builder.OfVirtual builder(Executor scheduler) {
        check();
        try {
            return (Thread.Builder.OfVirtual) NEW_BUILDER.invokeExact(scheduler);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual thread builder", t);
        }
    }

    /** The platform thread the current thread runs on: itself, or the carrier of a virtual thread. */
    static Thread currentCarrier() {
        try {
            return (Thread) CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The platform thread {@code fiber} is mounted on now, or null. Any thread. */
    static Thread carrierOf(Thread fiber) {
        return (Thread) CARRIER.getVolatile(fiber);
    }

    /** The scheduler of a virtual thread: a hub for a fiber. Any thread. */
    static Executor schedulerOf(Thread virtualThread) {
        return (Executor) SCHEDULER.get(virtualThread);
    }

    /** The {@code Runnable} a platform thread was constructed with, or null. */
    public static Runnable taskOf(Thread platformThread) {
        try {
            return (Runnable) TASK_OF.invokeExact(platformThread);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The stack size a platform thread was constructed with; 0 when it asked for none. */
    public static long stackSizeOf(Thread platformThread) {
        try {
            return (long) STACK_SIZE_OF.invokeExact(platformThread);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The JVMTI state word of a platform thread object ({@code 0} while it was never started), which
     * {@code getState()}, {@code start()} and the VM read.
     */
    public static int threadStatusOf(Thread platformThread) {
        return (int) THREAD_STATUS.getVolatile(holderOf(platformThread));
    }

    /**
     * Sets the JVMTI state word of a platform thread object that the VM never started (a
     * {@code Thread} subclass whose {@code run()} a fiber runs), so that the JDK's own reads of it
     * tell the truth.
     */
    public static void setThreadStatus(Thread platformThread, int jvmtiState) {
        THREAD_STATUS.setVolatile(holderOf(platformThread), jvmtiState);
    }

    private static Object holderOf(Thread platformThread) {
        try {
            return (Object) HOLDER_OF.invokeExact(platformThread);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Turns a fiber that has just yielded into one the JDK sees as parked, so that
     * {@code Thread.interrupt()} and {@code LockSupport.unpark} resubmit it to the hub by themselves.
     * Returns false if the state was not YIELDED (someone else already moved it).
     */
    static boolean yieldedToParked(Thread fiber, boolean timed) {
        return STATE.compareAndSet(fiber, YIELDED, timed ? TIMED_PARKED : PARKED);
    }

    /**
     * Takes back a fiber from the parked state so the hub may run it. Returns false when the JDK
     * won the race (an interrupt or unpark already resubmitted it).
     */
    static boolean parkedToYielded(Thread fiber, boolean timed) {
        return STATE.compareAndSet(fiber, timed ? TIMED_PARKED : PARKED, YIELDED);
    }
}
