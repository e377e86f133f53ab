package bench;

import java.lang.instrument.Instrumentation;

/**
 * An agent that does nothing: the start-up benchmark's floor for {@code -javaagent} itself (the
 * JVM then loads {@code java.instrument} and gives up its archived module graph), so the cost
 * that is green's own can be read off.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        // nothing: the point is the JVM's own cost of an agent
    }
}
