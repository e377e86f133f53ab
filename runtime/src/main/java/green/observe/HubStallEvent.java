package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/** JFR: one fiber held the hub longer than {@code green.maxBlocking}. Emitted by the {@link Watchdog}. */
@Name("green.HubStall")
@Label("Hub Stall")
@Category("green")
@Description("A fiber held the hub thread longer than green.maxBlocking; every other fiber waited")
final class HubStallEvent extends jdk.jfr.Event {
    @Label("Fiber")
    String fiber;

    @Label("Held For")
    @Timespan(Timespan.MILLISECONDS)
    long heldMillis;

    @Label("Stack")
    String stack;
}
