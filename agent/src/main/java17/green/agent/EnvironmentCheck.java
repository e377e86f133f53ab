package green.agent;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

/**
 * Decides whether this JVM can be patched at all, by looking for the JDK internals green needs
 * (a feature check, not a version number: a backport or a vendor build may have them, and a
 * future JDK may rename them). Compiled for Java 17 so that an old JVM gets as far as saying
 * "running unpatched".
 *
 * <p>Loads the classes it inspects without initializing them: {@code sun.nio.ch.Poller} must not
 * run its static initializer before the agent has set {@code jdk.pollerMode}.
 *
 * <p>Called once, on the thread that runs {@code premain}/{@code agentmain} or {@code main}.
 */
final class EnvironmentCheck {

    private EnvironmentCheck() {
        throw new UnsupportedOperationException();
    }

    /** Null when every needed internal is present, else one phrase saying what is missing. */
    static String missing() {
        String version = "Java " + System.getProperty("java.version");
        try {
            Class<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder", false, null);
            builder.getDeclaredConstructor(Executor.class);
        } catch (ReflectiveOperationException | LinkageError e) {
            return version + " has no virtual threads with a custom scheduler "
                    + "(java.lang.ThreadBuilders$VirtualThreadBuilder(Executor)); green needs JDK 25 or newer";
        }
        try {
            Class<?> poller = Class.forName("sun.nio.ch.Poller", false, null);
            requireStatic(poller.getDeclaredMethod("poll", int.class, int.class, long.class, BooleanSupplier.class));
            requireStatic(poller.getDeclaredMethod("stopPoll", int.class, int.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return version + " lacks sun.nio.ch.Poller.poll(int,int,long,BooleanSupplier)/stopPoll(int,int) "
                    + "as green expects them; green needs JDK 25 or newer";
        }
        return null;
    }

    private static void requireStatic(Method method) throws NoSuchMethodException {
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new NoSuchMethodException(method + " is not static");
        }
    }
}
