package green.agent.patch;

import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import green.config.GreenConfig;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.dynamic.scaffold.TypeValidation;

/**
 * The ordered patch table, gevent's {@code patch_all}: poll, sleep, thread, dns, url. Installs
 * the enabled ones and reports, per patch, whether it took.
 *
 * <p>Start-up cost is kept low: one Byte Buddy {@code AgentBuilder} that ignores every type but
 * the few JDK classes named by the patches, and retransforms exactly those (an explicit discovery
 * list, no scan of all loaded classes); call-site patches share one plain
 * {@link ClassFileTransformer} with a byte-search pre-filter.
 *
 * <p>Called once, on the thread that installs the agent.
 */
public final class Patches {

    /** The table, in install order. */
    public static List<Patch> table() {
        return List.of(new PollPatch(), new SleepPatch(),
                new ThreadPatch(), new DnsPatch(), new UrlPatch());
    }

    private Patches() {
        throw new UnsupportedOperationException();
    }

    /** What {@link #install} put in place, so a failed self-check can take it out again. */
    public record Installed(List<PatchReport> reports, ResettableClassFileTransformer adviceTransformer,
                            CallSiteTransformer callSiteTransformer) {

        /** Whether any patch took. */
        public boolean any() {
            return reports.stream().anyMatch(PatchReport::took);
        }

        /** Removes the call-site transformer and restores the advised JDK classes. */
        public void uninstall(Instrumentation inst) {
            if (callSiteTransformer != null) {
                inst.removeTransformer(callSiteTransformer);
            }
            if (adviceTransformer != null) {
                adviceTransformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            }
        }
    }

    public static Installed install(Instrumentation inst, GreenConfig config, TransformErrors errors) {
        List<Patch> advice = new ArrayList<>();
        List<Patch> callSites = new ArrayList<>();
        List<PatchReport> reports = new ArrayList<>();
        for (Patch patch : table()) {
            if (!config.patchEnabled(patch.name())) {
                reports.add(new PatchReport(patch.name(), PatchReport.Status.DISABLED, GreenConfig.patchSetting(patch.name()).key() + "=false"));
            } else {
                if (!patch.jdkTypes().isEmpty()) {
                    advice.add(patch);
                }
                if (!patch.callSiteHints().isEmpty()) {
                    callSites.add(patch);
                }
                reports.add(null); // filled in below, once installed
            }
        }
        ResettableClassFileTransformer adviceTransformer = advice.isEmpty() ? null : installAdvice(inst, advice, errors);
        CallSiteTransformer callSiteTransformer = null;
        if (!callSites.isEmpty()) {
            callSiteTransformer = new CallSiteTransformer(callSites, errors);
            inst.addTransformer(callSiteTransformer, false);
        }
        List<Patch> table = table();
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) == null) {
                reports.set(i, report(table.get(i), errors, reports));
            }
        }
        return new Installed(List.copyOf(reports), adviceTransformer, callSiteTransformer);
    }

    /** Reports in table order, so a patch's requirements (earlier rows) are already decided. */
    private static PatchReport report(Patch patch, TransformErrors errors, List<PatchReport> earlier) {
        for (String required : patch.requires()) {
            boolean took = earlier.stream().anyMatch(r -> r != null && r.name().equals(required) && r.took());
            if (!took) {
                return new PatchReport(patch.name(), PatchReport.Status.FAILED, "needs the " + required + " patch");
            }
        }
        if (patch.mechanism() != null) {
            return new PatchReport(patch.name(), PatchReport.Status.INSTALLED, patch.mechanism());
        }
        for (String type : patch.jdkTypes()) {
            if (!errors.transformed(type)) {
                String error = errors.first();
                return new PatchReport(patch.name(), PatchReport.Status.FAILED,
                        type + " was not transformed" + (error == null ? "" : ": " + error));
            }
        }
        return new PatchReport(patch.name(), PatchReport.Status.INSTALLED,
                patch.jdkTypes().isEmpty() ? "call sites rewritten as classes load" : "advice on " + String.join(", ", patch.jdkTypes()));
    }

    /**
     * {@code AgentBuilder.Default}'s constructor prepares "Nexus" self-injection, which defines a
     * Byte Buddy class in the system class loader through {@code sun.misc.Unsafe}: the JDK then
     * prints four "terminally deprecated method" warning lines into the program's stderr, and a
     * class of ours lands in the app's loader. We never use self-initialization
     * ({@code InitializationStrategy.NoOp}), so switch Nexus off (Byte Buddy's
     * {@code net.bytebuddy.nexus.disabled}, relocated with the package) for as long as its
     * one-time initialization takes, and leave the program's system properties as they were.
     */
    private static AgentBuilder newAgentBuilder() {
        String property = "green.shaded.bytebuddy.nexus.disabled";
        boolean set = System.getProperty(property) == null;
        if (set) {
            System.setProperty(property, "true");
        }
        try {
            return new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED));
        } finally {
            if (set) {
                System.clearProperty(property);
            }
        }
    }

    private static ResettableClassFileTransformer installAdvice(Instrumentation inst, List<Patch> patches,
                                                                TransformErrors errors) {
        List<String> names = patches.stream().flatMap(p -> p.jdkTypes().stream()).distinct().toList();
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : names) {
            try {
                // Loaded, not initialized (Poller's <clinit> must see jdk.pollerMode), so the
                // advice is in place now and the patch can say at once whether it took.
                loaded.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException e) {
                errors.record(name, e);
            }
        }
        AgentBuilder builder = newAgentBuilder()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(loaded.toArray(Class<?>[]::new)))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(errors)
                .ignore(not(namedOneOf(names.toArray(String[]::new))));
        AgentBuilder.Identified.Extendable extendable = null;
        for (Patch patch : patches) {
            AgentBuilder.Identified.Narrowable type = extendable == null
                    ? builder.type(namedOneOf(patch.jdkTypes().toArray(String[]::new)))
                    : extendable.type(namedOneOf(patch.jdkTypes().toArray(String[]::new)));
            extendable = type.transform((b, typeDescription, classLoader, module, domain) -> patch.transform(b, typeDescription));
        }
        return extendable.installOn(inst);
    }
}
