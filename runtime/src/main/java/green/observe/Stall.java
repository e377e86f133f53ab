package green.observe;

import java.util.List;

/**
 * One time a fiber held the hub longer than {@code green.maxBlocking}, as the {@link Watchdog}
 * saw it: first while it goes on ({@code ended} false, {@code heldMillis} the time so far and the
 * stack at that moment), then once more when the hub moves again ({@code ended} true, the total).
 *
 * @param fiber      the name of the fiber that held the hub
 * @param heldMillis how long it had held the hub when this was reported
 * @param stack      its stack when the stall was first seen (empty for a task of the hub itself)
 * @param ended      whether the hub has moved again
 * @param relieved   whether it moved because a relief thread took over the loop while the fiber
 *                   ran on ({@code green.relief}); meaningful once {@code ended}
 */
public record Stall(String fiber, long heldMillis, List<StackTraceElement> stack, boolean ended, boolean relieved) {

    public Stall {
        stack = List.copyOf(stack);
    }
}
