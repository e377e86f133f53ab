package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** JFR, off by default (one per fiber): a fiber started on the hub. */
@Name("green.FiberStart")
@Label("Fiber Start")
@Category("green")
@Enabled(false)
final class FiberStartEvent extends jdk.jfr.Event {
    @Label("Fiber")
    String fiber;

    @Label("Parent")
    String parent;
}
