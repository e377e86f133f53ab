package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR: a green wait of a pinned fiber fell back to a wait on its carrier (the hub stalls meanwhile). */
@Name("green.PinnedFallback")
@Label("Pinned Fallback")
@Category("green")
@Description("A fiber could not unmount (class initializer, native frame) and waited on the hub thread itself")
final class PinnedFallbackEvent extends jdk.jfr.Event {
    @Label("Fiber")
    String fiber;
}
