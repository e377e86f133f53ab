package green.hub;

import java.util.ArrayList;
import java.util.List;

/**
 * The live fibers of one hub, for the dump, the watchdog and the liveness check: a list threaded
 * through their {@link FiberSlot}s, so that being live costs a fiber no object of its own. A fiber
 * registers itself when it first runs and leaves when it ends, in constant time; the readers walk
 * the list, which they do rarely.
 *
 * <p>Any thread, under this registry's lock: a fiber registers on whichever thread runs it (the
 * loop's, or a relief thread), and watchers read from theirs.
 */
final class FiberRegistry {

    private final Object lock = new Object();
    private FiberSlot first; // guarded by lock
    private long alive;      // guarded by lock
    private long spawned;    // guarded by lock

    void register(FiberSlot slot) {
        synchronized (lock) {
            slot.next = first;
            if (first != null) {
                first.previous = slot;
            }
            first = slot;
            alive++;
            spawned++;
        }
    }

    void unregister(FiberSlot slot) {
        synchronized (lock) {
            if (slot.previous != null) {
                slot.previous.next = slot.next;
            } else {
                first = slot.next;
            }
            if (slot.next != null) {
                slot.next.previous = slot.previous;
            }
            slot.previous = null;
            slot.next = null;
            alive--;
        }
    }

    /** A record of each live fiber. */
    List<FiberRecord> snapshot() {
        List<FiberRecord> records = new ArrayList<>();
        synchronized (lock) {
            for (FiberSlot s = first; s != null; s = s.next) {
                records.add(new FiberRecord(s.fiber, s.parent));
            }
        }
        return records;
    }

    /** The live fibers. */
    List<Thread> fibers() {
        List<Thread> fibers = new ArrayList<>();
        synchronized (lock) {
            for (FiberSlot s = first; s != null; s = s.next) {
                fibers.add(s.fiber);
            }
        }
        return fibers;
    }

    long alive() {
        synchronized (lock) {
            return alive;
        }
    }

    long spawned() {
        synchronized (lock) {
            return spawned;
        }
    }
}
