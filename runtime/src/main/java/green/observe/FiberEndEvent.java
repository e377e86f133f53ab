package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR, off by default (one per fiber): a fiber ended. */
@Name("green.FiberEnd")
@Label("Fiber End")
@Category("green")
@Enabled(false)
final class FiberEndEvent extends jdk.jfr.Event {
    @Label("Fiber")
    String fiber;
}
