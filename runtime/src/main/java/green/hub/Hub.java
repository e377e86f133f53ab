package green.hub;

import green.config.GreenConfig;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The hub: a loop that runs fibers, fires timers and waits for I/O, like gevent's hub over
 * libev. Fibers are virtual threads whose scheduler is this hub: the JDK calls {@link #execute}
 * with a fiber's continuation whenever it becomes runnable. Each turn of the loop runs a bounded
 * batch of ready tasks (so a busy set of fibers cannot starve I/O and timers, gevent issue #1071),
 * fires due timers, then waits for I/O for no longer than the next timer, or not at all when
 * tasks are ready.
 *
 * <h2>Who runs the loop</h2>
 * The loop's state (run queue, timers, poller, {@link #pendingHold}, counters) belongs to one
 * thread at a time, its owner: the hub's own platform thread, {@code green-hub}, unless a fiber
 * held it so long that a relief thread took over ({@link ReliefThreads}). Each owner's
 * {@link Tenure} carries a state word: the number of tasks started so far and a phase.
 * <pre>
 *   IDLE   --(the owner starts a task)-->                       TASK
 *   TASK   --(fiber code enters the hub: a wait, a timer, a push: {@link #enter})--> IN_HUB
 *   IN_HUB --(it leaves: {@link #exitHub})-->                   TASK
 *   TASK or IN_HUB --(the task returns to the loop)-->          IDLE
 *   TASK   --(relieved: by the watchdog, or by the fiber itself before it blocks)--> RELIEVED
 * </pre>
 * Relief is a compare-and-set from TASK only, so it never happens while fiber code touches loop
 * state (IN_HUB) or while the owner runs the loop's own code (IDLE). The relief installs a new
 * tenure for another thread, which runs the loop from then on. The relieved thread goes on running
 * its fiber until the fiber parks or ends; its final compare-and-set to IDLE then fails, and it
 * never touches loop state again: what the JDK hands it meanwhile (the fiber's continuation when it
 * yields) goes through the inbox as from any other thread. The hub's own thread, once relieved and
 * free, asks for the loop back ({@link #handBackWanted}); the owner hands it over between two
 * turns and its relief thread returns to the pool. So fiber code runs on one thread at a time as
 * long as every fiber cooperates; only a fiber that would otherwise stall every other runs beside
 * the loop, which is what its platform thread did. The task counter in the word tells the watchdog
 * that one task has held the loop between two samples, and makes its compare-and-set fail if that
 * task has ended since.
 *
 * <p>Threads: {@link #execute}, {@link #stats()}, {@link #newFiber} and the {@link HubView} methods
 * may be called from any thread; the waits from fibers of this hub, which join the loop first if
 * they were relieved; everything else runs on the loop.
 */
public final class Hub implements Executor, HubView {

    private static final System.Logger LOG = System.getLogger("green.hub");
    private static final VarHandle WORD;
    private static final VarHandle SLEEPING;
    private static final VarHandle TURNS;
    /** Socket operations a fiber may do in one turn; enough to fill a few buffers, few enough to stay fair. */
    private static final int IO_OPS_PER_TURN = 128;
    private static final long EXIT_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** XXX: a task that makes file calls for this long hands the loop over at its next one. */
    private static final long BLOCKING_RELIEF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    // The phase of a tenure's word, in its low two bits; the task count is the rest.
    private static final long IDLE = 0;
    private static final long TASK = 1;
    private static final long IN_HUB = 2;
    private static final long RELIEVED = 3;
    private static final long PHASE = 3;
    private static final long ONE_TASK = 4;

    private static volatile Hub defaultHub;
    private static final List<Consumer<Hub>> STARTED = new CopyOnWriteArrayList<>();

    static {
        try {
            WORD = MethodHandles.lookup().findVarHandle(Tenure.class, "word", long.class);
            SLEEPING = MethodHandles.lookup().findVarHandle(Hub.class, "sleeping", boolean.class);
            TURNS = MethodHandles.lookup().findVarHandle(Counters.class, "polls", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One thread's time as the loop's owner, and its state word (see the class comment). */
    static final class Tenure {
        final Thread thread;
        @SuppressWarnings("unused") // accessed through WORD
        volatile long word;

        Tenure(Thread thread, long tasks) {
            this.thread = thread;
            this.word = tasks * ONE_TASK;
        }
    }

    private final Thread thread;
    private volatile Tenure tenure;
    private volatile boolean handBackWanted;
    private final ArrayDeque<Runnable> runQueue = new ArrayDeque<>(1024);
    /** Fibers woken by the loop's timers and I/O since its last batch: they run first in the next. */
    private final ArrayDeque<Runnable> woken = new ArrayDeque<>(1024);
    private final ConcurrentLinkedQueue<Runnable> inbox = new ConcurrentLinkedQueue<>();
    final TimerHeap timers = new TimerHeap();
    final IoPoller poller;
    private final FiberRegistry registry = new FiberRegistry();
    final HoldPool holds = new HoldPool(this);
    private final FdWaits fds = new FdWaits(this);
    private final Liveness liveness = new Liveness(this);
    private final ReliefThreads relief;
    private final boolean reliefOn;
    /** The hub's choices under {@code green.seed}, or null: first come, first run. Set on the loop. */
    private volatile SeededOrder seeded;
    private final AtomicInteger outsideWork = new AtomicInteger();
    private final Set<Thread> onWorkers = ConcurrentHashMap.newKeySet();
    private final int runBatch;
    private final Counters stats = new Counters();
    private final LongAdder pinnedFallbacks = new LongAdder();
    private final LongAdder reliefs = new LongAdder();
    private volatile HubListener listener = new HubListener() { };

    /** Socket operations left to the task running now; the loop's (see {@link #spendIoTurn}). */
    private int ioOpsLeft;
    /** The hold of the fiber that is yielding right now, set and taken IN_HUB (see {@link #park}). */
    private Hold pendingHold;
    /** Whether the fiber yielding right now leaves for a worker; set and taken IN_HUB (see {@link #depart}). */
    private boolean pendingDeparture;
    /** Set by the watchdog when a turn has run too long: the loop ends its batch at the next task. */
    private volatile boolean cutTurn;
    /** When the loop was last relieved ({@link System#nanoTime()}), for the watchdog. */
    private volatile long lastReliefNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
    /** The task count of the last task that said it is in a blocking call; the watchdog reads it. */
    private volatile long blockingTask = -1;
    /** When that task said it first ({@link System#nanoTime()}); the loop's. */
    private long blockingSinceNanos;

    /** True while the owner is in, or about to enter, a blocking poll: others must wake it. */
    @SuppressWarnings("unused") // accessed through SLEEPING
    private volatile boolean sleeping;

    /** Set when the JVM starts to shut down (see {@link #leaveNativeAtExit}). */
    private volatile boolean exiting;

    private Hub(String name, GreenConfig config) {
        VirtualThreads.check();
        initJdkPollerOffHub();
        this.poller = openPoller();
        this.runBatch = config.runBatch();
        this.reliefOn = config.relief();
        if (config.seed().isPresent()) {
            this.seeded = new SeededOrder(config.seed().getAsLong());
        }
        this.relief = new ReliefThreads(this, config.reliefThreads());
        this.thread = new Thread(this::runAsHubThread, name);
        thread.setDaemon(true); // the program's own threads, not the hub, decide when the JVM exits
        this.tenure = new Tenure(thread, 0);
    }

    /**
     * Initializes the JDK's {@code sun.nio.ch.Poller} from this platform thread if nothing has yet.
     * In its default mode it starts virtual "SubPoller" threads, and a virtual thread created from
     * a fiber inherits the fiber's scheduler: sub-pollers born on the hub would stop whenever a
     * pinned fiber blocks it, and with them every JDK socket wait. In mode 1, which the agent sets,
     * its pollers are platform threads whoever starts them, and initializing it early would only
     * cost: they wait in {@code epoll_wait}, which holds up the JVM's exit by 300 ms (see
     * {@link #leaveNativeAtExit}), so then it is left to the JDK.
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

    // ---- the process-wide hub ----

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
                    GreenConfig config = GreenConfig.current();
                    hub = new Hub("green-hub", config);
                    hub.thread.start();
                    defaultHub = hub;
                    hub.leaveNativeAtExit();
                    new Watchdog(hub, config).start();
                    for (Consumer<Hub> action : STARTED) {
                        action.accept(hub);
                    }
                }
            }
        }
        return hub;
    }

    /**
     * Runs {@code action} with the process-wide hub once it has started (at once if it has): how
     * observability attaches to the hub without the hub knowing it. Any thread.
     */
    public static void whenStarted(Consumer<Hub> action) {
        Hub hub;
        synchronized (Hub.class) {
            hub = defaultHub;
            if (hub == null) {
                STARTED.add(action);
                return;
            }
        }
        action.accept(hub);
    }

    /** The process-wide hub if it has been started, else null; never starts it. */
    public static Hub existing() {
        return defaultHub;
    }

    /** The hub whose loop the current thread runs now (a fiber on it, or the owner itself), or null. */
    public static Hub current() {
        Hub hub = defaultHub;
        return hub != null && hub.inHub() ? hub : null;
    }

    /** The hub whose fiber the current thread is, wherever it runs now, or null. */
    public static Hub ofCurrentFiber() {
        Hub hub = defaultHub;
        Thread self = Thread.currentThread();
        return hub != null && FiberSlot.hubOf(self) == hub ? hub : null;
    }

    /**
     * A fiber of the hub that runs beside the loop (relieved) joins it again, by yielding; true if
     * it is on the loop now. For the waits whose callers re-check what they wait for: the caller
     * returns as from a spurious wake-up, retries its operation on the loop, and waits there, so
     * that what the loop knows of an fd is never older than the operation that found it empty.
     */
    public static boolean rejoin() {
        Hub hub = ofCurrentFiber();
        if (hub == null || hub.inHub()) {
            return false;
        }
        Thread.yield(); // the continuation reaches the loop through the inbox
        return hub.inHub();
    }

    /**
     * The hub of the current fiber, on its loop: a fiber that was relieved (it runs beside the loop
     * on a thread of its own) joins the loop again first, by yielding. Null when the current thread
     * is not a fiber of the hub, or is pinned beside the loop: it must wait some other way.
     */
    public static Hub joined() {
        Hub hub = defaultHub;
        if (hub == null) {
            return null;
        }
        if (hub.inHub()) {
            return Thread.currentThread().isVirtual() ? hub : null;
        }
        if (ofCurrentFiber() == null) {
            return null;
        }
        Thread.yield(); // the continuation reaches the loop through the inbox
        return hub.inHub() ? hub : null;
    }

    /**
     * Has {@code action} run once, by the next {@link #readyForFibers} call ({@link #newFiber} makes
     * one before it makes its fiber): the agent puts there its self-check and the hooks only fibers
     * need, so a program that makes none never pays for them. Any thread.
     */
    public static void beforeNextFiber(Runnable action) {
        FirstFiber.set(action);
    }

    /** Runs the action set by {@link #beforeNextFiber}, if one is pending, on this thread. Any thread. */
    public static void readyForFibers() {
        FirstFiber.ready();
    }

    /**
     * When the JVM exits, HotSpot waits up to 300 ms for every thread that is inside a native
     * method to leave it ({@code VM_Exit::wait_for_threads_in_native_to_block}); a hub idle in
     * {@code epoll_wait} is such a thread, and every patched program took 0.3 s longer to exit
     * (measured with strace, benchmarks/README.md). So once shutdown starts the loop waits in Java
     * instead, polling I/O every millisecond while shutdown hooks still run fibers.
     */
    private void leaveNativeAtExit() {
        Thread hook = new Thread(() -> {
            exiting = true;
            LockSupport.unpark(tenure.thread);
            poller.wakeup();
        }, "green-exit");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException e) {
            exiting = true; // already shutting down
        }
    }

    // ---- identity ----

    /** Whether the current thread runs this hub's loop now: its owner, or a fiber on it. */
    public boolean inHub() {
        return VirtualThreads.currentCarrier() == tenure.thread;
    }

    @Override
    public Thread thread() {
        return thread;
    }

    @Override
    public Thread loopThread() {
        return tenure.thread;
    }

    /** Whether {@code t} is the hub's thread or one of its relief threads (for liveness). */
    boolean isLoopThread(Thread t) {
        return t == thread || t.getName().startsWith("green-relief-");
    }

    /** The waits of fibers on file descriptors, and the hooks around the JDK's socket operations. */
    public FdWaits fds() {
        return fds;
    }

    /** Whether fibers of this hub can wait for raw file descriptors here (the epoll backend). */
    public boolean supportsFds() {
        return poller.supportsFds();
    }

    FiberRegistry registry() {
        return registry;
    }

    /** Tells {@code listener} what the hub does from now on (one listener: observability's). Any thread. */
    public void listen(HubListener listener) {
        this.listener = listener;
    }

    HubListener listener() {
        return listener;
    }

    // ---- fibers ----

    /**
     * An unstarted fiber of this hub that runs {@code task}. Any thread.
     *
     * @param name the thread name, or null for the JDK's unnamed virtual thread
     */
    public Thread newFiber(String name, Runnable task) {
        return newFiber(name, task, null);
    }

    /**
     * As {@link #newFiber(String, Runnable)}, with {@code attachment} kept for the fiber's life
     * and after ({@link #attachmentOf}), in the fiber's own bookkeeping rather than in a map.
     */
    public Thread newFiber(String name, Runnable task, Object attachment) {
        readyForFibers();
        FiberSlot slot = new FiberSlot(this, task, Thread.currentThread(), attachment);
        Thread.Builder.OfVirtual builder = VirtualThreads.builder(slot);
        Thread fiber = name == null ? builder.unstarted(slot) : builder.name(name).unstarted(slot);
        slot.fiber = fiber;
        return fiber;
    }

    /** What {@link #newFiber(String, Runnable, Object)} attached to {@code thread}, or null. Any thread, one field read. */
    public static Object attachmentOf(Thread thread) {
        FiberSlot slot = FiberSlot.of(thread);
        return slot == null ? null : slot.attachment;
    }

    void track(FiberSlot slot, Runnable task) {
        Thread self = slot.fiber;
        registry.register(slot);
        listener.fiberStarted(self, slot.parent);
        try {
            task.run();
        } finally {
            registry.unregister(slot);
            listener.fiberEnded(self);
        }
    }

    // ---- scheduling ----

    /**
     * Schedules {@code task} on the hub. Called by the JDK with fiber continuations and by green
     * with its own tasks, from any thread; never blocks. On the loop's thread it is a push on the
     * run queue (taking the continuation of a fiber that is parking); from anywhere else, including
     * a relieved thread, the inbox and a wake-up.
     */
    @Override
    public void execute(Runnable task) {
        int entered = enter();
        if (entered != NOT_ON_LOOP) {
            try {
                onLoop(task);
            } finally {
                exit(entered);
            }
            return;
        }
        inbox.offer(task);
        // Pairs with waitForIo(): it sets sleeping, then re-checks the inbox before blocking. Either
        // it sees this task, or we see sleeping and wake it; the CAS keeps it to one wake-up.
        if (sleeping && SLEEPING.compareAndSet(this, true, false)) {
            wakeOwner();
        }
    }

    private void wakeOwner() {
        if (exiting) {
            LockSupport.unpark(tenure.thread);
        }
        poller.wakeup();
    }

    /** A task given on the loop's thread: the loop's, or the continuation of the fiber parking now. */
    private void onLoop(Runnable task) {
        Hold hold = pendingHold;
        if (hold != null) {
            pendingHold = null;
            hold.suspended(task);
        } else if (pendingDeparture) {
            pendingDeparture = false;
            Offload.carry(task, runQueue::addLast);
        } else if (((long) WORD.getOpaque(tenure) & PHASE) == IDLE) {
            woken.addLast(task); // the loop's own code: a timer or an fd woke it
        } else {
            runQueue.addLast(task);
        }
    }

    // ---- the loop ----

    private void runAsHubThread() {
        for (;;) {
            runLoopWhileOwner();
            awaitHandBack();
        }
    }

    /**
     * Runs the loop for as long as the calling thread owns it: until it is relieved, or hands it
     * back. Each turn runs the fibers its timers and I/O woke first, then those queued otherwise
     * (yielded, spawned, woken from other threads), in a batch the watchdog cuts short when it has
     * run long; so a fiber woken on time (a ticker, a client's request) does not wait behind every
     * fiber that holds the loop a while, as gevent switches to a greenlet from its watcher. A new
     * owner first catches up with the timers and I/O that came due while a fiber held the loop.
     */
    void runLoopWhileOwner() {
        Tenure mine = tenure;
        assert mine.thread == Thread.currentThread();
        try {
            fireTimers();
            poller.poll(0, seeded);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "green hub loop failed; continuing", t);
        }
        while (tenure == mine) {
            try {
                if (!runReady(mine)) {
                    return; // relieved: a relief thread runs the loop now
                }
                fireTimers();
                waitForIo();
                if (handBackWanted && mine.thread != thread) {
                    handBack();
                    return;
                }
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "green hub loop failed; continuing", t);
            }
        }
    }

    /** The hub's thread, relieved and free again, waits until the owner hands the loop back. */
    private void awaitHandBack() {
        handBackWanted = true;
        wakeOwner();
        while (tenure.thread != thread) {
            LockSupport.park(this);
        }
    }

    /** Between two turns, a relief thread gives the loop back to the hub's own thread. */
    private void handBack() {
        handBackWanted = false;
        long tasks = tenure.word >>> 2;
        tenure = new Tenure(thread, tasks); // publishes the loop's state to the hub's thread
        LockSupport.unpark(thread);
    }

    /** Runs a bounded batch of ready tasks; false if the thread was relieved during one. */
    private boolean runReady(Tenure mine) {
        for (Runnable task; (task = inbox.poll()) != null; ) {
            runQueue.addLast(task);
        }
        // Bounded so that timers and I/O get their turn (green.runBatch).
        cutTurn = false;
        SeededOrder order = seeded;
        for (int i = 0; i < runBatch && !cutTurn; i++) {
            Runnable task;
            if (order != null) {
                if ((task = order.next(woken, runQueue)) == null) {
                    break;
                }
            } else if ((task = woken.pollFirst()) == null && (task = runQueue.pollFirst()) == null) {
                break;
            }
            HubClock.advance(HubClock.TICK_NANOS);
            long word = (mine.word & ~PHASE) + ONE_TASK + TASK;
            ioOpsLeft = IO_OPS_PER_TURN;
            WORD.setRelease(mine, word);
            try {
                task.run();
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.ERROR, "a task on the hub threw; the hub goes on", t);
            }
            long now = (long) WORD.getAcquire(mine);
            if ((now & PHASE) == RELIEVED || !WORD.compareAndSet(mine, now, now & ~PHASE)) {
                return false;
            }
        }
        return true;
    }

    private void fireTimers() {
        if (timers.size() == 0) {
            return;
        }
        long now = HubClock.now();
        SeededOrder order = seeded;
        if (order != null) {
            List<Timer> due = new ArrayList<>();
            for (Timer timer; (timer = timers.pollDue(now)) != null; ) {
                due.add(timer);
            }
            order.shuffle(due); // timers due together fire in the seed's order
            due.forEach(this::fire);
            return;
        }
        // As many as a turn runs fibers: a million sleepers due at once are woken and run in
        // batches, each run (and most of them ended) before the next is woken, so the woken queue
        // stays short and I/O is polled between batches. What is left is due: the poll does not wait.
        Timer due;
        for (int i = 0; i < runBatch && (due = timers.pollDue(now)) != null; i++) {
            fire(due);
        }
    }

    private void fire(Timer due) {
        if (!due.claimForFiring()) {
            return; // cancelled from off the loop; its removal was still on its way
        }
        stats.timersFired++;
        try {
            due.action.run();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, "a timer action threw; the hub goes on", t);
        }
    }

    /** Whether no task is queued on the loop (nor chosen-from under a seed). */
    private boolean nothingQueued() {
        SeededOrder order = seeded;
        return runQueue.isEmpty() && woken.isEmpty() && (order == null || order.isEmpty());
    }

    private void waitForIo() throws IOException {
        long timeoutMillis = 0;
        boolean mayJump = false;
        if (nothingQueued()) {
            timeoutMillis = millisUntil(timers.nextDeadlineNanos());
            if (timeoutMillis != 0) {
                sleeping = true;
                if (wakeUpDue()) {
                    timeoutMillis = 0;
                } else if (HubClock.isVirtual() && timeoutMillis > 0) {
                    // Virtual time: nothing to run, only timers to wait for. Jump now if nothing can
                    // come; else look again after a quiet while (HubClock), and jump then.
                    if (poller.armed() == 0 && nothingOutside()) {
                        HubClock.jumpTo(timers.nextDeadlineNanos());
                        timeoutMillis = 0;
                    } else {
                        mayJump = true;
                        timeoutMillis = Math.min(timeoutMillis, HubClock.QUIET_MILLIS);
                    }
                }
            }
        }
        TURNS.setOpaque(stats, stats.polls + 1);
        long blockedSince = timeoutMillis != 0 ? System.nanoTime() : 0;
        try {
            int ran;
            if (exiting && timeoutMillis != 0) {
                ran = poller.poll(0, seeded);
                LockSupport.parkNanos(timeoutMillis < 0 ? EXIT_POLL_NANOS
                        : Math.min(EXIT_POLL_NANOS, TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
            } else if (timeoutMillis != 0 && HubClock.isVirtual() && (poller.poll(0, seeded) > 0 || wakeUpDue() || exiting)) {
                // Virtual time: what is ready already (a loopback peer in this program wrote it)
                // took no time; only a wait that blocks lets real time in. Else how long the OS took
                // to run this thread again would move the clock, and with it a seed's schedule.
                // That poll may have taken a wake-up meant for the blocking one: look again.
                return;
            } else {
                ran = poller.poll(timeoutMillis, seeded);
            }
            if (mayJump && ran == 0 && inbox.isEmpty() && nothingQueued() && nothingOutside()) {
                HubClock.jumpTo(timers.nextDeadlineNanos()); // quiet: nothing came, nothing will
            } else if (timeoutMillis != 0 && (ran > 0 || !mayJump)) {
                HubClock.advance(System.nanoTime() - blockedSince); // what came from outside came in real time
            }
        } finally {
            sleeping = false;
        }
    }

    /**
     * Whether another thread has asked the loop not to block (a task in the inbox, a hand-back;
     * shutdown, which wakes it too, is {@link #exiting}): read again where a poll may have taken
     * that wake-up.
     */
    private boolean wakeUpDue() {
        return !inbox.isEmpty() || handBackWanted && tenure.thread != thread;
    }

    /**
     * Whether no fiber runs off the loop: none on a worker ({@link #depart}), none relieved on a
     * relief thread (the one that may run the loop itself aside). On the loop.
     */
    private boolean nothingOutside() {
        return outsideWork.get() == 0 && relief.busy() == (tenure.thread == thread ? 0 : 1);
    }

    private static long millisUntil(long deadlineNanos) {
        if (deadlineNanos == Long.MAX_VALUE) {
            return -1;
        }
        long nanos = deadlineNanos - HubClock.now();
        return nanos <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(nanos + 999_999); // round up: never early
    }

    // ---- the protocol's steps, for fiber code ----

    /** {@link #enter}: this thread does not run the loop (any more). */
    static final int NOT_ON_LOOP = 0;
    /** {@link #enter}: fiber code moved from TASK to IN_HUB, and must {@link #exit} again. */
    static final int ENTERED = 1;
    /** {@link #enter}: the loop's own code, or hub code already IN_HUB: nothing to undo. */
    private static final int ON_LOOP = 2;

    /**
     * Code on the loop's thread, about to touch loop state: says whether it may, and whether it
     * must then {@link #exit}.
     */
    int enter() {
        Tenure owner = tenure;
        if (owner.thread != VirtualThreads.currentCarrier()) {
            return NOT_ON_LOOP;
        }
        long word = (long) WORD.getAcquire(owner);
        long phase = word & PHASE;
        if (phase == TASK) {
            return WORD.compareAndSet(owner, word, word + 1) ? ENTERED : NOT_ON_LOOP; // relieved just now
        }
        return phase == RELIEVED ? NOT_ON_LOOP : ON_LOOP;
    }

    void exit(int entered) {
        if (entered == ENTERED) {
            Tenure owner = tenure; // relief cannot move the loop while IN_HUB
            WORD.setRelease(owner, (long) WORD.getAcquire(owner) - 1); // IN_HUB -> TASK
        }
    }

    /**
     * Parks the current fiber, IN_HUB, on {@code hold}: "park by yield". The fiber records the hold
     * and calls {@link Thread#yield()}; if it can unmount, the JDK hands its continuation to
     * {@link #execute} on this thread, which gives it to the hold instead of queueing it. Returns
     * true once it is resumed (as a new task, TASK, perhaps on another owner); false at once, still
     * IN_HUB, if it is pinned and cannot unmount.
     */
    boolean park(Hold hold) {
        pendingHold = hold;
        Thread.yield();
        if (pendingHold == hold) {
            // yield() returned without unmounting: pinned, and execute() never saw the continuation
            pendingHold = null;
            pinnedFallbacks.increment();
            listener.pinnedFallback(Thread.currentThread());
            return false;
        }
        return true;
    }

    /**
     * The current fiber, its task running on the loop, is about to block its thread where the hub
     * cannot take the wait (pinned): the loop moves to a relief thread first, so the others go on.
     */
    void relieveBeforeBlocking() {
        Tenure owner = tenure;
        if (owner.thread == VirtualThreads.currentCarrier()) {
            long word = (long) WORD.getAcquire(owner);
            if ((word & PHASE) == TASK) {
                relieve(owner, word);
            }
        }
    }

    /**
     * Hands the loop to a relief thread if the task whose state word is {@code expected} still
     * holds it (a compare-and-set from TASK). From the watchdog, or from the holder itself.
     *
     * @return whether the loop moved
     */
    boolean relieve(Tenure held, long expected) {
        if (!reliefOn() || (expected & PHASE) != TASK || tenure != held) {
            return false;
        }
        ReliefThreads.Worker worker = relief.reserve();
        if (worker == null) {
            return false; // green.reliefThreads are all busy: the hub stays held
        }
        if (!WORD.compareAndSet(held, expected, (expected & ~PHASE) | RELIEVED)) {
            relief.unreserve(worker);
            return false;
        }
        tenure = new Tenure(worker.thread, expected >>> 2);
        reliefs.increment();
        lastReliefNanos = System.nanoTime();
        relief.grant(worker);
        return true;
    }

    /** The tenure of the loop's owner now, for the watchdog. */
    Tenure tenure() {
        return tenure;
    }

    /** Turns the loop has made (each ends with a poll); the watchdog reads it. */
    long turns() {
        return (long) TURNS.getOpaque(stats);
    }

    /** The watchdog: the turn has run long, end its batch (not under a seed: time must not choose). */
    void cutTurn() {
        if (seeded == null) {
            cutTurn = true;
        }
    }

    /** When the loop was last relieved ({@link System#nanoTime()}). */
    long lastReliefNanos() {
        return lastReliefNanos;
    }

    /** Whether relief is on ({@code green.relief}, and no seed: time must not choose who runs). */
    boolean reliefOn() {
        return reliefOn && seeded == null;
    }

    /** Whether the task whose count is {@code tasks} said it is in a blocking call (see {@link #inBlockingCall}). */
    boolean taskIsInBlockingCall(long tasks) {
        return blockingTask == tasks;
    }

    /**
     * The current fiber enters a call that blocks its thread and that the hub cannot take (a file
     * read or write). One such call keeps the loop, and the watchdog relieves it sooner than a task
     * that merely computes; a second one in the same task, a millisecond or more after the first,
     * moves the fiber to a worker thread at once ({@link #depart}): it is doing file work, and each
     * call would hold every other fiber. The loop stays where it is, so it moves on at once. So a
     * task moves once however many calls it makes, and a short file call per task costs a clock
     * read. The fiber comes back to the loop when it next parks.
     */
    public void inBlockingCall() {
        Tenure owner = tenure;
        if (owner.thread != VirtualThreads.currentCarrier()) {
            return; // beside the loop already, or not a fiber of the hub
        }
        long word = (long) WORD.getAcquire(owner);
        long tasks = word >>> 2;
        long now = System.nanoTime();
        if (blockingTask != tasks) {
            blockingTask = tasks;
            blockingSinceNanos = now;
        } else if (now - blockingSinceNanos >= BLOCKING_RELIEF_NANOS && (word & PHASE) == TASK) {
            depart(false);
        }
    }

    // ---- waits of the current fiber, which is on the loop ({@link #joined}) ----

    /**
     * Counts one socket operation of the current fiber; when its turn's share is spent, the fiber
     * yields to the back of the run queue, so one that never has to wait cannot keep the hub.
     */
    public void spendIoTurn() {
        if (--ioOpsLeft < 0) {
            Thread.yield(); // the loop resets the share when it runs the fiber again
        }
    }

    /**
     * Schedules {@code action} to run on the loop {@code delayNanos} from now on the hub's clock
     * ({@link HubClock}: virtual time too). Any thread: off the loop the timer goes in through the inbox.
     */
    public Timer schedule(long delayNanos, Runnable action) {
        Timer timer = new Timer(HubClock.now() + delayNanos, action);
        int entered = enter();
        if (entered == NOT_ON_LOOP) {
            execute(() -> timers.add(timer));
        } else {
            try {
                timers.add(timer);
            } finally {
                exit(entered);
            }
        }
        return timer;
    }

    /**
     * Runs {@code task} on the loop after {@code delay}, as a {@code ScheduledExecutorService}
     * would; the returned future's {@code cancel} takes it off the loop's timers. For the JDK's
     * time-outs of this hub's virtual threads (their timed parks and waits). Any thread.
     */
    public Future<?> schedule(Runnable task, long delay, TimeUnit unit) {
        TimerFuture future = new TimerFuture(this, task);
        // published to the loop by schedule(); the future reaches its caller only after it
        return future.on(schedule(unit.toNanos(delay), future));
    }

    /**
     * From the next task on, the hub chooses by {@code seed} ({@link SeededOrder}), or first come
     * first run for null; relief is off while it chooses by a seed. Any thread; returns once the
     * loop has switched.
     */
    public void reseed(Long seed) throws InterruptedException {
        var switched = new java.util.concurrent.CountDownLatch(1);
        execute(() -> {
            SeededOrder old = seeded;
            if (old != null) {
                old.drainTo(runQueue);
            }
            seeded = seed == null ? null : new SeededOrder(seed);
            switched.countDown();
        });
        switched.await();
    }

    /** The seed the hub chooses by now, or null. */
    public Long seed() {
        SeededOrder order = seeded;
        return order == null ? null : order.seed();
    }

    private int seededReady() {
        SeededOrder order = seeded;
        return order == null ? 0 : order.size(); // a sample off the loop
    }

    /** Whether {@code thread} is a virtual thread this hub schedules. Any thread. */
    public boolean schedules(Thread thread) {
        return FiberSlot.hubOf(thread) == this;
    }

    /** Cancels a timer; returns whether it had not fired yet. Any thread. */
    public boolean cancel(Timer timer) {
        if (!timer.claimForCancelling()) {
            return false;
        }
        int entered = enter();
        if (entered == NOT_ON_LOOP) {
            execute(() -> timers.remove(timer));
        } else {
            try {
                timers.remove(timer);
            } finally {
                exit(entered);
            }
        }
        return true;
    }

    /**
     * Parks the current fiber for {@code nanos} on a hub timer, as {@code Thread.sleep} does. A
     * fiber that cannot park on the loop (pinned, or beside the loop) sleeps with the JDK's sleep
     * on its thread instead; a pinned one on the loop's thread hands the loop over first.
     *
     * @throws InterruptedException if the fiber is interrupted; the interrupt status is cleared
     */
    public void sleepNanos(long nanos) throws InterruptedException {
        assert Thread.currentThread().isVirtual();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (nanos <= 0) {
            Thread.yield();
            return;
        }
        long deadline = HubClock.now() + nanos;
        for (;;) {
            if (enter() != ENTERED) {
                sleepOnCarrier(deadline); // beside the loop
                return;
            }
            Hold hold = holds.take(Hold.TIMED, -1, 0);
            Timer timer = timers.add(hold.timer(deadline));
            if (!park(hold)) {
                abandonWait(-1, 0, hold, timer); // pinned
                relieveBeforeBlocking();
                sleepOnCarrier(deadline);
                return;
            }
            finishWait(-1, 0, hold, timer); // an interrupt or unpark may have woken it before the timer
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline - HubClock.now() <= 0) {
                return;
            }
        }
    }

    private static void sleepOnCarrier(long deadline) throws InterruptedException {
        long remaining = deadline - HubClock.now();
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining); // the JDK's own timed park
        }
    }

    /**
     * After a fiber parked on {@code hold} is resumed (as a new task, perhaps on another owner):
     * the waiter and the timer may still be in place (an interrupt, an unpark, or the other of the
     * two woke it), and are taken out on the loop; the hold goes back to the pool only if that
     * happens here and now.
     */
    void finishWait(int fd, int event, Hold hold, Timer timer) {
        int entered = enter();
        if (entered == NOT_ON_LOOP) {
            execute(() -> takeOut(fd, event, hold, timer));
            return;
        }
        try {
            takeOut(fd, event, hold, timer);
            holds.giveBack(hold);
        } finally {
            exit(entered);
        }
    }

    /**
     * A wait that ends before its fiber parked (the socket closed meanwhile, or the fiber is
     * pinned): still on the loop and IN_HUB, the waiter and the timer come out, the hold goes
     * back to the pool and the fiber's task leaves IN_HUB.
     */
    void abandonWait(int fd, int event, Hold hold, Timer timer) {
        takeOut(fd, event, hold, timer);
        holds.giveBack(hold);
        exit(ENTERED);
    }

    /** Takes the fd's waiter (fd -1: none), if it is still {@code hold}, and the timer out; on the loop. */
    void takeOut(int fd, int event, Hold hold, Timer timer) {
        if (fd >= 0) {
            poller.disarmIf(fd, event, hold);
        }
        if (timer != null && timer.claimForCancelling()) {
            timers.remove(timer);
        }
    }

    /**
     * Moves the current fiber, on the loop, to a worker thread, so that a native call which blocks
     * (a process pipe, {@code System.in}, a file sync) blocks the worker and not the loop;
     * {@link #returnFromWorker()} brings it back. The fiber keeps its identity; only its carrier
     * changes, as with the JDK's own scheduler. The fiber counts as outside work while away.
     */
    public void leaveForWorker() {
        depart(true);
    }

    /**
     * Moves the current fiber, on the loop, to a worker thread: it yields, and its continuation is
     * run on a worker instead of being queued. One that {@code returns} is brought back by
     * {@link #returnFromWorker()}; any other comes back when it next parks, as the JDK resubmits
     * it through the inbox. A pinned fiber cannot move: the loop is handed to a relief thread
     * instead ({@link #relieveBeforeBlocking}).
     */
    private void depart(boolean returns) {
        Thread fiber = Thread.currentThread();
        if (!fiber.isVirtual() || enter() != ENTERED) {
            return;
        }
        if (returns) {
            outsideWorkStarted();
            onWorkers.add(fiber);
        }
        pendingDeparture = true;
        Thread.yield();
        if (pendingDeparture && inHub()) { // pinned, or no worker could be started: still here, IN_HUB
            pendingDeparture = false;
            if (returns) {
                onWorkers.remove(fiber);
                outsideWorkEnded();
            }
            exit(ENTERED);
            relieveBeforeBlocking();
        }
    }

    /**
     * Brings the current fiber back from a worker thread to the loop, if {@link #leaveForWorker()}
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
     * Whether no fiber of this hub can ever run again without help from {@code except} (see
     * {@link Liveness}). Any thread; evaluated on the loop.
     */
    public boolean wouldBlockForever(Thread except) throws InterruptedException {
        return liveness.wouldBlockForever(except);
    }

    /**
     * On the loop: whether nothing but the task asking is ready, no timer or I/O wait is pending,
     * no work is done for the fibers outside, and no fiber runs beside the loop.
     */
    boolean idleExceptThisTask() {
        return nothingQueued() && inbox.isEmpty() && timers.size() == 0 && poller.armed() == 0
                && outsideWork.get() == 0 && tenure.thread == thread && relief.busy() == 0;
    }

    // ---- the view ----

    @Override
    public Collection<FiberRecord> fibers() {
        return registry.snapshot();
    }

    @Override
    public Map<Thread, String> waits() {
        long now = System.nanoTime();
        Map<Thread, String> waits = new HashMap<>();
        Consumer<Runnable> note = waiter -> {
            if (waiter instanceof Hold hold) {
                Thread fiber = hold.waitingFiber();
                if (fiber != null) {
                    waits.putIfAbsent(fiber, hold.describe(now)); // an fd wait with a timeout: the fd says more
                }
            }
        };
        poller.forEachWaiter(note);
        timers.forEachAction(note);
        return waits;
    }

    @Override
    public Thread runningFiber() {
        Thread loop = tenure.thread;
        for (Thread fiber : registry.fibers()) {
            if (VirtualThreads.carrierOf(fiber) == loop) {
                return fiber;
            }
        }
        return null;
    }

    /** The fiber running on {@code carrier} now, or null. Any thread. */
    Thread fiberOn(Thread carrier) {
        for (Thread fiber : registry.fibers()) {
            if (VirtualThreads.carrierOf(fiber) == carrier) {
                return fiber;
            }
        }
        return null;
    }

    @Override
    public long tasksStarted() {
        return (long) WORD.getOpaque(tenure) >>> 2;
    }

    @Override
    public boolean inTask() {
        return inTask((long) WORD.getOpaque(tenure));
    }

    /** Whether a state word says a task is running. */
    boolean inTask(long word) {
        long phase = word & PHASE;
        return phase == TASK || phase == IN_HUB;
    }

    @Override
    public HubStats stats() {
        return new HubStats(registry.alive(), registry.spawned(), tasksStarted(),
                runQueue.size() + woken.size() + inbox.size() + seededReady(), turns(), stats.timersFired, timers.size(),
                poller.armed(), pinnedFallbacks.sum(), reliefs.sum(), relief.alive());
    }
}
