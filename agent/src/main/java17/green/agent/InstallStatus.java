package green.agent;

/**
 * What the agent did in this JVM, as system properties: {@value #INSTALLED} (the patches that
 * took, once installed by premain or an attach) and {@value #ATTACH_RESULT} (one line about the
 * last attach). {@code java -jar green.jar attach} reads them back through the attach API, which is
 * how the caller learns what happened inside the target: an exception thrown by
 * {@code agentmain} reaches it without its message.
 *
 * <p>Called on the thread that installs the agent.
 */
public final class InstallStatus {

    static final String INSTALLED = "green.installed";
    static final String ATTACH_RESULT = "green.attach.result";

    private InstallStatus() {
        throw new UnsupportedOperationException();
    }

    /** The patches installed in this JVM, or null when green is not installed. */
    static String installed() {
        return System.getProperty(INSTALLED);
    }

    static void installed(String patches) {
        System.setProperty(INSTALLED, patches);
    }

    /** The patches came out again (a self-check failed after the launch). */
    static void backedOut() {
        System.clearProperty(INSTALLED);
    }

    /** Records the outcome of an attach: a line starting with installed, already, unpatched or rejected. */
    public static void attachResult(String line) {
        System.setProperty(ATTACH_RESULT, line);
    }
}
