package green.it;

import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real database server (PostgreSQL or Redis) on 127.0.0.1, a free port and a temporary data directory,
 * started as a child process of the test JVM and stopped by its PID (a signal to that one process, never
 * by name). {@link #stop()} and {@link #start()} restart it on the same port with the same data.
 *
 * <p>When the server's binary is not installed the calling test is <em>skipped</em> through JUnit
 * Assumptions with a message saying what is missing (.ci/run installs the Debian packages); a binary that
 * is present but fails to start fails the test with the server's log.
 *
 * <p>PostgreSQL refuses to run as root: as root, initdb and postgres run as the Debian {@code postgres}
 * user through {@code setpriv}, which execs (no intermediate process), so the child's PID is the
 * postmaster's. The data directory is then created under /tmp (not a JUnit @TempDir, which is private
 * to root) and handed to that user.
 */
public final class LocalServer implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final Path dir;
    private final int port;
    private final List<String> command;
    private final String readyLine;
    private final String stopSignal;
    private final Path log;
    private Process process;
    private int starts;

    private LocalServer(String name, Path dir, int port, List<String> command, String readyLine, String stopSignal) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.command = command;
        this.readyLine = readyLine;
        this.stopSignal = stopSignal;
        this.log = dir.resolve(name + ".log");
    }

    /**
     * initdb (trust authentication, user {@code postgres}) and a postmaster on a free port, listening on
     * 127.0.0.1 only, with up to 200 connections. Skips the test if PostgreSQL is not installed.
     */
    public static LocalServer postgres() throws IOException, InterruptedException {
        Path bin = postgresBin();
        boolean root = isRoot();
        if (root && !Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
            abort("PostgreSQL refuses to run as root and /usr/bin/setpriv (util-linux) is missing: PostgreSQL tests skipped");
        }
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "green-it-pg",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path data = dir.resolve("data");
        Path sockets = dir.resolve("sockets");
        Files.createDirectories(sockets);
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), dir.resolve("chown.log"));
        }
        run(asPostgres(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--locale=C", "--no-sync"), dir.resolve("initdb.log"));
        int port = freePort();
        List<String> cmd = asPostgres(root, bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + sockets, "-c", "max_connections=200",
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "shared_buffers=32MB", "-c", "dynamic_shared_memory_type=mmap", "-c", "logging_collector=off");
        // SIGINT: PostgreSQL's "fast" shutdown: it ends client sessions (57P01) and exits.
        LocalServer s = new LocalServer("postgres", dir, port, cmd, "database system is ready to accept connections", "INT");
        s.start();
        return s;
    }

    /** redis-server on a free port of 127.0.0.1, no persistence. Skips the test if Redis is not installed. */
    public static LocalServer redis() throws IOException, InterruptedException {
        Path bin = Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server").map(Path::of)
                .filter(Files::isExecutable).findFirst().orElse(null);
        if (bin == null) {
            abort("redis-server not found in /usr/bin or /usr/local/bin: Redis tests skipped"
                    + " (install the Debian package redis-server; .ci/run does)");
        }
        Path dir = Files.createTempDirectory("green-it-redis");
        int port = freePort();
        List<String> cmd = List.of(bin.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--maxclients", "1000");
        // SIGTERM: Redis closes its clients and exits (nothing to save).
        LocalServer s = new LocalServer("redis", dir, port, cmd, "Ready to accept connections", "TERM");
        s.start();
        return s;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server (again, on the same port and data) and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (isRunning()) {
            return;
        }
        starts++;
        long logStart = Files.exists(log) ? Files.size(log) : 0;
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().put("LC_ALL", "C");
        process = pb.start();
        long until = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited " + process.exitValue() + " at start " + starts + ": "
                        + String.join(" ", command) + "\n" + logTail());
            }
            if (logSince(logStart).contains(readyLine) && accepts()) {
                return;
            }
            Thread.sleep(20);
        }
        stop();
        throw new AssertionError(name + " not ready within " + START_TIMEOUT + "\n" + logTail());
    }

    /** Stops the server with its shutdown signal, sent to its PID, and waits until it has exited. */
    public synchronized void stop() throws IOException, InterruptedException {
        if (!isRunning()) {
            return;
        }
        run(List.of("kill", "-" + stopSignal, Long.toString(process.pid())), null);
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError(name + " (pid " + process.pid() + ") ignored SIG" + stopSignal + " for "
                    + STOP_TIMEOUT + "; killed\n" + logTail());
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The last lines of the server's log, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
            return name + " log (" + log + "):\n" + ChildJvm.indent(lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return name + " log unreadable: " + e;
        }
    }

    private String logSince(long offset) throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        byte[] all = Files.readAllBytes(log);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nothing listens on right now (bound to port 0 and released). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path postgresBin() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path bin = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("postgres")) && Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                        .orElse(null);
                if (bin != null) {
                    return bin;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return abort("PostgreSQL server binaries (postgres, initdb) not found under /usr/lib/postgresql/*/bin:"
                + " PostgreSQL tests skipped (install the Debian package postgresql; .ci/run does)");
    }

    private static int versionOf(String dirName) {
        try {
            return Integer.parseInt(dirName.replaceAll("\\..*", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // Not Linux-like: assume an ordinary user.
        }
        return false;
    }

    private static List<String> asPostgres(boolean root, String... cmd) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("/usr/bin/setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        full.addAll(List.of(cmd));
        return full;
    }

    private static void run(List<String> cmd, Path logFile) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        if (logFile != null) {
            Files.write(logFile, out);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n"
                    + new String(out, StandardCharsets.UTF_8));
        }
    }
}
