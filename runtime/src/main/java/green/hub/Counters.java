package green.hub;

/** The hub's mutable counters. Written only on the hub thread; see {@link HubStats} for reading. */
final class Counters {
    long fibersAlive;
    long fibersSpawned;
    long switches;
    long polls;
    long timersFired;
    long pinnedFallbacks;
}
