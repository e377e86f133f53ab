package green.hub;

/**
 * A snapshot of a hub's counters. Read off the hub thread the numbers are approximate (they are
 * plain fields the hub writes without fences), which is what a metric needs.
 *
 * @param fibersAlive      fibers started and not yet finished
 * @param fibersSpawned    fibers started since the hub began
 * @param switches         tasks the hub ran: fiber continuations and internal tasks
 * @param runQueueLength   tasks ready to run at the moment of the snapshot
 * @param polls            times the hub asked its poller for I/O readiness
 * @param timersFired      timers that came due
 * @param timersPending    timers scheduled and not yet due
 * @param fdWaits          file descriptors a fiber currently waits on
 * @param pinnedFallbacks  waits that could not park on the hub because the fiber was pinned
 */
public record HubStats(long fibersAlive, long fibersSpawned, long switches, long runQueueLength,
                       long polls, long timersFired, long timersPending, long fdWaits,
                       long pinnedFallbacks) {
}
