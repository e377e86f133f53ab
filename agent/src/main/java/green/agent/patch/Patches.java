package green.agent.patch;

import green.config.GreenConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The ordered patch table, gevent's {@code patch_all}: poll, sleep, thread, dns, url. Installs
 * the enabled ones and reports, per patch, whether it took.
 *
 * <p>Start-up cost is kept low: the JDK classes named by entry hooks are retransformed, exactly
 * those and nothing else (no scan of loaded classes), and call-site patches share one plain
 * {@link ClassFileTransformer} with a byte-search pre-filter.
 *
 * <p>Called once, on the thread that installs the agent.
 */
public final class Patches {

    /** The table, in install order. */
    public static List<Patch> table() {
        return List.of(new PollPatch(), new SleepPatch(), new ThreadPatch(), new DnsPatch(), new UrlPatch());
    }

    private Patches() {
        throw new UnsupportedOperationException();
    }

    /** What {@link #install} put in place, so a failed self-check can take it out again. */
    public record Installed(List<PatchReport> reports, EntryHookTransformer entryHooks, List<Class<?>> jdkClasses,
                            CallSiteTransformer callSiteTransformer) {

        /** Whether any patch took. */
        public boolean any() {
            return reports.stream().anyMatch(PatchReport::took);
        }

        /** Removes both transformers and gives the hooked JDK classes their original code back. */
        public void uninstall(Instrumentation inst, TransformErrors errors) {
            if (callSiteTransformer != null) {
                inst.removeTransformer(callSiteTransformer);
            }
            if (entryHooks != null) {
                inst.removeTransformer(entryHooks);
                retransform(inst, jdkClasses, errors);
            }
        }
    }

    /**
     * Installs the enabled patches. With {@code retransformable} (an attach) the call-site
     * transformer may also rewrite classes that are already loaded; see {@link #retransformLoaded}.
     */
    public static Installed install(Instrumentation inst, GreenConfig config, TransformErrors errors,
                                    boolean retransformable) {
        List<EntryHook> entryHooks = new ArrayList<>();
        List<Patch> callSites = new ArrayList<>();
        List<PatchReport> reports = new ArrayList<>();
        for (Patch patch : table()) {
            if (!config.patchEnabled(patch.name())) {
                reports.add(new PatchReport(patch.name(), PatchReport.Status.DISABLED,
                        GreenConfig.patchSetting(patch.name()).key() + "=false"));
            } else {
                entryHooks.addAll(patch.entryHooks());
                if (!patch.callSiteHints().isEmpty()) {
                    callSites.add(patch);
                }
                reports.add(null); // filled in below, once installed
            }
        }
        EntryHookTransformer entryHookTransformer = null;
        List<Class<?>> jdkClasses = List.of();
        if (!entryHooks.isEmpty()) {
            entryHookTransformer = new EntryHookTransformer(entryHooks, errors);
            jdkClasses = jdkClasses(entryHooks, errors);
            inst.addTransformer(entryHookTransformer, true);
            retransform(inst, jdkClasses, errors);
        }
        CallSiteTransformer callSiteTransformer = null;
        if (!callSites.isEmpty()) {
            callSiteTransformer = new CallSiteTransformer(callSites, errors);
            inst.addTransformer(callSiteTransformer, retransformable);
        }
        List<Patch> table = table();
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) == null) {
                reports.set(i, report(table.get(i), entryHookTransformer, errors, reports));
            }
        }
        return new Installed(List.copyOf(reports), entryHookTransformer, jdkClasses, callSiteTransformer);
    }

    /**
     * The classes the hooks go into: loaded, not initialized ({@code Poller}'s initializer must
     * still see {@code jdk.pollerMode}), so the hooks are in place before anything runs them.
     */
    private static List<Class<?>> jdkClasses(List<EntryHook> hooks, TransformErrors errors) {
        Set<String> names = new LinkedHashSet<>();
        hooks.forEach(h -> names.add(h.className()));
        List<Class<?>> classes = new ArrayList<>();
        for (String name : names) {
            try {
                classes.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException e) {
                errors.record(name, e);
            }
        }
        return classes;
    }

    private static void retransform(Instrumentation inst, List<Class<?>> classes, TransformErrors errors) {
        for (Class<?> type : classes) {
            try {
                inst.retransformClasses(type); // one at a time: one class that fails must not hold back the rest
            } catch (Throwable t) {
                errors.record(type.getName(), t);
            }
        }
    }

    /**
     * After an attach: runs the call-site transformer over the application classes loaded so far.
     * Their methods change from their next invocation on; frames already running keep the old
     * code (JVMTI replaces methods, not activations). Returns how many classes were rewritten.
     */
    public static long retransformLoaded(Instrumentation inst, Installed installed, TransformErrors errors) {
        CallSiteTransformer transformer = installed.callSiteTransformer();
        if (transformer == null) {
            return 0;
        }
        long before = transformer.rewrittenClasses();
        List<Class<?>> candidates = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (!type.isArray() && !type.isPrimitive() && !type.isHidden() && inst.isModifiableClass(type)
                    && CallSiteTransformer.isApplicationClass(type.getClassLoader(), type.getName().replace('.', '/'))) {
                candidates.add(type);
            }
        }
        retransform(inst, candidates, errors);
        return transformer.rewrittenClasses() - before;
    }

    /** Reports in table order, so a patch's requirements (earlier rows) are already decided. */
    private static PatchReport report(Patch patch, EntryHookTransformer entryHooks, TransformErrors errors,
                                      List<PatchReport> earlier) {
        for (String required : patch.requires()) {
            boolean took = earlier.stream().anyMatch(r -> r != null && r.name().equals(required) && r.took());
            if (!took) {
                return new PatchReport(patch.name(), PatchReport.Status.FAILED, "needs the " + required + " patch");
            }
        }
        if (patch.mechanism() != null) {
            return new PatchReport(patch.name(), PatchReport.Status.INSTALLED, patch.mechanism());
        }
        for (EntryHook hook : patch.entryHooks()) {
            if (!entryHooks.applied(hook)) {
                String error = errors.first();
                return new PatchReport(patch.name(), PatchReport.Status.FAILED,
                        hook + " not found or not transformed" + (error == null ? "" : ": " + error));
            }
        }
        return new PatchReport(patch.name(), PatchReport.Status.INSTALLED, patch.entryHooks().isEmpty()
                ? "call sites rewritten as classes load"
                : "hooks at the entry of " + patch.entryHooks().stream().map(h -> h.className() + "." + h.method()).distinct().toList());
    }
}
