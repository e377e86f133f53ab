package green.hub;

/**
 * An action that must run once before the program's first fiber is made: the agent puts there its
 * self-check and the hooks only fibers need, so a program that makes none never pays for them.
 *
 * <p>Any thread; a second thread that reaches {@link #ready} while the action runs waits for it.
 */
final class FirstFiber {

    private static volatile Runnable pending;

    private FirstFiber() {
        throw new UnsupportedOperationException();
    }

    static void set(Runnable action) {
        pending = action;
    }

    static void ready() {
        if (pending == null) {
            return;
        }
        synchronized (FirstFiber.class) {
            Runnable action = pending;
            pending = null; // taken before it runs: the action itself makes fibers
            if (action != null) {
                action.run();
            }
        }
    }
}
