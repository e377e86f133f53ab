package green.agent.patch;

import green.config.GreenConfig;
import java.util.List;
import org.objectweb.asm.MethodVisitor;

/**
 * One row of the patch table (docs/DESIGN.md, "The patch table"), switchable with {@code green.patch.<name>}.
 * The shape of the OpenTelemetry agent's {@code TypeInstrumentation}, with two ways to patch:
 * <ul>
 *   <li>JDK methods, by exact name and descriptor, with a call inserted at their entry
 *       ({@link #entryHooks()}) or static calls inside them sent elsewhere ({@link #callRedirects()}),
 *       as the classes load or on retransformation, with no class-format change. The calls may
 *       reach only {@code green.hooks.*}: they run inside bootstrap classes;
 *   <li>call sites in application classes ({@link #callSites}): a method visitor in the shared
 *       {@link CallSiteTransformer} chain that rewrites calls into {@code green.hooks.*}.
 * </ul>
 *
 * <p>Implementations are stateless, apart from counters; their methods run on whatever thread
 * loads a class.
 */
public interface Patch {

    /** The name in {@code green.patch.<name>}: "poll", "sleep", ... */
    String name();

    /**
     * How the patch works when it needs neither advice nor call sites (a JDK SPI, other patches),
     * for its report; null for the usual two ways.
     */
    default String mechanism() {
        return null;
    }

    /** Patches that must have taken for this one to mean anything ({@code url} rides on {@code poll} and {@code dns}). */
    default List<String> requires() {
        return List.of();
    }

    /**
     * Whether the {@link #entryHooks()} and {@link #callRedirects()} matter only to fibers, so
     * that at launch they may wait for the program's first fiber ({@code Hub.beforeNextFiber}); a
     * program that makes none never pays for them.
     */
    default boolean hooksWaitForFibers() {
        return false;
    }

    /** The calls this patch inserts at the entry of JDK methods; empty when it only rewrites call sites. */
    default List<EntryHook> entryHooks() {
        return List.of();
    }

    /** The static calls inside JDK classes this patch sends to its hooks instead. */
    default List<CallRedirect> callRedirects() {
        return List.of();
    }

    /**
     * Strings (method names or internal class names) one of which an application class file must
     * contain for {@link #callSites} to have anything to do: a byte search that spares parsing
     * every class. Empty when this patch does not rewrite call sites.
     */
    default List<String> callSiteHints() {
        return List.of();
    }

    /**
     * Whether {@link #callSites} inserts code with a branch into {@code className} (an internal
     * name): its frames then come expanded, so that the inserted one can be given whole.
     */
    default boolean expandsFrames(String className) {
        return false;
    }

    /**
     * Why this patch is not needed under {@code config} although it is enabled (the {@code clock}
     * patch under {@code green.clock=real}), or null.
     */
    default String notNeeded(GreenConfig config) {
        return null;
    }

    /**
     * Wraps {@code next} with this patch's call-site rewriting for one method of an application
     * class, or returns {@code next}.
     */
    default MethodVisitor callSites(MethodVisitor next, CallSiteContext context) {
        return next;
    }
}
