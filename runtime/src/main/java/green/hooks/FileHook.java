package green.hooks;

import green.hub.Hub;

/**
 * Entry point for the {@code blocking} patch's hooks at the entry of ordinary file reads and writes
 * ({@code FileInputStream}, {@code FileOutputStream}, and every blocking operation of
 * {@code FileChannel}, which {@code Files.*} use): calls that block the thread they run on and
 * that no poller can take. A fiber on the loop says so to its hub, which hands the loop to a
 * relief thread if the fiber keeps making them ({@link Hub#inBlockingCall}), so twenty threads
 * writing files do not stall a ticker for seconds.
 *
 * <p>Called on any thread; costs a thread check for anything but a fiber on the loop.
 */
public final class FileHook {

    private FileHook() {
        throw new UnsupportedOperationException();
    }

    /** Before a file read or write. */
    public static void blocking() {
        if (Thread.currentThread().isVirtual()) {
            Hub hub = Hub.existing();
            if (hub != null) {
                hub.inBlockingCall();
            }
        }
    }
}
