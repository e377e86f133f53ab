package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR: the agent installed (or could not install) one patch of the table. A periodic event, emitted
 * at every chunk by {@link JfrEvents}, so recordings that start after the agent hold it too.
 */
@Name("green.PatchInstalled")
@Label("Patch Installed")
@Category("green")
final class PatchInstalledEvent extends jdk.jfr.Event {
    @Label("Patch")
    String patch;

    @Label("Took")
    boolean took;

    @Label("Detail")
    String detail;
}
