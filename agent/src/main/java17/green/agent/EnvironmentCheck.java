package green.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;

/**
 * Decides whether this JVM can be patched at all, by looking for the JDK internals green needs
 * (a feature check, not a version number: a backport or a vendor build may have them, and a
 * future JDK may rename them). Compiled for Java 17 so that an old JVM gets as far as saying
 * "running unpatched".
 *
 * <p>{@code sun.nio.ch.Poller} is not even loaded: its static initializer must not run before the
 * agent has set {@code jdk.pollerMode}, and once loaded it would have to be retransformed, about
 * 40 ms of start-up on one core; its class file is searched for the two methods instead, and the
 * entry hooks match them exactly when it loads.
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
        if (!pollerHasHookedMethods()) {
            return version + " lacks sun.nio.ch.Poller.poll(int,int,long,BooleanSupplier)/stopPoll(int,int) "
                    + "as green expects them; green needs JDK 25 or newer";
        }
        return null;
    }

    /** Whether the class file of {@code sun.nio.ch.Poller} names both hooked methods' descriptors. */
    private static boolean pollerHasHookedMethods() {
        // .class resources of java.base are readable whatever the module's encapsulation.
        try (InputStream in = Object.class.getResourceAsStream("/sun/nio/ch/Poller.class")) {
            if (in == null) {
                return false;
            }
            String classFile = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return classFile.contains("stopPoll") && classFile.contains("(IIJLjava/util/function/BooleanSupplier;)V")
                    && classFile.contains("(II)V");
        } catch (IOException e) {
            return false;
        }
    }
}
