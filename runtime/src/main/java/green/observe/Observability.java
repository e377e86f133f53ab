package green.observe;

import green.config.GreenConfig;
import green.hub.Hub;
import green.hub.HubListener;
import green.hub.HubView;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Attaches what watches the hub once it starts ({@link #install}): the {@link HubListener} that
 * turns what the hub does into JFR events and stall reports ({@link StallLog}), and the
 * {@link HubMXBean} {@value #OBJECT_NAME}, registered once the JVM's platform MBean server exists.
 * Green never creates that server itself: it costs about 300 ms of CPU (measured,
 * benchmarks/README.md), which a program that nobody watches should not pay. A JMX client
 * (jconsole, JMC, {@code green.jar status}) starts the JVM's management agent, which creates the
 * server; the MXBean follows within {@value #JMX_CHECK_MILLIS} ms, checked from the hub's
 * watchdog thread. Where the JVM has no {@code java.management} (a custom runtime image) the
 * MXBean is skipped with a debug line.
 *
 * <p>{@link #install} from any thread, idempotent; the rest on the threads noted.
 */
public final class Observability {

    public static final String OBJECT_NAME = "green:type=Hub";
    static final long JMX_CHECK_MILLIS = 250;
    private static final System.Logger LOG = System.getLogger("green.observe");
    private static boolean installed;

    private Observability() {
        throw new UnsupportedOperationException();
    }

    /** Watches the process-wide hub from its start (or at once, if it runs already). */
    public static synchronized void install() {
        if (!installed) {
            installed = true;
            Hub.whenStarted(Observability::start);
        }
    }

    private static void start(Hub hub) {
        JfrEvents.watchRecorder();
        GreenConfig config = GreenConfig.current();
        boolean loud = config.debug() || config.source(GreenConfig.MAX_BLOCKING) != GreenConfig.Source.DEFAULT;
        long maxBlockingMillis = config.maxBlockingMillis();
        StallLog stalls = new StallLog(maxBlockingMillis == 0 ? Long.MAX_VALUE : maxBlockingMillis, loud);
        hub.listen(new Watcher(hub, stalls));
    }

    /** The hub's listener: events, stalls, and the MXBean's registration. */
    private static final class Watcher implements HubListener {
        private final StallLog stalls;
        private final HubMetrics metrics;
        private boolean registered;            // watchdog thread only
        private long nextJmxCheck = System.nanoTime();

        Watcher(HubView hub, StallLog stalls) {
            this.stalls = stalls;
            this.metrics = new HubMetrics(hub, stalls);
        }

        @Override
        public void fiberStarted(Thread fiber, Thread parent) {
            JfrEvents.fiberStart(fiber, parent);
        }

        @Override
        public void fiberEnded(Thread fiber) {
            JfrEvents.fiberEnd(fiber);
        }

        @Override
        public void pinnedFallback(Thread fiber) {
            JfrEvents.pinnedFallback(fiber);
        }

        @Override
        public void stall(String fiber, long heldMillis, StackTraceElement[] stack, boolean ended, boolean relieved) {
            stalls.stall(fiber, heldMillis, stack, ended, relieved);
        }

        @Override
        public void watched() {
            long now = System.nanoTime();
            if (!registered && now - nextJmxCheck >= 0) {
                registered = registerOnceServerExists(metrics);
                nextJmxCheck = now + TimeUnit.MILLISECONDS.toNanos(JMX_CHECK_MILLIS);
            }
        }
    }

    /** Returns true when done: registered, or impossible in this JVM. */
    private static boolean registerOnceServerExists(HubMXBean metrics) {
        try {
            // The platform server is made by MBeanServerFactory.createMBeanServer, so it is listed
            // here once it exists; the list is empty (and cheap to read) until then.
            if (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
                return false;
            }
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, new ObjectName(OBJECT_NAME));
        } catch (JMException | LinkageError | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "no JMX for the hub", e);
        }
        return true;
    }
}
