package green.hooks;

import green.hub.Hub;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The install-time self-check (BlockHound's {@code TestThread}): proves that a fiber's patched
 * sleep really parks on the hub and lets another fiber run, before green reports itself active.
 *
 * <p>Called once, by the agent: on the thread that attaches it, or on the one that makes the
 * program's first fiber.
 */
public final class HookSelfCheck {

    private HookSelfCheck() {
        throw new UnsupportedOperationException();
    }

    /**
     * Runs two fibers on the hub: the first sleeps through {@link SleepHook} until the second has
     * run, which it can only do while the first sleeps. Returns true only if it did, both on the
     * hub, within two seconds. (A fiber woken by a timer may run before one that was merely
     * queued, so the sleeper sleeps in steps of a millisecond until the runner has had its turn.)
     */
    public static boolean sleepSwitches() throws InterruptedException {
        Hub hub = Hub.get();
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        Thread sleeper = hub.newFiber("green-selfcheck-sleeper", () -> {
            try {
                hub.newFiber("green-selfcheck-runner", () -> {
                    order.add(onHub(hub) ? "runner" : "runner-off-hub");
                    done.countDown();
                }).start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                do {
                    SleepHook.sleep(1);
                } while (order.isEmpty() && System.nanoTime() < deadline);
                order.add(onHub(hub) ? "sleeper" : "sleeper-off-hub");
            } catch (InterruptedException e) {
                order.add("interrupted");
            } finally {
                done.countDown();
            }
        });
        sleeper.start();
        return done.await(2, TimeUnit.SECONDS) && order.equals(List.of("runner", "sleeper"));
    }

    private static boolean onHub(Hub hub) {
        return Thread.currentThread().isVirtual() && hub.inHub();
    }
}
