package green.hub;

import green.config.GreenConfig;
import green.observe.Events;
import green.observe.Observability;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The hub: one platform thread, {@code green-hub}, that runs fibers, fires timers and waits for
 * I/O, like gevent's hub over libev. Fibers are virtual threads whose scheduler is this hub: the
 * JDK calls {@link #execute} with a fiber's continuation whenever it becomes runnable.
 *
 * <p>The loop: run a bounded batch of ready tasks (so a busy set of fibers cannot starve I/O and
 * timers, gevent issue #1071), fire due timers, then wait for I/O for no longer than the next
 * timer, or not at all when tasks are ready.
 *
 * <p>Threads: {@link #execute}, {@link #stats()} and {@link #newFiber} may be called from any
 * thread. Everything else is confined to the hub thread, which includes code running in a fiber
 * of this hub ({@link #inHub()}).
 */
public final class Hub implements Executor {

    private static final System.Logger LOG = System.getLogger("green.hub");
    private static final VarHandle SLEEPING;
    private static final VarHandle IN_TASK;
    private static final VarHandle SWITCHES;
    /** Socket operations a fiber may do in one turn; enough to fill a few buffers, few enough to stay fair. */
    private static final int IO_OPS_PER_TURN = 128;
    private static final long EXIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static volatile Hub defaultHub;

    /** See {@link #beforeNextFiber(Runnable)}. */
    private static volatile Runnable beforeNextFiber;

    static {
        try {
            SLEEPING = MethodHandles.lookup().findVarHandle(Hub.class, "sleeping", boolean.class);
            IN_TASK = MethodHandles.lookup().findVarHandle(Hub.class, "inTask", boolean.class);
            SWITCHES = MethodHandles.lookup().findVarHandle(Counters.class, "switches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Thread thread;
    private final ArrayDeque<Runnable> runQueue = new ArrayDeque<>(1024);
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    private final TimerHeap timers = new TimerHeap();
    private final IoPoller poller;
    private final Map<Thread, FiberRecord> fibers = new ConcurrentHashMap<>();
    private final AtomicInteger outsideWork = new AtomicInteger();
    private final ThreadFactory unnamedFibers;
    private final int runBatch;
    final Counters stats = new Counters();

    /** Socket operations left to the task running now; hub thread only (see {@link #spendIoTurn}). */
    private int ioOpsLeft;

    /** The hold of the fiber that is yielding right now; hub thread only (see {@link Hold}). */
    Hold pendingHold;

    /** Whether the fiber yielding right now leaves for a worker; hub thread only (see {@link #leaveForWorker}). */
    private boolean pendingDeparture;

    /** Fibers of this hub that run on a worker thread for now (see {@link #leaveForWorker}). */
    private final Set<Thread> onWorkers = ConcurrentHashMap.newKeySet();

    /** Whether the hub thread is running a task; written opaquely by the hub, read by the watchdog. */
    @SuppressWarnings("unused") // accessed through IN_TASK
    private boolean inTask;

    /** True while the hub is in, or about to enter, a blocking poll: others must wake it. */
    @SuppressWarnings("unused") // accessed through SLEEPING
    private volatile boolean sleeping;

    /** Set when the JVM starts to shut down (see {@link #leaveNativeAtExit}). */
    private volatile boolean exiting;

    private Hub(String name, int runBatch) {
        VirtualThreads.check();
        initJdkPollerOffHub();
        this.poller = openPoller();
        this.runBatch = runBatch;
        this.unnamedFibers = VirtualThreads.builder(this).factory();
        this.thread = new Thread(this::loop, name);
        thread.setDaemon(true); // the program's own threads, not the hub, decide when the JVM exits
    }

    /**
     * Initializes the JDK's {@code sun.nio.ch.Poller} from this platform thread if nothing has yet.
     * In its default mode it starts virtual "SubPoller" threads, and a virtual thread created from
     * a fiber inherits the fiber's scheduler: sub-pollers born on the hub would stop whenever a
     * pinned fiber blocks it, and with them every JDK socket wait (measured in the spike, Q4).
     * In mode 1, which the agent sets, its pollers are platform threads whoever starts them, and
     * initializing it early would only cost: they wait in {@code epoll_wait}, which holds up the
     * JVM's exit by 300 ms (see {@link #leaveNativeAtExit}), so then it is left to the JDK.
     */
    private static void initJdkPollerOffHub() {
        if ("1".equals(System.getProperty("jdk.pollerMode"))) {
            return;
        }
        try {
            Class.forName("sun.nio.ch.Poller", true, null);
        } catch (ClassNotFoundException | LinkageError e) {
            LOG.log(System.Logger.Level.DEBUG, "no sun.nio.ch.Poller to initialize", e);
        }
    }

    private static IoPoller openPoller() {
        if (EPollPoller.unavailableReason() == null) {
            try {
                return new EPollPoller();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "epoll backend unavailable, using a Selector", e);
            }
        } else {
            LOG.log(System.Logger.Level.DEBUG, "epoll backend unavailable ({0}), using a Selector",
                    EPollPoller.unavailableReason());
        }
        return new SelectorPoller();
    }

    /**
     * The process-wide hub, started on first use.
     *
     * @throws UnsupportedOperationException with the reason, when this JVM cannot run fibers
     */
    public static Hub get() {
        Hub hub = defaultHub;
        if (hub == null) {
            synchronized (Hub.class) {
                hub = defaultHub;
                if (hub == null) {
                    hub = new Hub("green-hub", GreenConfig.current().runBatch());
                    hub.thread.start();
                    defaultHub = hub;
                    hub.leaveNativeAtExit();
                    Observability.start(hub);
                }
            }
        }
        return hub;
    }

    /**
     * When the JVM exits, HotSpot waits up to 300 ms for every thread that is inside a native
     * method to leave it ({@code VM_Exit::wait_for_threads_in_native_to_block}); a hub idle in
     * {@code epoll_wait} is such a thread, and every patched program took 0.3 s longer to exit
     * (measured with strace, benchmarks/README.md). So once shutdown starts the hub waits in Java
     * instead, polling I/O every millisecond while shutdown hooks still run fibers.
     */
    private void leaveNativeAtExit() {
        Thread hook = new Thread(() -> {
            exiting = true;
            LockSupport.unpark(thread);
            poller.wakeup();
        }, "green-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            exiting = true; // already shutting down
        }
    }

    /** The process-wide hub if it has been started, else null; never starts it. */
    public static Hub existing() {
        return defaultHub;
    }

    /** The hub the current thread runs on, or null when it is not a fiber of a hub nor a hub thread. */
    public static Hub current() {
        Hub hub = defaultHub;
        return hub != null && hub.inHub() ? hub : null;
    }

    /** Whether the current thread is this hub's thread or a fiber mounted on it. */
    public boolean inHub() {
        return VirtualThreads.currentCarrier() == thread;
    }

    /** The hub's platform thread. */
    public Thread thread() {
        return thread;
    }

    /** Whether fibers of this hub can wait for raw file descriptors here (the epoll backend). */
    public boolean supportsFds() {
        return poller.supportsFds();
    }

    /**
     * An unstarted fiber of this hub that runs {@code task}. Any thread.
     *
     * @param name the thread name, or null for the JDK's unnamed virtual thread
     */
    public Thread newFiber(String name, Runnable task) {
        readyForFibers();
        Thread parent = Thread.currentThread();
        Runnable tracked = () -> track(task, parent);
        if (name == null) {
            return unnamedFibers.newThread(tracked);
        }
        return VirtualThreads.builder(this).name(name).unstarted(tracked);
    }

    /**
     * Has {@code action} run once, by the next {@link #readyForFibers} call ({@link #newFiber} makes
     * one before it makes its fiber): the agent puts there its self-check and the hooks only fibers
     * need, so a program that makes none never pays for them. Any thread.
     */
    public static void beforeNextFiber(Runnable action) {
        beforeNextFiber = action;
    }

    /** Runs the action set by {@link #beforeNextFiber}, if one is pending, on this thread. Any thread. */
    public static void readyForFibers() {
        if (beforeNextFiber == null) {
            return;
        }
        synchronized (Hub.class) { // a second first fiber waits until the action is done
            Runnable action = beforeNextFiber;
            beforeNextFiber = null;
            if (action != null) {
                action.run();
            }
        }
    }

    private void track(Runnable task, Thread parent) {
        assert inHub();
        Thread self = Thread.currentThread();
        fibers.put(self, new FiberRecord(self, parent));
        stats.fibersAlive++;
        stats.fibersSpawned++;
        Events.fiberStart(self, parent);
        try {
            task.run();
        } finally {
            // the continuation may end on the hub only: the scheduler is the hub
            fibers.remove(self);
            stats.fibersAlive--;
            Events.fiberEnd(self);
        }
    }

    /**
     * Schedules {@code task} on the hub. Called by the JDK with fiber continuations and by green
     * with its own tasks, from any thread; never blocks.
     */
    @Override
    public void execute(Runnable task) {
        if (VirtualThreads.currentCarrier() == thread) {
            Hold hold = pendingHold;
            if (hold != null) {
                pendingHold = null;
                hold.suspended(task);
            } else if (pendingDeparture) {
                pendingDeparture = false;
                Offload.carry(task, runQueue::addLast);
            } else {
                runQueue.addLast(task);
            }
        } else {
            inbox.offer(task);
            // Pairs with loop(): it sets sleeping, then re-checks the inbox before blocking. Either
            // it sees this task, or we see sleeping and wake it; the CAS keeps it to one wake-up.
            if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
                if (exiting) {
                    LockSupport.unpark(thread);
                }
                poller.wakeup();
            }
        }
    }

    private void loop() {
        for (;;) {
            try {
                runReady();
                fireTimers();
                waitForIo();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "green hub loop failed; continuing", t);
            }
        }
    }

    private void runReady() {
        for (Runnable task; (task = inbox.poll()) != null; ) {
            runQueue.addLast(task);
        }
        // XXX: bounded so timers and I/O get their turn; green.runBatch tunes it.
        for (int i = 0; i < runBatch; i++) {
            Runnable task = runQueue.pollFirst();
            if (task == null) {
                break;
            }
            // opaque: as cheap as plain stores, but the watchdog thread is sure to see them
            SWITCHES.setOpaque(stats, stats.switches + 1);
            IN_TASK.setOpaque(this, true);
            ioOpsLeft = IO_OPS_PER_TURN;
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "a task on the hub threw; the hub goes on", t);
            } finally {
                IN_TASK.setOpaque(this, false);
            }
        }
    }

    private void fireTimers() {
        if (timers.size() == 0) {
            return;
        }
        long now = System.nanoTime();
        for (Timer due; (due = timers.pollDue(now)) != null; ) {
            stats.timersFired++;
            try {
                due.action.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "a timer action threw; the hub goes on", t);
            }
        }
    }

    private void waitForIo() throws IOException {
        long timeoutMillis = 0;
        if (runQueue.isEmpty()) {
            timeoutMillis = millisUntil(timers.nextDeadlineNanos());
            if (timeoutMillis != 0) {
                sleeping = true;
                if (!inbox.isEmpty()) {
                    timeoutMillis = 0;
                }
            }
        }
        stats.polls++;
        try {
            if (exiting && timeoutMillis != 0) {
                poller.poll(0);
                LockSupport.parkNanos(timeoutMillis < 0 ? EXIT_POLL_NANOS
                        : Math.min(EXIT_POLL_NANOS, TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
            } else {
                poller.poll(timeoutMillis);
            }
        } finally {
            sleeping = false;
        }
    }

    private static long millisUntil(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return -1;
        }
        long nanos = deadlineNanos - System.nanoTime();
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999); // round up: never early
    }

    // ---- waits of the current fiber; hub thread only ----

    /**
     * Counts one socket operation of the current fiber; when its turn's share is spent, the fiber
     * yields to the back of the run queue, so one that never has to wait cannot keep the hub.
     */
    public void spendIoTurn() {
        assert inHub();
        if (--ioOpsLeft < 0) {
            Thread.yield(); // the hub resets the share when it runs the fiber again
        }
    }

    /** Schedules {@code action} to run on the hub at {@code deadlineNanos} ({@link System#nanoTime()}). */
    public Timer schedule(long deadlineNanos, Runnable action) {
        assert inHub();
        return timers.add(deadlineNanos, action);
    }

    /** Cancels a timer; returns whether it had not fired yet. */
    public boolean cancel(Timer timer) {
        assert inHub();
        return timers.cancel(timer);
    }

    /**
     * Parks the current fiber for {@code nanos} on a hub timer, as {@code Thread.sleep} does.
     * A pinned fiber sleeps on its carrier instead (the hub stalls for that long, but cannot deadlock).
     *
     * @throws InterruptedException if the fiber is interrupted; the interrupt status is cleared
     */
    public void sleepNanos(long nanos) throws InterruptedException {
        assert inHub() && Thread.currentThread().isVirtual();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (nanos <= 0) {
            Thread.yield();
            return;
        }
        long deadline = System.nanoTime() + nanos;
        FiberRecord record = fibers.get(Thread.currentThread());
        for (;;) {
            Hold hold = new Hold(this, Hold.TIMED);
            Timer timer = timers.add(deadline, hold);
            waiting(record, FiberRecord.TIMER, -1);
            boolean parked = hold.park();
            running(record);
            timers.cancel(timer);
            long remaining = deadline - System.nanoTime();
            if (!parked) {
                if (remaining > 0) {
                    TimeUnit.NANOSECONDS.sleep(remaining); // pinned: the JDK's own timed park
                }
                return;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (remaining <= 0) {
                return;
            }
        }
    }

    /**
     * Parks the current fiber until {@code fd} is ready for {@code event} ({@code POLLIN} 1 or
     * {@code POLLOUT} 4), {@code nanos} pass (0 or less: no limit), or it is interrupted, unparked
     * or {@linkplain #wakeFd woken}; returns at once when {@code stillWanted} is false once the fd
     * is armed (the socket was closed). Like {@code LockSupport.park} it may return early: callers re-check.
     *
     * @return false if the fiber could not park on the hub (pinned, or no fd support): the caller
     *     must wait some other way
     */
    public boolean awaitFd(int fd, int event, long nanos, BooleanSupplier stillWanted) throws IOException {
        return awaitFd(fd, event, nanos, stillWanted, nanos > 0 ? Hold.TIMED : Hold.UNTIMED);
    }

    /**
     * As {@link #awaitFd}, deaf to interrupts, as a platform thread in a blocking socket call is:
     * the fiber's interrupt status stays as it is, and it reads as {@code RUNNABLE} while it waits.
     */
    public boolean awaitFdDeaf(int fd, int event, long nanos, BooleanSupplier stillWanted) throws IOException {
        return awaitFd(fd, event, nanos, stillWanted, Hold.DEAF);
    }

    private boolean awaitFd(int fd, int event, long nanos, BooleanSupplier stillWanted, int holdKind) throws IOException {
        assert inHub() && Thread.currentThread().isVirtual();
        if (!poller.supportsFds()) {
            return false;
        }
        Hold hold = new Hold(this, holdKind);
        poller.arm(fd, event, hold);
        Timer timer = nanos > 0 ? timers.add(System.nanoTime() + nanos, hold) : null;
        FiberRecord record = fibers.get(Thread.currentThread());
        boolean parked = true;
        waiting(record, event == IoPoller.POLLIN ? FiberRecord.READ : FiberRecord.WRITE, fd);
        try {
            // Checked after arming: a close() from now on reaches us through wakeFd, which runs
            // on the hub and so after this fiber parks.
            if (stillWanted.getAsBoolean()) {
                parked = hold.park();
            }
        } finally {
            running(record);
            poller.disarm(fd, event);
            if (timer != null) {
                timers.cancel(timer);
            }
        }
        return parked;
    }

    private static void waiting(FiberRecord record, int kind, int fd) {
        if (record != null) { // null for a virtual thread of this hub made outside newFiber
            record.waiting(kind, fd);
        }
    }

    private static void running(FiberRecord record) {
        if (record != null) {
            record.running();
        }
    }

    /** Wakes the fiber waiting on {@code fd} for {@code event}, if any. Any thread. */
    public void wakeFd(int fd, int event) {
        if (!poller.supportsFds()) {
            return;
        }
        if (inHub()) {
            Runnable waiter = poller.disarm(fd, event);
            if (waiter != null) {
                waiter.run();
            }
        } else {
            execute(() -> wakeFd(fd, event));
        }
    }

    /**
     * Moves the current fiber, mounted on this hub, to a worker thread, so that a native call
     * which blocks (a process pipe, {@code System.in}, a file sync) blocks the worker and not the hub;
     * {@link #returnFromWorker()} brings it back. The fiber keeps its identity; only its carrier
     * changes, as with the JDK's own scheduler. A pinned fiber cannot move and stays (the hub then
     * stalls for the call, as before). The fiber counts as outside work while away.
     */
    public void leaveForWorker() {
        assert inHub() && Thread.currentThread().isVirtual();
        Thread fiber = Thread.currentThread();
        outsideWorkStarted();
        onWorkers.add(fiber);
        pendingDeparture = true;
        Thread.yield();
        if (inHub()) { // pinned, or no worker could be started: still here
            pendingDeparture = false;
            onWorkers.remove(fiber);
            outsideWorkEnded();
        }
    }

    /**
     * Brings the current fiber back from a worker thread to this hub, if {@link #leaveForWorker()}
     * took it there; else does nothing. Any thread.
     */
    public void returnFromWorker() {
        Thread fiber = Thread.currentThread();
        if (!onWorkers.remove(fiber)) {
            return;
        }
        Thread.yield(); // the JDK resubmits the continuation through execute(): the inbox, from a worker
        outsideWorkEnded();
    }

    // ---- liveness ----

    /** Counts work done for this hub's fibers outside it (blocking offload), which can still wake them. */
    public void outsideWorkStarted() {
        outsideWork.incrementAndGet();
    }

    public void outsideWorkEnded() {
        outsideWork.decrementAndGet();
    }

    /**
     * Whether no fiber of this hub can ever run again without help from {@code except}: nothing is
     * ready, no timer or I/O wait is pending, no offloaded work is running, every fiber waits
     * untimed, none of them in a JDK socket wait, and no other live non-daemon thread exists that
     * might wake one. Any thread; evaluated on the hub.
     */
    public boolean wouldBlockForever(Thread except) throws InterruptedException {
        var answer = new CompletableFuture<Boolean>();
        execute(() -> answer.complete(idleForever(except)));
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return false; // the hub is busy: it is certainly not stuck
        }
    }

    private boolean idleForever(Thread except) {
        if (!runQueue.isEmpty() || !inbox.isEmpty() || timers.size() > 0 || poller.armed() > 0
                || outsideWork.get() > 0) {
            return false;
        }
        for (Thread fiber : fibers.keySet()) {
            if (fiber.getState() != Thread.State.WAITING || inJdkIoWait(fiber)) {
                return false;
            }
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != except && t != thread && t.isAlive() && !t.isDaemon() && !t.isVirtual()
                    && !"DestroyJavaVM".equals(t.getName())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inJdkIoWait(Thread fiber) {
        for (StackTraceElement frame : fiber.getStackTrace()) {
            if (frame.getClassName().startsWith("sun.nio.ch.")) {
                return true;
            }
        }
        return false;
    }

    /** What the hub knows of each fiber alive now. Any thread. */
    public Collection<FiberRecord> fibers() {
        return List.copyOf(fibers.values());
    }

    /** The fiber running on the hub thread at this moment, or null. Any thread. */
    public Thread runningFiber() {
        for (Thread fiber : fibers.keySet()) {
            if (VirtualThreads.carrierOf(fiber) == thread) {
                return fiber;
            }
        }
        return null;
    }

    /**
     * Tasks started so far, and whether one is running: two samples with the same count while a
     * task runs mean that one task has held the hub all along. Any thread (the watchdog).
     */
    public long switchesStarted() {
        return (long) SWITCHES.getOpaque(stats);
    }

    public boolean inTask() {
        return (boolean) IN_TASK.getOpaque(this);
    }

    /** A snapshot of the counters. Any thread. */
    public HubStats stats() {
        return new HubStats(stats.fibersAlive, stats.fibersSpawned, stats.switches,
                runQueue.size() + inbox.size(), stats.polls, stats.timersFired, timers.size(),
                poller.armed(), stats.pinnedFallbacks);
    }
}
