package green.agent;

import green.hooks.HookSelfCheck;

/**
 * The install-time proof, BlockHound-style: on a fiber, a patched sleep must park on the hub and
 * let another fiber run. If it does not, the agent backs out rather than leave a program half
 * patched.
 *
 * <p>Called once, after the patches are in place: on the thread that attaches the agent, or, at
 * launch, on the thread that makes the program's first fiber, before it is made.
 */
final class SelfCheck {

    private SelfCheck() {
        throw new UnsupportedOperationException();
    }

    /** Null when fibers switch on a patched sleep, else one phrase saying what went wrong. */
    static String failure() {
        try {
            return HookSelfCheck.sleepSwitches() ? null
                    : "a fiber's sleep did not switch to another fiber on the hub within 2 s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Throwable t) {
            return String.valueOf(t);
        }
    }
}
