package green.observe;

import green.hub.HubStats;
import green.hub.HubView;

/**
 * The {@link HubMXBean} of one hub. Rates are computed from two samples at least a second
 * apart, taken when a client asks.
 *
 * <p>Any thread (JMX calls it on its own).
 */
final class HubMetrics implements HubMXBean {
    private final HubView hub;
    private final StallLog stalls;
    private long sampleNanos = System.nanoTime();
    private long sampleSwitches;
    private double switchesPerSecond;

    HubMetrics(HubView hub, StallLog stalls) {
        this.hub = hub;
        this.stalls = stalls;
    }

    private HubStats stats() {
        return hub.stats();
    }

    @Override
    public long getFibersAlive() {
        return stats().fibersAlive();
    }

    @Override
    public long getFibersSpawned() {
        return stats().fibersSpawned();
    }

    @Override
    public long getSwitches() {
        return stats().switches();
    }

    @Override
    public synchronized double getSwitchesPerSecond() {
        long now = System.nanoTime();
        long switches = stats().switches();
        if (now - sampleNanos >= 1_000_000_000L) {
            switchesPerSecond = (switches - sampleSwitches) * 1e9 / (now - sampleNanos);
            sampleNanos = now;
            sampleSwitches = switches;
        }
        return switchesPerSecond;
    }

    @Override
    public long getRunQueueLength() {
        return stats().runQueueLength();
    }

    @Override
    public long getPolls() {
        return stats().polls();
    }

    @Override
    public long getTimersFired() {
        return stats().timersFired();
    }

    @Override
    public long getTimersPending() {
        return stats().timersPending();
    }

    @Override
    public long getFdWaits() {
        return stats().fdWaits();
    }

    @Override
    public long getPinnedFallbacks() {
        return stats().pinnedFallbacks();
    }

    @Override
    public long getMaxStallMillis() {
        return stalls.maxStallMillis();
    }

    @Override
    public long getLastStallMillis() {
        return stalls.lastStallMillis();
    }

    @Override
    public long getReliefs() {
        return stats().reliefs();
    }

    @Override
    public long getReliefThreads() {
        return stats().reliefThreads();
    }

    @Override
    public String dumpFibers() {
        return FiberDump.text(hub);
    }
}
