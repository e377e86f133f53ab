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
public final class SelfCheckHook {

    private SelfCheckHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * Runs two fibers on the hub: the first sleeps through {@link SleepHook}; the second must run
     * while it sleeps. Returns true only if it did, both on the hub thread, within two seconds.
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
                SleepHook.sleep(1);
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
