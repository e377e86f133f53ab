package clientapps;

import demo.Report;
import java.util.Map;
import java.util.TreeMap;

/** Reports, in the side channel only, the platform threads alive now (virtual threads are not listed), by name. */
final class Threads {
    private Threads() {
    }

    /** Reports {@code platform_threads=<name>*<count>,...}, names with digits folded to {@code #}, JVM-internal ones left out. */
    static void reportPlatform() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName().replaceAll("[0-9]+", "#");
            if (t.isVirtual() || name.equals("Reference Handler") || name.equals("Finalizer")
                    || name.equals("Signal Dispatcher") || name.equals("Common-Cleaner") || name.equals("Notification Thread")
                    || name.equals("Attach Listener") || name.equals("main")) {
                continue;
            }
            counts.merge(name, 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((name, n) -> sb.append(sb.isEmpty() ? "" : ",").append(name).append('*').append(n));
        Report.line("platform_threads", sb);
    }
}
