package green.agent.patch;

import green.config.GreenConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ordered patch table, gevent's {@code patch_all}: poll, sleep, thread, dns, url, blocking. Installs
 * the enabled ones and reports, per patch, whether it took.
 *
 * <p>Start-up cost is kept low: the JDK classes named by entry hooks get their hooks as they
 * load, and only those already loaded (after an attach, or when the launcher touched them) are
 * retransformed: at launch that spares about 50 ms of cold ASM and JVMTI work on one core, and a
 * program without sockets never pays it. Hooks that only fibers need
 * ({@link Patch#hooksWaitForFibers()}) wait at launch for the program's first fiber, so a program
 * that makes none never pays for them either. Call-site patches share one plain
 * {@link ClassFileTransformer} with a byte-search pre-filter.
 *
 * <p>Called once, on the thread that installs the agent.
 */
public final class Patches {

    /** The table, in install order. */
    public static List<Patch> table() {
        return table(GreenConfig.current());
    }

    /** The patch table as {@code config} shapes it (whether main runs as a fiber). */
    static List<Patch> table(GreenConfig config) {
        return List.of(new PollPatch(), new SleepPatch(), ThreadPatch.forConfig(config), new DnsPatch(), new UrlPatch(),
                new BlockingPatch(), new ClockPatch());
    }

    private Patches() {
        throw new UnsupportedOperationException();
    }

    /**
     * What {@link #install} put in place, so a failed self-check can take it out again;
     * {@code fiberHooks} wait for {@link #installFiberHooks}.
     */
    public record Installed(List<PatchReport> reports, JdkTransformer entryHooks,
                            CallSiteTransformer callSiteTransformer, JdkTransformer fiberHooks) {

        /** Puts in the hooks that only fibers need: once the self-check has passed, before the program's first fiber. */
        public void installFiberHooks(Instrumentation inst, TransformErrors errors) {
            if (fiberHooks != null) {
                hook(inst, fiberHooks, errors);
            }
        }

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
                retransform(inst, loaded(inst, entryHooks.owners()), errors);
            }
        }
    }

    /**
     * Installs the enabled patches. With {@code retransformable} (an attach) the call-site
     * transformer may also rewrite classes that are already loaded; see {@link #retransformLoaded}.
     */
    public static Installed install(Instrumentation inst, GreenConfig config, TransformErrors errors,
                                    boolean retransformable) {
        JdkRewrites jdk = new JdkRewrites();
        JdkRewrites forFibers = new JdkRewrites(); // at launch only: after an attach fibers may exist
        List<Patch> callSites = new ArrayList<>();
        List<PatchReport> reports = new ArrayList<>();
        List<Patch> table = table(config);
        for (Patch patch : table) {
            if (!config.patchEnabled(patch.name())) {
                reports.add(new PatchReport(patch.name(), PatchReport.Status.DISABLED,
                        GreenConfig.patchSetting(patch.name()).key() + "=false"));
            } else if (patch.notNeeded(config) != null) {
                reports.add(new PatchReport(patch.name(), PatchReport.Status.DISABLED, patch.notNeeded(config)));
            } else {
                (waitsForFibers(patch, retransformable) ? forFibers : jdk).add(patch);
                if (!patch.callSiteHints().isEmpty()) {
                    callSites.add(patch);
                }
                reports.add(null); // filled in below, once installed
            }
        }
        JdkTransformer entryHookTransformer = null;
        Set<String> loadedOwners = Set.of();
        if (!jdk.isEmpty()) {
            entryHookTransformer = jdk.transformer(errors);
            List<Class<?>> loaded = hook(inst, entryHookTransformer, errors);
            loadedOwners = loaded.stream().map(c -> c.getName().replace('.', '/')).collect(Collectors.toSet());
        }
        CallSiteTransformer callSiteTransformer = null;
        if (!callSites.isEmpty()) {
            callSiteTransformer = new CallSiteTransformer(callSites, errors);
            inst.addTransformer(callSiteTransformer, retransformable);
        }
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) == null) {
                reports.set(i, report(table.get(i), entryHookTransformer, loadedOwners, errors, reports, retransformable));
            }
        }
        JdkTransformer fiberHookTransformer = forFibers.isEmpty() ? null : forFibers.transformer(errors);
        return new Installed(List.copyOf(reports), entryHookTransformer, callSiteTransformer, fiberHookTransformer);
    }

    /** The JDK rewrites of some patches, collected for one {@link JdkTransformer}. */
    private static final class JdkRewrites {
        private final List<EntryHook> hooks = new ArrayList<>();
        private final List<CallRedirect> redirects = new ArrayList<>();

        void add(Patch patch) {
            hooks.addAll(patch.entryHooks());
            redirects.addAll(patch.callRedirects());
        }

        boolean isEmpty() {
            return hooks.isEmpty() && redirects.isEmpty();
        }

        JdkTransformer transformer(TransformErrors errors) {
            return new JdkTransformer(hooks, redirects, errors);
        }
    }

    /** At launch, a patch whose hooks matter only to fibers waits for the program's first one. */
    private static boolean waitsForFibers(Patch patch, boolean retransformable) {
        return patch.hooksWaitForFibers() && !retransformable;
    }

    /**
     * Adds {@code transformer} and retransforms those of its JDK classes that are loaded already;
     * returns them. Added first: a class that loads while we look is hooked as it loads, and if we
     * also find it loaded, retransforming starts again from its original bytes: no double hook.
     */
    private static List<Class<?>> hook(Instrumentation inst, JdkTransformer transformer, TransformErrors errors) {
        inst.addTransformer(transformer, true);
        List<Class<?>> loaded = loaded(inst, transformer.owners());
        retransform(inst, loaded, errors);
        return loaded;
    }

    /** Those of the JDK classes named (internal names) that the bootstrap loader has loaded. */
    private static List<Class<?>> loaded(Instrumentation inst, Set<String> internalNames) {
        List<Class<?>> classes = new ArrayList<>();
        for (Class<?> type : inst.getInitiatedClasses(null)) {
            if (internalNames.contains(type.getName().replace('.', '/'))) {
                classes.add(type);
            }
        }
        return classes;
    }

    private static void retransform(Instrumentation inst, List<Class<?>> classes, TransformErrors errors) {
        if (classes.isEmpty()) {
            return;
        }
        // All at once first: one redefinition, one safepoint and one deoptimization pass for all
        // (the fiber hooks at a launch: 30-35 ms on one core, 38 one at a time). Should one class
        // fail, the JVM changes none, and they go again one by one, so the rest are not held back.
        try {
            inst.retransformClasses(classes.toArray(new Class<?>[0]));
            return;
        } catch (Throwable t) {
            // one at a time below, recording which failed
        }
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
    private static PatchReport report(Patch patch, JdkTransformer jdk, Set<String> loadedOwners,
                                      TransformErrors errors, List<PatchReport> earlier, boolean retransformable) {
        for (String required : patch.requires()) {
            PatchReport requirement = earlier.stream().filter(r -> r != null && r.name().equals(required))
                    .findFirst().orElse(null);
            if (requirement != null && requirement.status() == PatchReport.Status.DISABLED) {
                // switched off with it by the user: nothing to warn about
                return new PatchReport(patch.name(), PatchReport.Status.DISABLED,
                        "off with the " + required + " patch (" + requirement.detail() + ")");
            }
            if (requirement == null || !requirement.took()) {
                return new PatchReport(patch.name(), PatchReport.Status.FAILED, "needs the " + required + " patch");
            }
        }
        if (patch.mechanism() != null) {
            return new PatchReport(patch.name(), PatchReport.Status.INSTALLED, patch.mechanism());
        }
        List<Object> missing = new ArrayList<>();
        // A patch that waits for fibers has its rewrites in the fiber transformer, not in jdk: a
        // class another patch retransformed now says nothing about them.
        boolean later = waitsForFibers(patch, retransformable);
        for (EntryHook hook : later ? List.<EntryHook>of() : patch.entryHooks()) {
            if (loadedOwners.contains(hook.owner()) && !jdk.applied(hook)) {
                missing.add(hook);
            }
        }
        for (CallRedirect redirect : later ? List.<CallRedirect>of() : patch.callRedirects()) {
            if (loadedOwners.contains(redirect.inClass()) && !jdk.applied(redirect)) {
                missing.add(redirect);
            }
        }
        if (!missing.isEmpty()) {
            String error = errors.first();
            return new PatchReport(patch.name(), PatchReport.Status.FAILED,
                    missing.getFirst() + " not found or not transformed" + (error == null ? "" : ": " + error));
        }
        List<String> parts = new ArrayList<>();
        if (!patch.callSiteHints().isEmpty()) {
            parts.add("call sites rewritten as classes load");
        }
        if (!patch.entryHooks().isEmpty()) {
            parts.add("hooks at the entry of "
                    + patch.entryHooks().stream().map(h -> h.className() + "." + h.method()).distinct().toList());
        }
        if (!patch.callRedirects().isEmpty()) {
            parts.add("calls redirected in "
                    + patch.callRedirects().stream().map(r -> r.inClass().replace('/', '.')).distinct().toList());
        }
        boolean jdkRewrites = !patch.entryHooks().isEmpty() || !patch.callRedirects().isEmpty();
        return new PatchReport(patch.name(), PatchReport.Status.INSTALLED, String.join("; ", parts)
                + (!jdkRewrites ? "" : waitsForFibers(patch, retransformable)
                        ? ", put in when the program makes its first fiber" : ", put in as the classes load"));
    }
}
