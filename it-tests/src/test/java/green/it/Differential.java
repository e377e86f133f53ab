package green.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The differential check (gevent's {@code test__monkey_module_run}): the same program run without and
 * with {@code -javaagent:green.jar} must give the same stdout, the same stderr and the same exit code.
 * Output is compared line by line; a failure shows a diff ({@code -} without the agent, {@code +} with
 * it) and both runs in full.
 */
public final class Differential {
    private Differential() {
    }

    /** A program's run without the agent and with it. */
    public record Runs(ChildJvm.Result plain, ChildJvm.Result green) {
    }

    /** Runs {@code spec} without the agent, then with it, and asserts that both did the same. */
    public static Runs run(ChildJvm spec) {
        ChildJvm.Result plain = spec.copy().agent(false).run();
        ChildJvm.Result green = spec.copy().agent(true).run();
        assertSame(plain, green);
        return new Runs(plain, green);
    }

    public static void assertSame(ChildJvm.Result plain, ChildJvm.Result green) {
        assertSame(plain, green, UnaryOperator.identity());
    }

    /**
     * Asserts equal exit code, stdout and stderr after mapping every line through {@code normalize}
     * (for lines that legitimately differ between runs, such as a server's ephemeral port).
     */
    public static void assertSame(ChildJvm.Result plain, ChildJvm.Result green, UnaryOperator<String> normalize) {
        List<String> problems = new ArrayList<>();
        if (plain.timedOut() || green.timedOut()) {
            problems.add("timed out: without agent " + plain.timedOut() + ", with agent " + green.timedOut());
        }
        if (plain.exitCode() != green.exitCode()) {
            problems.add("exit code: without agent " + plain.exitCode() + ", with agent " + green.exitCode());
        }
        List<String> plainOut = plain.stdout().stream().map(normalize).toList();
        List<String> greenOut = green.stdout().stream().map(normalize).toList();
        if (!plainOut.equals(greenOut)) {
            problems.add("stdout differs:\n" + diff(plainOut, greenOut));
        }
        List<String> plainErr = plain.stderr().stream().map(normalize).toList();
        List<String> greenErr = green.stderr().stream().map(normalize).toList();
        if (!plainErr.equals(greenErr)) {
            problems.add("stderr differs:\n" + diff(plainErr, greenErr));
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the program behaved differently with the agent:\n" + String.join("\n", problems)
                    + "\n--- without the agent ---\n" + plain.describe() + "--- with the agent ---\n" + green.describe());
        }
    }

    /** Maps a {@code listening 40123} line to {@code listening <port>}, for servers on port 0. */
    public static String ignorePort(String line) {
        return line.startsWith("listening ") ? "listening <port>" : line;
    }

    /**
     * A line diff of {@code a} (shown with {@code -}) against {@code b} ({@code +}), common lines with two
     * spaces. Longest-common-subsequence based; for very long inputs only the first 2,000 lines are diffed.
     */
    static String diff(List<String> a, List<String> b) {
        List<String> x = a.size() > 2000 ? a.subList(0, 2000) : a;
        List<String> y = b.size() > 2000 ? b.subList(0, 2000) : b;
        int n = x.size();
        int m = y.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                sb.append("  ").append(x.get(i++)).append('\n');
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                sb.append("- ").append(x.get(i++)).append('\n');
            } else {
                sb.append("+ ").append(y.get(j++)).append('\n');
            }
        }
        return sb.toString();
    }
}
