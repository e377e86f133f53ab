package green.observe;

/**
 * The hub's metrics and fiber dump over JMX, as the MXBean {@value Observability#OBJECT_NAME}
 * (jconsole, JMC, and {@code java -jar green.jar status|dump <pid>}). Names are stable: the CLI
 * and users' dashboards read them.
 */
public interface HubMXBean {
    long getFibersAlive();

    long getFibersSpawned();

    long getSwitches();

    /** Task switches per second over the last sampling interval (about a second). */
    double getSwitchesPerSecond();

    long getRunQueueLength();

    long getPolls();

    long getTimersFired();

    long getTimersPending();

    long getFdWaits();

    long getPinnedFallbacks();

    /** The longest time one fiber held the hub beyond {@code green.maxBlocking}, in ms (0: none, or the watchdog is off). */
    long getMaxStallMillis();

    /** The most recent such stall, in ms. */
    long getLastStallMillis();

    /** Times a relief thread took over the loop from a fiber that held it ({@code green.relief}). */
    long getReliefs();

    /** Relief threads alive now: running the loop, a held fiber, or idle in their pool. */
    long getReliefThreads();

    /** Every live fiber with its state, stack and parent; see {@link FiberDump}. */
    String dumpFibers();
}
