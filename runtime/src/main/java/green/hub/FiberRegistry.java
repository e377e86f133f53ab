package green.hub;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live fibers of one hub, each with its {@link FiberRecord} (who spawned it), for the dump,
 * the watchdog and the liveness check. A fiber registers itself when it
 * first runs and leaves when it ends.
 *
 * <p>Any thread: a fiber registers on whichever thread runs it, and watchers read from theirs.
 */
final class FiberRegistry {

    private final Map<Thread, FiberRecord> records = new ConcurrentHashMap<>();
    private final LongAdder spawned = new LongAdder();

    FiberRecord register(Thread fiber, Thread parent) {
        FiberRecord record = new FiberRecord(fiber, parent);
        records.put(fiber, record);
        spawned.increment();
        return record;
    }

    void unregister(Thread fiber) {
        records.remove(fiber);
    }

    Collection<FiberRecord> snapshot() {
        return List.copyOf(records.values());
    }

    Iterable<Thread> fibers() {
        return records.keySet();
    }

    long alive() {
        return records.size();
    }

    long spawned() {
        return spawned.sum();
    }
}
