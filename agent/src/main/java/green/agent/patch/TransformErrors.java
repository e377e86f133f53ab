package green.agent.patch;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Counts failed transformations, from Byte Buddy (advice on JDK classes) and from the call-site
 * transformer, and remembers which JDK types were transformed so a patch can say whether it
 * took. Errors-only, as BlockHound's listener: a failed class keeps its original code and the
 * program goes on. Under {@code green.debug=true} every error is printed at once with its stack
 * trace, and an error during install stops the JVM (OpenTelemetry's {@code TestAgentListener}:
 * tests then see zero errors or a failure, never a silent half-patch).
 *
 * <p>Thread-safe: classes load, and so transformations run, on any thread.
 */
public final class TransformErrors extends AgentBuilder.Listener.Adapter {

    private final boolean debug;
    private final PrintStream err;
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicReference<String> first = new AtomicReference<>();
    private final Set<String> transformed = ConcurrentHashMap.newKeySet();

    public TransformErrors(boolean debug, PrintStream err) {
        this.debug = debug;
        this.err = err;
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        transformed.add(type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
        record(typeName, error);
    }

    /** Records a failed transformation of {@code typeName}. */
    public void record(String typeName, Throwable error) {
        count.incrementAndGet();
        first.compareAndSet(null, typeName + ": " + error);
        if (debug) {
            err.println("green: transformation of " + typeName + " failed (green.debug=true)");
            error.printStackTrace(err);
        }
    }

    public int count() {
        return count.get();
    }

    /** The first error as "type: exception", or null. */
    public String first() {
        return first.get();
    }

    /** Whether Byte Buddy transformed the type with this binary name. */
    public boolean transformed(String typeName) {
        return transformed.contains(typeName);
    }
}
