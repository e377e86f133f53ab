package green.it;

import java.util.List;

/**
 * Prints what a child measured (its report's timing lines) on the test JVM's stdout, so a test log
 * shows the numbers behind the README's compatibility table; never asserts anything.
 */
final class ItNotes {
    private static final List<String> KEYS = List.of("elapsed_ms", "blpop_waited_ms", "run_max_gap_ms",
            "down_ticks", "down_max_gap_ms", "platform_threads");

    private ItNotes() {
    }

    static void note(String what, ChildJvm.Result r) {
        StringBuilder sb = new StringBuilder("[measured] ").append(what).append(":");
        for (String key : KEYS) {
            List<String> values = r.reported(key);
            if (!values.isEmpty()) {
                sb.append(' ').append(key).append('=').append(String.join(",", values));
            }
        }
        sb.append(" wall_ms=").append(r.elapsedMillis()).append(" exit=").append(r.exitCode());
        System.out.println(sb);
    }
}
