package green.hub;

/**
 * What the hub knows of one live fiber, for the dump and the watchdog: who spawned it, and which
 * green wait it is in since when. Written by the fiber itself (on the hub thread) with plain ints,
 * so a wait costs no allocation; read from any thread, so the fields are volatile.
 */
public final class FiberRecord {
    static final int RUNNING = 0;
    static final int TIMER = 1;
    static final int READ = 2;
    static final int WRITE = 3;

    private final Thread fiber;
    private final Thread parent;
    private volatile int waitKind = RUNNING;
    private volatile int fd = -1;
    private volatile long sinceNanos;

    FiberRecord(Thread fiber, Thread parent) {
        this.fiber = fiber;
        this.parent = parent;
        this.sinceNanos = System.nanoTime();
    }

    public Thread fiber() {
        return fiber;
    }

    /** The thread that spawned this fiber. */
    public Thread parent() {
        return parent;
    }

    /** The green wait the fiber is in ("timer", "fd 12 read"), or null when it is in none. */
    public String waitingOn() {
        return switch (waitKind) {
            case TIMER -> "timer";
            case READ -> "fd " + fd + " read";
            case WRITE -> "fd " + fd + " write";
            default -> null;
        };
    }

    /** When the fiber entered its current (or last) green wait, or started. */
    public long sinceNanos() {
        return sinceNanos;
    }

    void waiting(int kind, int fd) {
        this.fd = fd;
        this.sinceNanos = System.nanoTime();
        this.waitKind = kind;
    }

    void running() {
        waitKind = RUNNING; // no clock read: a wait costs one, not two
    }
}
