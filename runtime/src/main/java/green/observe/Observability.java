package green.observe;

import green.config.GreenConfig;
import green.hub.Hub;
import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Starts what watches a hub, on a daemon thread of its own, {@code green-watchdog}: it registers
 * the {@link HubMXBean} {@value #OBJECT_NAME} (off the thread that created the hub: starting the
 * platform MBean server costs tens of milliseconds, which must not land in the agent's premain),
 * then runs the {@link Watchdog} unless {@code green.maxBlocking=0}. Where the JVM has no
 * {@code java.management} (a custom runtime image) the MXBean is skipped with a debug line.
 *
 * <p>Called once per hub, by the hub's creator, after the hub thread started.
 */
public final class Observability {

    public static final String OBJECT_NAME = "green:type=Hub";
    private static final System.Logger LOG = System.getLogger("green.observe");

    private Observability() {
        throw new UnsupportedOperationException();
    }

    public static void start(Hub hub) {
        GreenConfig config = GreenConfig.current();
        long maxBlockingMillis = config.maxBlockingMillis();
        boolean loud = config.debug() || config.source(GreenConfig.MAX_BLOCKING) != GreenConfig.Source.DEFAULT;
        Watchdog watchdog = maxBlockingMillis > 0 ? new Watchdog(hub, maxBlockingMillis, loud) : null;
        Thread thread = new Thread(() -> {
            register(new HubMetrics(hub, watchdog));
            if (watchdog != null) {
                watchdog.run();
            }
        }, "green-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private static void register(HubMXBean metrics) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(metrics, new ObjectName(OBJECT_NAME));
        } catch (JMException | LinkageError | SecurityException e) {
            LOG.log(System.Logger.Level.DEBUG, "no JMX for the hub", e);
        }
    }
}
