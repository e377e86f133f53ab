package green.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code java -jar green.jar compare [options] -- <java command line>}: runs the program twice, without
 * and with {@code -javaagent:green.jar} (inserted right after the java launcher), and compares stdout,
 * stderr and the exit code. Prints a unified diff of what differs, then the wall time and peak OS
 * threads of both runs. Exit status 0 when the two behave the same, 1 when they differ, 2 for bad
 * usage or a command that cannot be started. The program's stdin is empty in both runs.
 *
 * <p>Compiled for Java 17, like {@link GreenMain}: it only starts child processes, so it works from any
 * JVM; the agent needs the child's java to be JDK 25 or newer (an older one prints "running unpatched",
 * which is then a difference).
 *
 * <p>Runs on the main thread of the caller's JVM.
 */
public final class CompareCommand {

    static final String USAGE = "usage: java -jar green.jar compare [--agent-args key=value,...] [--ignore <regex>]... "
            + "[--timeout <seconds>] [--agent <green.jar>] -- <java> [java options] <main class or -jar app.jar> [args]";
    private static final int CONTEXT = 3;
    private static final long SAMPLE_MILLIS = 10;
    /** Larger than this (lines × lines, after the common head and tail), the changed middle is shown whole. */
    private static final long MAX_DIFF_CELLS = 4_000_000;

    private CompareCommand() {
        throw new UnsupportedOperationException();
    }

    /** What one run did. */
    record Run(int exitCode, boolean timedOut, List<String> stdout, List<String> stderr, long wallMillis, int peakThreads) {
    }

    /** Entry point, called by name from {@link GreenMain}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String agentArgs = "";
        String agentJar = null;
        long timeoutSeconds = 0;
        List<Pattern> ignored = new ArrayList<>();
        int i = 0;
        for (; i < args.length && !args[i].equals("--"); i++) {
            String option = args[i];
            if (!List.of("--agent-args", "--ignore", "--timeout", "--agent").contains(option)) {
                err.println("green: compare: unknown option '" + option + "'; " + USAGE);
                return 2;
            }
            if (i + 1 >= args.length || args[i + 1].equals("--")) {
                err.println("green: compare: " + option + " needs a value; " + USAGE);
                return 2;
            }
            String value = args[++i];
            switch (option) {
                case "--agent-args" -> agentArgs = value;
                case "--agent" -> agentJar = value;
                case "--ignore" -> {
                    try {
                        ignored.add(Pattern.compile(value));
                    } catch (PatternSyntaxException e) {
                        err.println("green: compare: --ignore '" + value + "' is not a regular expression: "
                                + e.getDescription());
                        return 2;
                    }
                }
                default -> {
                    try {
                        timeoutSeconds = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        timeoutSeconds = -1;
                    }
                    if (timeoutSeconds <= 0) {
                        err.println("green: compare: --timeout '" + value + "' is not a whole number of seconds > 0");
                        return 2;
                    }
                }
            }
        }
        if (i >= args.length) {
            err.println("green: compare: no '--' before the program's command line; " + USAGE);
            return 2;
        }
        List<String> command = Arrays.asList(args).subList(i + 1, args.length);
        if (command.isEmpty()) {
            err.println("green: compare: no command line after '--'; " + USAGE);
            return 2;
        }
        String launcher = Path.of(command.get(0)).getFileName().toString();
        if (!launcher.equals("java") && !launcher.equals("java.exe")) {
            err.println("green: compare: the command after '--' must start with a java launcher (the agent goes right "
                    + "after it), not '" + command.get(0) + "'; " + USAGE);
            return 2;
        }
        Path jar;
        try {
            jar = agentJar == null ? thisJar() : Path.of(agentJar).toAbsolutePath();
        } catch (URISyntaxException e) {
            err.println("green: compare: cannot tell where green.jar is (" + e.getMessage() + "); give --agent");
            return 2;
        }
        if (!Files.isRegularFile(jar)) {
            err.println("green: compare: " + jar + " is not green.jar (run it as java -jar green.jar, or give --agent)");
            return 2;
        }
        List<String> withAgent = new ArrayList<>(command);
        withAgent.add(1, "-javaagent:" + jar + (agentArgs.isEmpty() ? "" : "=" + agentArgs));

        Run plain;
        Run green;
        try {
            plain = execute(command, timeoutSeconds);
            green = execute(withAgent, timeoutSeconds);
        } catch (IOException e) {
            err.println("green: compare: cannot run " + String.join(" ", command) + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("green: compare: interrupted");
            return 2;
        }
        return report(plain, green, ignored, out);
    }

    /** Prints what differs and the table; returns 0 when nothing does, else 1. */
    static int report(Run plain, Run green, List<Pattern> ignored, PrintStream out) {
        List<String> differs = new ArrayList<>();
        StringBuilder diffs = new StringBuilder();
        String stdout = unifiedDiff(kept(plain.stdout(), ignored), kept(green.stdout(), ignored),
                "stdout without agent", "stdout with agent");
        if (!stdout.isEmpty()) {
            differs.add("stdout");
            diffs.append(stdout);
        }
        String stderr = unifiedDiff(kept(plain.stderr(), ignored), kept(green.stderr(), ignored),
                "stderr without agent", "stderr with agent");
        if (!stderr.isEmpty()) {
            differs.add("stderr");
            diffs.append(stderr);
        }
        if (plain.exitCode() != green.exitCode() || plain.timedOut() != green.timedOut()) {
            differs.add("exit code");
            diffs.append("exit code: ").append(exit(plain)).append(" without agent, ").append(exit(green))
                    .append(" with agent\n");
        }
        if (differs.isEmpty()) {
            out.println("green compare: same stdout, stderr and exit code (" + exit(plain) + ") without and with the agent"
                    + (ignored.isEmpty() ? "" : " (lines matching --ignore left out)"));
        } else {
            out.println("green compare: " + String.join(", ", differs) + " differ" + (differs.size() == 1 ? "s" : "")
                    + " under the agent");
            out.print(diffs);
        }
        out.printf("%-16s %15s %15s%n", "", "without agent", "with agent");
        out.printf("%-16s %15s %15s%n", "exit code", exit(plain), exit(green));
        out.printf("%-16s %15s %15s%n", "wall time", plain.wallMillis() + " ms", green.wallMillis() + " ms");
        out.printf("%-16s %15s %15s%n", "peak OS threads", threads(plain), threads(green));
        return differs.isEmpty() ? 0 : 1;
    }

    private static String exit(Run r) {
        return r.timedOut() ? "timed out" : Integer.toString(r.exitCode());
    }

    private static String threads(Run r) {
        return r.peakThreads() < 0 ? "n/a" : Integer.toString(r.peakThreads());
    }

    private static List<String> kept(List<String> lines, List<Pattern> ignored) {
        if (ignored.isEmpty()) {
            return lines;
        }
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (ignored.stream().noneMatch(p -> p.matcher(line).find())) {
                kept.add(line);
            }
        }
        return kept;
    }

    /** Runs {@code command} with an empty stdin, sampling its OS threads until it exits (or the timeout). */
    static Run execute(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("green-compare", ".out");
        Path stderr = Files.createTempFile("green-compare", ".err");
        try {
            long start = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            long deadline = timeoutSeconds > 0 ? start + TimeUnit.SECONDS.toNanos(timeoutSeconds) : Long.MAX_VALUE;
            int peak = -1;
            boolean timedOut = false;
            while (!p.waitFor(SAMPLE_MILLIS, TimeUnit.MILLISECONDS)) {
                peak = Math.max(peak, threads(p.toHandle()));
                if (timeoutSeconds > 0 && System.nanoTime() - deadline > 0) {
                    timedOut = true;
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor();
                    break;
                }
            }
            long wall = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new Run(timedOut ? -1 : p.exitValue(), timedOut, lines(stdout), lines(stderr), wall, peak);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /** The OS threads of a process and its descendants now (Linux /proc), or -1 when unreadable. */
    private static int threads(ProcessHandle process) {
        int total = threadsOf(process.pid());
        if (total < 0) {
            return -1;
        }
        for (ProcessHandle child : (Iterable<ProcessHandle>) process.descendants()::iterator) {
            total += Math.max(0, threadsOf(child.pid()));
        }
        return total;
    }

    private static int threadsOf(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) {
                    return Integer.parseInt(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc
        }
        return -1;
    }

    private static List<String> lines(Path file) throws IOException {
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the final newline ends the last line
        }
        return lines;
    }

    /**
     * A unified diff of {@code a} and {@code b} (3 lines of context), or "" when they are equal: the
     * common head and tail are cut off, the middle is diffed by longest common subsequence (or shown
     * whole, when very large).
     */
    static String unifiedDiff(List<String> a, List<String> b, String labelA, String labelB) {
        if (a.equals(b)) {
            return "";
        }
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        // the edit script: ' ' kept, '-' only in a, '+' only in b; with indexes into a and b
        StringBuilder ops = new StringBuilder();
        List<int[]> at = new ArrayList<>(); // per op: {index in a, index in b} where it stands
        for (int k = 0; k < head; k++) {
            ops.append(' ');
            at.add(new int[] {k, k});
        }
        int n = a.size() - head - tail;
        int m = b.size() - head - tail;
        if ((long) n * m <= MAX_DIFF_CELLS) {
            int[][] lcs = new int[n + 1][m + 1];
            for (int x = n - 1; x >= 0; x--) {
                for (int y = m - 1; y >= 0; y--) {
                    lcs[x][y] = a.get(head + x).equals(b.get(head + y)) ? lcs[x + 1][y + 1] + 1
                            : Math.max(lcs[x + 1][y], lcs[x][y + 1]);
                }
            }
            int x = 0;
            int y = 0;
            while (x < n || y < m) {
                if (x < n && y < m && a.get(head + x).equals(b.get(head + y))) {
                    ops.append(' ');
                    at.add(new int[] {head + x++, head + y++});
                } else if (x < n && (y == m || lcs[x + 1][y] >= lcs[x][y + 1])) {
                    ops.append('-'); // deletions first, as diff -u shows a changed line
                    at.add(new int[] {head + x++, head + y});
                } else {
                    ops.append('+');
                    at.add(new int[] {head + x, head + y++});
                }
            }
        } else {
            for (int x = 0; x < n; x++) {
                ops.append('-');
                at.add(new int[] {head + x, head});
            }
            for (int y = 0; y < m; y++) {
                ops.append('+');
                at.add(new int[] {head + n, head + y});
            }
        }
        for (int k = 0; k < tail; k++) {
            ops.append(' ');
            at.add(new int[] {a.size() - tail + k, b.size() - tail + k});
        }

        StringBuilder out = new StringBuilder("--- ").append(labelA).append("\n+++ ").append(labelB).append('\n');
        int k = 0;
        while (k < ops.length()) {
            while (k < ops.length() && ops.charAt(k) == ' ') {
                k++;
            }
            if (k == ops.length()) {
                break;
            }
            int from = Math.max(0, k - CONTEXT);
            int to = k; // one past the last change of this hunk
            int kept = 0;
            for (int j = k; j < ops.length(); j++) {
                if (ops.charAt(j) != ' ') {
                    to = j + 1;
                    kept = 0;
                } else if (++kept > 2 * CONTEXT) {
                    break;
                }
            }
            int end = Math.min(ops.length(), to + CONTEXT);
            int lenA = 0;
            int lenB = 0;
            for (int j = from; j < end; j++) {
                char op = ops.charAt(j);
                lenA += op != '+' ? 1 : 0;
                lenB += op != '-' ? 1 : 0;
            }
            int startA = at.get(from)[0];
            int startB = at.get(from)[1];
            out.append("@@ -").append(range(startA, lenA)).append(" +").append(range(startB, lenB)).append(" @@\n");
            for (int j = from; j < end; j++) {
                char op = ops.charAt(j);
                String line = op == '+' ? b.get(at.get(j)[1]) : a.get(at.get(j)[0]);
                out.append(op).append(line).append('\n');
            }
            k = end;
        }
        return out.toString();
    }

    /** A hunk range as diff -u writes it: start,length counted from 1 (start is the line before when empty). */
    private static String range(int start, int length) {
        return length == 0 ? start + ",0" : length == 1 ? Integer.toString(start + 1) : (start + 1) + "," + length;
    }

    private static Path thisJar() throws URISyntaxException {
        return Path.of(CompareCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
