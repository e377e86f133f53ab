package green.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Launches {@code java [-javaagent:green.jar[=args]] -cp green-demo-apps.jar demo.X args} as a child
 * process, captures its stdout and stderr fully, enforces a timeout and collects the demo's side-channel
 * report ({@code -Ddemo.report=<file>}). Paths come from the system properties failsafe sets:
 * {@code green.it.agentJar}, {@code green.it.demoJar}, {@code green.it.java}.
 *
 * <p>A timed-out child is destroyed through its own {@link Process} handle (its PID only, never by name),
 * first politely, then forcibly after a grace period. Builders are not thread-safe; a {@link Running}
 * child may be queried from any thread.
 */
public final class ChildJvm {
    public static final Path AGENT_JAR = Path.of(System.getProperty("green.it.agentJar", "../agent/target/green.jar"))
            .toAbsolutePath().normalize();
    public static final Path DEMO_JAR = Path.of(System.getProperty("green.it.demoJar",
            "../demo-apps/target/green-demo-apps.jar")).toAbsolutePath().normalize();
    public static final Path JAVA = Path.of(System.getProperty("green.it.java",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));

    /**
     * The it-tests' own test class path (test classes, the client libraries, the demo jar), for client
     * programs such as {@code clientapps.*}. Surefire/failsafe set {@code java.class.path} of the
     * test JVM to it; the agent and runtime jars are excluded from it (see it-tests/pom.xml).
     */
    public static final String TEST_CLASS_PATH = System.getProperty("green.it.testClassPath",
            System.getProperty("java.class.path"));

    private static final Duration DESTROY_GRACE = Duration.ofSeconds(5);

    private final String mainClass;
    private final String classPath;
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean agent;
    private String agentArgs;
    private Duration timeout = Duration.ofSeconds(60);

    private ChildJvm(String mainClass, String classPath) {
        this.mainClass = mainClass;
        this.classPath = classPath;
    }

    /** A child running {@code demo.<simpleName>} (or a fully qualified class name) from the demo jar. */
    public static ChildJvm demo(String name) {
        return new ChildJvm(name.contains(".") ? name : "demo." + name, DEMO_JAR.toString());
    }

    /** A child running {@code main} with the it-tests' test class path ({@link #TEST_CLASS_PATH}). */
    public static ChildJvm testMain(Class<?> main) {
        return new ChildJvm(main.getName(), TEST_CLASS_PATH);
    }

    public ChildJvm args(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    public ChildJvm args(List<String> more) {
        args.addAll(more);
        return this;
    }

    public ChildJvm jvmArgs(String... more) {
        jvmArgs.addAll(List.of(more));
        return this;
    }

    public ChildJvm sysProp(String key, String value) {
        jvmArgs.add("-D" + key + "=" + value);
        return this;
    }

    /** Runs the child with {@code -javaagent:green.jar} (no agent arguments) or without it. */
    public ChildJvm agent(boolean on) {
        this.agent = on;
        return this;
    }

    /** Runs the child with {@code -javaagent:green.jar=<agentArgs>}. */
    public ChildJvm agentArgs(String agentArgs) {
        this.agent = true;
        this.agentArgs = agentArgs;
        return this;
    }

    public ChildJvm timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** A copy with the same settings, for running the same program once more (e.g. with the agent). */
    public ChildJvm copy() {
        ChildJvm c = new ChildJvm(mainClass, classPath);
        c.args.addAll(args);
        c.jvmArgs.addAll(jvmArgs);
        c.agent = agent;
        c.agentArgs = agentArgs;
        c.timeout = timeout;
        return c;
    }

    public boolean agent() {
        return agent;
    }

    /** The full command line (without the report property, which {@link #start()} adds). */
    public List<String> command() {
        List<String> cmd = new ArrayList<>();
        cmd.add(JAVA.toString());
        if (agent) {
            cmd.add("-javaagent:" + AGENT_JAR + (agentArgs == null ? "" : "=" + agentArgs));
        }
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** Starts the child and waits for it (within the timeout). */
    public Result run() {
        return start().await();
    }

    /** Starts the child; the caller must {@link Running#await()} or {@link Running#close()} it. */
    public Running start() {
        try {
            Path report = Files.createTempFile("green-it-report", ".txt");
            Files.delete(report);
            List<String> cmd = command();
            cmd.add(1, "-Ddemo.report=" + report);
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().remove("JAVA_TOOL_OPTIONS");
            pb.environment().remove("JDK_JAVA_OPTIONS");
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            return new Running(this, cmd, pb.start(), report, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A started child. */
    public static final class Running implements AutoCloseable {
        private final ChildJvm spec;
        private final List<String> command;
        private final Process process;
        private final Path reportFile;
        private final long startNanos = System.nanoTime();
        private final long deadlineNanos;
        private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
        private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
        private final Thread stdoutPump;
        private final Thread stderrPump;
        private volatile int maxThreads = -1;
        private volatile Thread sampler;
        private Result result;

        private Running(ChildJvm spec, List<String> command, Process process, Path reportFile, Duration timeout) {
            this.spec = spec;
            this.command = command;
            this.process = process;
            this.reportFile = reportFile;
            this.deadlineNanos = startNanos + timeout.toNanos();
            this.stdoutPump = pump(process.getInputStream(), stdout, "stdout-" + process.pid());
            this.stderrPump = pump(process.getErrorStream(), stderr, "stderr-" + process.pid());
        }

        private static Thread pump(InputStream in, List<String> sink, String name) {
            return Thread.ofPlatform().daemon().name("child-" + name).start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        synchronized (sink) {
                            sink.add(line);
                            sink.notifyAll();
                        }
                    }
                } catch (IOException ignored) {
                    // The stream closes when the child dies.
                }
            });
        }

        public long pid() {
            return process.pid();
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /**
         * Waits until a stdout line matches and returns it.
         *
         * @throws AssertionError if the child exits or {@code within} elapses first (the message carries
         *     the output so far)
         */
        public String awaitStdout(Predicate<String> matcher, Duration within) {
            long until = System.nanoTime() + within.toNanos();
            synchronized (stdout) {
                int seen = 0;
                while (true) {
                    for (; seen < stdout.size(); seen++) {
                        if (matcher.test(stdout.get(seen))) {
                            return stdout.get(seen);
                        }
                    }
                    long leftMillis = (until - System.nanoTime()) / 1_000_000;
                    if (leftMillis <= 0 || (!process.isAlive() && !stdoutPump.isAlive())) {
                        throw new AssertionError("child never printed the expected line within " + within
                                + (process.isAlive() ? "" : " (it exited)") + "\n" + describeSoFar());
                    }
                    try {
                        stdout.wait(Math.min(leftMillis, 100));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError("interrupted", e);
                    }
                }
            }
        }

        /** The port from a {@code listening <port>} first line. */
        public int awaitListeningPort() {
            String line = awaitStdout(l -> l.startsWith("listening "), Duration.ofSeconds(30));
            return Integer.parseInt(line.substring("listening ".length()).trim());
        }

        /** The child's current number of OS threads ({@code Threads:} of /proc/&lt;pid&gt;/status), or -1 if gone. */
        public int threadCount() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                    if (line.startsWith("Threads:")) {
                        return Integer.parseInt(line.substring("Threads:".length()).trim());
                    }
                }
                return -1;
            } catch (NoSuchFileException e) {
                return -1;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Starts sampling {@link #threadCount()} every {@code period} until the child exits; see {@link #maxThreads()}. */
        public Running sampleThreads(Duration period) {
            sampler = Thread.ofPlatform().daemon().name("child-threads-" + pid()).start(() -> {
                while (process.isAlive()) {
                    int n = threadCount();
                    if (n > maxThreads) {
                        maxThreads = n;
                    }
                    try {
                        Thread.sleep(period);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            return this;
        }

        /** The largest thread count sampled so far (-1 if never sampled). */
        public int maxThreads() {
            return maxThreads;
        }

        /** Waits for the child to exit (destroying it at the deadline) and returns what it did. */
        public synchronized Result await() {
            if (result != null) {
                return result;
            }
            boolean timedOut = false;
            try {
                long leftNanos = deadlineNanos - System.nanoTime();
                if (!process.waitFor(Math.max(0, leftNanos), TimeUnit.NANOSECONDS)) {
                    timedOut = true;
                    destroy();
                }
                long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
                stdoutPump.join(DESTROY_GRACE.toMillis());
                stderrPump.join(DESTROY_GRACE.toMillis());
                Thread s = sampler;
                if (s != null) {
                    s.interrupt();
                    s.join(1000);
                }
                List<String> report = Files.exists(reportFile) ? Files.readAllLines(reportFile) : List.of();
                Files.deleteIfExists(reportFile);
                result = new Result(command, spec.agent, timedOut, process.isAlive() ? -1 : process.exitValue(),
                        copy(stdout), copy(stderr), report, elapsedMillis, maxThreads);
                return result;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                destroy();
                throw new AssertionError("interrupted while waiting for the child", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Destroys the child now (if alive) and collects what it did. */
        @Override
        public void close() {
            destroy();
            await();
        }

        private void destroy() {
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(DESTROY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private String describeSoFar() {
            return "command: " + String.join(" ", command) + "\nstdout so far:\n" + indent(copy(stdout))
                    + "stderr so far:\n" + indent(copy(stderr));
        }

        private static List<String> copy(List<String> lines) {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }
    }

    /** What a child did: exit code, full output, side-channel report and wall time. */
    public record Result(List<String> command, boolean agent, boolean timedOut, int exitCode, List<String> stdout,
                         List<String> stderr, List<String> report, long elapsedMillis, int maxThreads) {

        /** Every value reported under {@code key}, in report order. */
        public List<String> reported(String key) {
            String prefix = key + "=";
            return report.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        }

        /** The single value reported under {@code key}. */
        public String reportedOnce(String key) {
            List<String> values = reported(key);
            if (values.size() != 1) {
                throw new AssertionError("expected one '" + key + "' in the report, got " + values + "\n" + describe());
            }
            return values.get(0);
        }

        /** The program's own {@code elapsed_ms}. */
        public long reportedElapsedMillis() {
            return Long.parseLong(reportedOnce("elapsed_ms"));
        }

        /** The last stdout line (the demos' summary line). */
        public String summary() {
            return stdout.isEmpty() ? "" : stdout.get(stdout.size() - 1);
        }

        /** Throws with a full description unless the child exited 0 in time. */
        public Result assertOk() {
            if (timedOut || exitCode != 0) {
                throw new AssertionError("child failed (exit " + exitCode + (timedOut ? ", timed out" : "") + ")\n"
                        + describe());
            }
            return this;
        }

        /** Everything, for assertion messages. */
        public String describe() {
            return "command: " + String.join(" ", command) + "\nexit: " + exitCode + (timedOut ? " (timed out)" : "")
                    + ", elapsed " + elapsedMillis + " ms\nstdout (" + stdout.size() + " lines):\n" + indent(head(stdout))
                    + "stderr (" + stderr.size() + " lines):\n" + indent(head(stderr))
                    + "report (" + report.size() + " lines):\n" + indent(head(report));
        }

        private static List<String> head(List<String> lines) {
            return lines.size() <= 60 ? lines : lines.subList(0, 60);
        }
    }

    static String indent(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }
}
