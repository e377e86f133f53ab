package green.hub;

import java.util.concurrent.Executor;

/**
 * What the hub keeps of one fiber, one object, reachable from the fiber in one field read: the JDK
 * sees it as the virtual thread's scheduler ({@code VirtualThread.scheduler}), and it hands every
 * continuation on to the hub. So a hook finds a fiber's hub, and what it attached to the fiber (a
 * program thread's daemon flag and priority), without a map; and a million sleeping fibers cost
 * the hub one small object each: the task, the parent, the links of the hub's list of live fibers
 * ({@link FiberRegistry}), the attachment.
 *
 * <p>A virtual thread that a fiber starts itself ({@code Thread.ofVirtual().start(..)}) inherits
 * the fiber's scheduler, as the JDK gives a new virtual thread its parent's when none is named:
 * it runs on the hub too, but it is not this slot's fiber ({@link #of} tells them apart).
 *
 * <p>{@link #execute} is called from any thread; the links are the registry's, under its lock.
 */
final class FiberSlot implements Executor, Runnable {
    final Hub hub;
    final Thread parent;
    final Object attachment;
    private final Runnable task;
    /** Set by {@link Hub#newFiber} before the fiber can start, and never again. */
    Thread fiber;
    FiberSlot previous;
    FiberSlot next;

    FiberSlot(Hub hub, Runnable task, Thread parent, Object attachment) {
        this.hub = hub;
        this.task = task;
        this.parent = parent;
        this.attachment = attachment;
    }

    /** The slot of {@code thread} if it is a fiber a hub made ({@link Hub#newFiber}), else null. Any thread. */
    static FiberSlot of(Thread thread) {
        return thread.isVirtual() && VirtualThreads.schedulerOf(thread) instanceof FiberSlot slot && slot.fiber == thread
                ? slot : null;
    }

    /** The hub that schedules {@code thread}, if a hub does (its own fiber, or a virtual thread one started), else null. */
    static Hub hubOf(Thread thread) {
        return thread.isVirtual() && VirtualThreads.schedulerOf(thread) instanceof FiberSlot slot ? slot.hub : null;
    }

    /** The JDK submits the fiber's continuation (or a child's, see above): it runs on the hub. */
    @Override
    public void execute(Runnable continuation) {
        hub.execute(continuation);
    }

    /** The fiber's body, as the virtual thread runs it. */
    @Override
    public void run() {
        hub.track(this, task);
    }
}
