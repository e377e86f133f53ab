package green.observe;

import green.config.GreenConfig;
import green.hub.Hub;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;

/**
 * Starts what watches a hub, on a daemon thread of its own, {@code green-watchdog}, which samples
 * the hub for the {@link Watchdog} (unless {@code green.maxBlocking=0}) and registers the
 * {@link HubMXBean} {@value #OBJECT_NAME} once the JVM's platform MBean server exists. Green never
 * creates that server itself: it costs about 300 ms of CPU (measured, benchmarks/README.md), which
 * a program that nobody watches should not pay. A JMX client (jconsole, JMC, {@code green.jar
 * status}) starts the JVM's management agent, which creates the server; the MXBean follows within
 * {@value #JMX_CHECK_MILLIS} ms. Where the JVM has no {@code java.management} (a custom runtime
 * image) the MXBean is skipped with a debug line. It also tells {@link Events} to watch for the
 * flight recorder.
 *
 * <p>Called once per hub, by the hub's creator, after the hub thread started.
 */
public final class Observability {

    public static final String OBJECT_NAME = "green:type=Hub";
    static final long JMX_CHECK_MILLIS = 250;
    private static final System.Logger LOG = System.getLogger("green.observe");

    private Observability() {
        throw new UnsupportedOperationException();
    }

    public static void start(Hub hub) {
        Events.watchRecorder();
        GreenConfig config = GreenConfig.current();
        long maxBlockingMillis = config.maxBlockingMillis();
        boolean loud = config.debug() || config.source(GreenConfig.MAX_BLOCKING) != GreenConfig.Source.DEFAULT;
        Watchdog watchdog = maxBlockingMillis > 0 ? new Watchdog(hub, maxBlockingMillis, loud) : null;
        HubMetrics metrics = new HubMetrics(hub, watchdog);
        long periodMillis = watchdog == null ? JMX_CHECK_MILLIS : watchdog.periodMillis();
        Thread thread = new Thread(() -> watch(metrics, watchdog, periodMillis), "green-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private static void watch(HubMetrics metrics, Watchdog watchdog, long periodMillis) {
        boolean registered = false;
        long nextJmxCheck = System.nanoTime();
        for (;;) {
            try {
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            }
            if (watchdog != null) {
                watchdog.sample();
            }
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
