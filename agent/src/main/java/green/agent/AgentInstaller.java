package green.agent;

import green.agent.patch.PatchReport;
import green.agent.patch.Patches;
import green.agent.patch.TransformErrors;
import green.config.GreenConfig;
import green.hooks.ThreadHook;
import green.hub.Hub;
import green.observe.JfrEvents;
import green.observe.Observability;
import java.lang.instrument.Instrumentation;
import java.util.concurrent.TimeUnit;

/**
 * The agent's real work, after {@link GreenAgent} has checked the JVM and handed off: set
 * {@code jdk.pollerMode}, put the runtime on the bootstrap class path, open {@code java.base} to
 * it, resolve the settings, install the enabled patches, arrange the self-check (at launch, before
 * the program's first fiber; after an attach, at once), and only then log.
 *
 * <p>Failure policy (docs/DESIGN.md, "The agent"): bad settings are a {@link LaunchError} (the JVM does not
 * start); a self-check failure backs everything out with one warning line; anything else thrown
 * is reported by {@link GreenAgent} and the program runs unpatched.
 *
 * <p>Called once, on the thread that runs {@code premain} or {@code agentmain}.
 */
public final class AgentInstaller {

    private AgentInstaller() {
        throw new UnsupportedOperationException();
    }

    /** Entry point, called by name from {@link GreenAgent}. */
    public static void install(String agentArgs, Instrumentation inst, boolean premain) throws Exception {
        long startNanos = System.nanoTime();
        if (!premain && InstallStatus.installed() != null) {
            InstallStatus.attachResult("already installed in this JVM (" + InstallStatus.installed() + "); nothing changed");
            return;
        }
        forcePlatformPollers();
        BootstrapInjector.inject(inst);
        ModuleOpener.open(inst, BootstrapInjector.runtimeModule());

        GreenConfig config;
        try {
            config = AgentArguments.resolve(agentArgs, System.getProperties());
        } catch (IllegalArgumentException e) {
            throw new LaunchError(e.getMessage());
        }
        GreenConfig.install(config);
        Observability.install();

        TransformErrors errors = new TransformErrors(config.debug(), System.err);
        Patches.Installed installed = Patches.install(inst, config, errors, !premain);
        if (config.debug() && errors.count() > 0) {
            installed.uninstall(inst, errors);
            throw new LaunchError("green: " + errors.count() + " transformation error(s) while installing "
                    + "(green.debug=true makes them fatal); first: " + errors.first());
        }
        if (installed.any()) {
            if (premain) {
                // Checked before the program's first fiber, not now: a program that makes none
                // (a hello world) never pays for starting the hub (about 55 ms on one core).
                Hub.beforeNextFiber(() -> checkBeforeFirstFiber(inst, installed, errors));
            } else {
                String failure = SelfCheck.failure();
                if (failure != null) {
                    installed.uninstall(inst, errors);
                    String line = backOutLine(failure);
                    System.err.println(line);
                    InstallStatus.attachResult("unpatched: " + line);
                    return;
                }
            }
        }
        installed.reports().forEach(r -> JfrEvents.patchInstalled(r.name(), r.took(), r.detail()));
        String patches = installed.reports().stream().filter(r -> r.took()).map(r -> r.name()).toList().toString();
        InstallStatus.installed(patches);
        if (!premain) {
            long rewritten = Patches.retransformLoaded(inst, installed, errors);
            String line = "green: attached; patches " + patches + "; " + rewritten + " loaded classes rewritten."
                    + " Threads and sockets that exist already stay as they are, and a method that is already"
                    + " running keeps its old code until it is entered again.";
            System.err.println(line);
            InstallStatus.attachResult("installed: " + line);
        }
        // The hand-off is complete: from here on logging is allowed.
        log(config, installed, errors, premain, startNanos);
    }

    /**
     * The self-check of a launch, run by whichever thread makes the program's first fiber, before
     * it is made. Fails: the patches come out, program threads stay platform threads from then on
     * (application classes already rewritten call hooks that then do what the JDK does), and one
     * warning line says so. Passes: the hooks that only fibers need go in.
     */
    private static void checkBeforeFirstFiber(Instrumentation inst, Patches.Installed installed, TransformErrors errors) {
        String failure = SelfCheck.failure();
        if (failure == null) {
            installed.installFiberHooks(inst, errors);
            return;
        }
        installed.uninstall(inst, errors);
        ThreadHook.backOut();
        InstallStatus.backedOut();
        System.err.println(backOutLine(failure));
    }

    private static String backOutLine(String failure) {
        return "green: self-check failed (" + failure + "); running unpatched";
    }

    /**
     * Platform poller threads (mode 1) unless the user chose. In the default mode the JDK's
     * sub-pollers are virtual threads created by whichever thread first does blocking I/O; when
     * that is a hub fiber they inherit the hub as scheduler, and a pinned fiber falling back to
     * the JDK poller then waits for a poller that can only run on the blocked hub: deadlock
     * (docs/DESIGN.md, "The agent"). Read once by {@code Poller.<clinit>},
     * so this must happen before anything initializes {@code sun.nio.ch.Poller}; after an attach
     * it may be too late, and then nothing changes.
     */
    private static void forcePlatformPollers() {
        if (System.getProperty("jdk.pollerMode") == null) {
            System.setProperty("jdk.pollerMode", "1");
        }
    }

    private static void log(GreenConfig config, Patches.Installed installed, TransformErrors errors,
                            boolean premain, long startNanos) {
        System.Logger log = System.getLogger("green.agent");
        for (PatchReport report : installed.reports()) {
            if (report.status() == PatchReport.Status.FAILED) {
                log.log(System.Logger.Level.WARNING, "green: patch " + report);
            }
        }
        if (log.isLoggable(System.Logger.Level.DEBUG) || config.debug()) {
            System.Logger.Level level = config.debug() ? System.Logger.Level.INFO : System.Logger.Level.DEBUG;
            log.log(level, config.describe());
            log.log(level, "green: " + (premain ? "premain" : "agentmain") + " took "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos) + " ms; patches: "
                    + installed.reports() + "; transformation errors: " + errors.count());
        }
    }
}
