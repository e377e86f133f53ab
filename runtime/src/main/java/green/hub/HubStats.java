package green.hub;

/**
 * A snapshot of a hub's counters. Read off the loop the numbers are approximate (some are plain
 * fields the loop writes without fences), which is what a metric needs.
 *
 * @param fibersAlive      fibers started and not yet finished
 * @param fibersSpawned    fibers started since the hub began
 * @param switches         tasks the loop ran: fiber continuations and internal tasks
 * @param runQueueLength   tasks ready to run at the moment of the snapshot
 * @param polls            times the loop asked its poller for I/O readiness
 * @param timersFired      timers that came due
 * @param timersPending    timers scheduled and not yet due
 * @param fdWaits          file descriptors a fiber currently waits on
 * @param pinnedFallbacks  waits that could not park on the hub because the fiber was pinned
 * @param reliefs          times a relief thread took over the loop from a fiber that held it
 * @param reliefThreads    relief threads alive now (running the loop, a relieved fiber, or idle)
 */
public record HubStats(long fibersAlive, long fibersSpawned, long switches, long runQueueLength,
                       long polls, long timersFired, long timersPending, long fdWaits,
                       long pinnedFallbacks, long reliefs, long reliefThreads) {
}
