package green.agent;

/**
 * Bad user input on the command line (an unknown agent argument, a bad value): the message is one
 * line naming the key and the valid ones. {@code premain} prints it and stops the JVM; for
 * {@code agentmain} it is reported and the target JVM carries on unpatched.
 *
 * <p>Compiled for Java 17 because {@link GreenAgent} names it. Carries no stack trace: the message
 * is the whole story for the user.
 */
public final class LaunchError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LaunchError(String oneLine) {
        super(oneLine, null, false, false);
    }
}
