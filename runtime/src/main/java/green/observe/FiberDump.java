package green.observe;

import green.hub.FiberRecord;
import green.hub.HubView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every live fiber of a hub as text: its state (running on the hub, ready, waiting on an fd or a
 * timer and for how long, or in a JDK wait: a lock, a queue, a monitor), its stack, indented under
 * the fiber that spawned it. What {@code java -jar green.jar dump <pid>} prints.
 *
 * <p>Any thread; the fibers go on running meanwhile, so the dump is a set of samples, not a
 * snapshot.
 */
public final class FiberDump {

    private FiberDump() {
        throw new UnsupportedOperationException();
    }

    /** The dump of {@code hub}. */
    public static String text(HubView hub) {
        List<FiberRecord> records = new ArrayList<>(hub.fibers());
        records.sort(Comparator.comparingLong(r -> r.fiber().threadId()));
        Map<Thread, List<FiberRecord>> children = new IdentityHashMap<>();
        Map<Thread, FiberRecord> byFiber = new IdentityHashMap<>();
        records.forEach(r -> byFiber.put(r.fiber(), r));
        List<FiberRecord> roots = new ArrayList<>();
        for (FiberRecord r : records) {
            if (byFiber.containsKey(r.parent())) {
                children.computeIfAbsent(r.parent(), p -> new ArrayList<>()).add(r);
            } else {
                roots.add(r);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("green hub \"").append(hub.thread().getName()).append("\"")
                .append(hub.loopThread() == hub.thread() ? "" : " (its loop relieved to \"" + hub.loopThread().getName() + "\")")
                .append(": ").append(records.size())
                .append(" fibers; ").append(hub.stats()).append('\n');
        Thread running = hub.runningFiber();
        Map<Thread, String> waits = hub.waits();
        for (FiberRecord root : roots) {
            append(out, root, children, running, waits, 0);
        }
        return out.toString();
    }

    private static void append(StringBuilder out, FiberRecord r, Map<Thread, List<FiberRecord>> children,
                               Thread running, Map<Thread, String> waits, int depth) {
        String indent = "  ".repeat(depth);
        Thread fiber = r.fiber();
        out.append(indent).append('"').append(fiber.getName()).append("\" #").append(fiber.threadId())
                .append(' ').append(state(fiber, fiber == running, waits.get(fiber)))
                .append(", spawned by \"").append(r.parent().getName()).append("\"\n");
        for (String line : stack(fiber.getStackTrace()).split("\n")) {
            if (!line.isEmpty()) {
                out.append(indent).append(line).append('\n');
            }
        }
        for (FiberRecord child : children.getOrDefault(fiber, List.of())) {
            append(out, child, children, running, waits, depth + 1);
        }
    }

    private static String state(Thread fiber, boolean running, String waitingOn) {
        if (running) {
            return "RUNNING on the hub";
        }
        if (waitingOn != null) {
            return "WAITING on " + waitingOn;
        }
        return switch (fiber.getState()) {
            case RUNNABLE -> "READY";
            case WAITING, TIMED_WAITING -> "WAITING in the JDK (a lock, a queue, a JDK socket wait)";
            case BLOCKED -> "BLOCKED on a monitor";
            case NEW -> "NEW";
            case TERMINATED -> "TERMINATED";
        };
    }

    /** A stack as the JDK prints one: a tab-indented "at ..." line per frame. */
    static String stack(StackTraceElement[] frames) {
        StringBuilder out = new StringBuilder();
        for (StackTraceElement frame : frames) {
            out.append("\tat ").append(frame).append('\n');
        }
        return out.toString();
    }
}
