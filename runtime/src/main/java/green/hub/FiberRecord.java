package green.hub;

/**
 * What the hub keeps of one live fiber for the dump and the liveness check: the fiber and who
 * spawned it. Which wait it is in is the hub's own tables' business ({@link HubView#waits()}): a
 * wait costs no bookkeeping here.
 *
 * <p>Immutable; any thread.
 */
public record FiberRecord(Thread fiber, Thread parent) {
}
