package green.observe;

import jdk.jfr.Category;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR: the agent installed (or could not install) one patch of the table. At launch the agent runs
 * before a {@code -XX:StartFlightRecording} recording starts, so this is seen in recordings that
 * are running when green is attached.
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
