package green.hub;

/** The loop's own counters, written by the loop's owner only; see {@link HubStats} for reading. */
final class Counters {
    long polls;
    long timersFired;
}
