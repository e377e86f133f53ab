package green.hooks;

import green.hub.HubClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Entry points for the {@code clock} patch (under {@code green.clock=virtual}): the program's
 * reads of time, rewritten in application classes, and {@code System.nanoTime()} inside the JDK's
 * timed waits, redirected, all read the hub's clock ({@link HubClock}), so that a sleep, a timed
 * wait and the clock that measures them agree.
 *
 * <p>Any thread.
 */
public final class ClockHook {

    private ClockHook() {
        throw new UnsupportedOperationException();
    }

    /** {@code System.nanoTime()}. */
    public static long nanoTime() {
        return HubClock.nanoTime();
    }

    /** {@code System.currentTimeMillis()}. */
    public static long currentTimeMillis() {
        return HubClock.currentTimeMillis();
    }

    /** {@code Instant.now()}. */
    public static Instant instantNow() {
        return HubClock.instant();
    }

    /** {@code Clock.systemUTC()}. */
    public static Clock systemUTC() {
        return new HubTimeClock(ZoneOffset.UTC);
    }

    /** {@code Clock.systemDefaultZone()}, and the clock a rewritten {@code LocalDateTime.now()} and the like are given. */
    public static Clock systemDefaultZone() {
        return new HubTimeClock(ZoneId.systemDefault());
    }

    /** A {@link Clock} on the hub's time, in a zone. */
    static final class HubTimeClock extends Clock {
        private final ZoneId zone;

        HubTimeClock(ZoneId zone) {
            this.zone = zone;
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return other.equals(zone) ? this : new HubTimeClock(other);
        }

        @Override
        public long millis() {
            return HubClock.currentTimeMillis();
        }

        @Override
        public Instant instant() {
            return HubClock.instant();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof HubTimeClock clock && clock.zone.equals(zone);
        }

        @Override
        public int hashCode() {
            return zone.hashCode() + 1;
        }

        @Override
        public String toString() {
            return "HubTimeClock[" + zone + "]";
        }
    }
}
