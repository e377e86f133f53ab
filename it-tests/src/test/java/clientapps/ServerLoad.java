package clientapps;

import demo.Report;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the server programs ({@link NettyServer}, {@link TomcatServer}, {@link JettyServer},
 * {@link UndertowServer}, {@link H2Server}, {@link HsqldbServer}) share: the server-side work of one
 * request ({@link #handle}: sleep, counted while in flight), the clients (one {@code new Thread} each,
 * HTTP GETs through {@code HttpURLConnection} or JDBC calls on a connection of their own, all released at
 * once, with hard timeouts) and the report.
 *
 * <p>stdout gets only what does not depend on timing: one line per client in client order, then
 * {@code responses=N ok=M}. The report gets {@code max_in_flight} (the most requests the server had in
 * its handlers at once), {@code handled}, one {@code handler_thread} per request (the thread that really
 * ran it, as {@code Thread.toString()}), {@code handler_threads} (those, distinct, digits and identity hash
 * codes folded to {@code #}), {@code handler_thread_distinct} (how many different threads), {@code handler_thread_class}
 * (the class of {@code Thread.currentThread()} as the handler's code sees it), {@code elapsed_ms}
 * (clients released to all answered), {@code platform_threads} (while the server still runs), and
 * failures: {@code client_error} and {@code server_error} (each distinct one once) with their
 * {@code _count}.
 */
final class ServerLoad {
    /** Hard bound on one client's connect and read, and (with some slack) on all of them together. */
    static final int CLIENT_TIMEOUT_MILLIS = 20_000;

    private static final MethodHandle CURRENT_THREAD = currentThread();
    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger MAX_IN_FLIGHT = new AtomicInteger();
    private static final AtomicInteger HANDLED = new AtomicInteger();
    private static final Set<String> HANDLER_THREADS = ConcurrentHashMap.newKeySet();
    private static final Queue<String> HANDLER_THREAD_PER_REQUEST = new ConcurrentLinkedQueue<>();
    private static final Set<String> HANDLER_CLASSES = ConcurrentHashMap.newKeySet();
    private static final Set<String> ERRORS_SEEN = ConcurrentHashMap.newKeySet();
    private static final Map<String, AtomicInteger> ERROR_COUNTS = new ConcurrentSkipListMap<>();
    /** Held so that the level set on it is not lost when the logger is collected. */
    private static final Logger ROOT_LOGGER = Logger.getLogger("");
    private static volatile long sleepMillis = 200;

    private ServerLoad() {
    }

    private static MethodHandle currentThread() {
        try {
            return MethodHandles.lookup().findStatic(Thread.class, "currentThread", MethodType.methodType(Thread.class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Turns java.util.logging off (Tomcat's JULI, Undertow's jboss-logging and XNIO, HSQLDB log through
     * it to stderr by default; Jetty and Netty log through slf4j, which slf4j-nop silences), so that
     * stdout and stderr are about behaviour only.
     */
    static void quietLogging() {
        ROOT_LOGGER.setLevel(Level.OFF);
        for (Handler h : ROOT_LOGGER.getHandlers()) {
            h.setLevel(Level.OFF);
        }
    }

    /** How long {@link #handle} sleeps. */
    static void sleepMillis(long millis) {
        sleepMillis = millis;
    }

    /**
     * One request's server-side work, called from the server's own handler thread: counts the request
     * in flight, records the thread, sleeps, and returns the body {@code ok <what>}.
     */
    static String handle(String what) {
        int now = IN_FLIGHT.incrementAndGet();
        try {
            MAX_IN_FLIGHT.accumulateAndGet(now, Math::max);
            Thread real = realCurrentThread();
            HANDLER_THREAD_PER_REQUEST.add(real.toString());
            HANDLER_THREADS.add(real.toString());
            // As the handler's code sees it: the agent makes currentThread() of a Thread subclass's run()
            // the subclass object, as it is without the agent.
            HANDLER_CLASSES.add(Thread.currentThread().getClass().getName());
            Thread.sleep(sleepMillis);
            HANDLED.incrementAndGet();
            return "ok " + what;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted " + what;
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
    }

    private static Thread realCurrentThread() {
        try {
            return (Thread) CURRENT_THREAD.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * Reports a server-side failure that the library would only log, through {@link #reportOnce}:
     * {@code key=<throwable>}, its root cause and the root cause's first 4 frames (the rest counted).
     */
    static void reportError(String key, Throwable t) {
        reportOnce(key, describe(t));
    }

    /**
     * Reports {@code key=text} the first time this text comes under this key; {@link #clients} then
     * reports how many times each key came ({@code <key>_count}), so a failure that every request hits
     * takes one line, not one per request.
     */
    static void reportOnce(String key, String text) {
        ERROR_COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (ERRORS_SEEN.add(key + "=" + text)) {
            Report.line(key, text);
        }
    }

    private static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        StringBuilder sb = new StringBuilder(t.toString());
        if (root != t) {
            sb.append(" | caused by ").append(root);
        }
        StackTraceElement[] frames = root.getStackTrace();
        for (int i = 0; i < Math.min(4, frames.length); i++) {
            sb.append(" | at ").append(frames[i]);
        }
        if (frames.length > 4) {
            sb.append(" | ... ").append(frames.length - 4).append(" more");
        }
        return sb.toString();
    }

    /** {@code n} concurrent GETs of {@code http://127.0.0.1:<port>/work/<i>}; see {@link #clients}. */
    static boolean httpClients(int port, int n) {
        // One connection per request, closed after it: the server sees n connections at once, and no
        // keep-alive cache outlives the run.
        System.setProperty("http.keepAlive", "false");
        return clients(n, i -> {
            String path = String.format("/work/%02d", i);
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                        .openConnection();
                c.setConnectTimeout(CLIENT_TIMEOUT_MILLIS);
                c.setReadTimeout(CLIENT_TIMEOUT_MILLIS);
                try {
                    int code = c.getResponseCode();
                    InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream();
                    String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
                    return new Answer(code + " " + body, code == 200 && body.equals("ok " + path));
                } finally {
                    c.disconnect();
                }
            } catch (IOException e) {
                reportOnce("client_error", e.toString());
                return new Answer("error " + e.getClass().getName(), false);
            }
        });
    }

    /**
     * {@code n} concurrent JDBC clients, each on a connection of its own to {@code url}, running
     * {@code sql} with the client's number as its one parameter; the first column of the one row is
     * the answer and must be {@code ok /work/<i>}.
     */
    static boolean jdbcClients(String url, String user, String password, String sql, int n) {
        return clients(n, i -> {
            String path = String.format("/work/%02d", i);
            try (Connection c = DriverManager.getConnection(url, user, password);
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setQueryTimeout(CLIENT_TIMEOUT_MILLIS / 1000);
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    String v = rs.next() ? rs.getString(1) : "no row";
                    return new Answer(v, v.equals("ok " + path));
                }
            } catch (Exception e) {
                reportOnce("client_error", e.toString());
                return new Answer("error " + e.getClass().getName(), false);
            }
        });
    }

    record Answer(String line, boolean ok) {
    }

    /**
     * Runs {@code n} clients, one {@code new Thread} each, released together once all have started;
     * prints one line per client in client order and {@code responses=n ok=m}; reports the figures.
     * Waits at most {@code 2 × CLIENT_TIMEOUT_MILLIS} for all; a client still running then counts as
     * {@code timed out}. Returns whether every client got its expected answer.
     */
    static boolean clients(int n, IntFunction<Answer> client) {
        Answer[] answers = new Answer[n];
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                started.countDown();
                try {
                    if (!go.await(CLIENT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                        answers[id] = new Answer("never released", false);
                        return;
                    }
                } catch (InterruptedException e) {
                    answers[id] = new Answer("interrupted", false);
                    return;
                }
                answers[id] = client.apply(id);
            }, String.format("client-%02d", i));
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        boolean allStarted;
        long start;
        try {
            allStarted = started.await(CLIENT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            start = System.nanoTime();
            go.countDown();
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(2L * CLIENT_TIMEOUT_MILLIS);
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        Report.elapsedSince(start);
        Report.line("clients_all_started", allStarted);
        int ok = 0;
        for (int i = 0; i < n; i++) {
            Answer a = threads.get(i).isAlive() ? null : answers[i];
            String line = a == null ? "timed out" : a.line();
            System.out.printf("client %02d: %s%n", i, line);
            ok += a != null && a.ok() ? 1 : 0;
        }
        System.out.println("responses=" + n + " ok=" + ok);
        reportServerSide();
        return ok == n;
    }

    private static void reportServerSide() {
        Report.line("max_in_flight", MAX_IN_FLIGHT.get());
        Report.line("handled", HANDLED.get());
        Set<String> folded = new TreeSet<>();
        for (String t : HANDLER_THREADS) {
            // Identity hash codes in names (HSQLDB's "HSQLDB Connection @5e2de80c") first, then digits.
            folded.add(t.replaceAll("@[0-9a-f]+(?=[,\\]])", "@#").replaceAll("[0-9]+", "#"));
        }
        Report.line("handler_threads", String.join(" | ", folded));
        Report.line("handler_thread_distinct", HANDLER_THREADS.size());
        Report.line("handler_thread_class", String.join(",", new TreeSet<>(HANDLER_CLASSES)));
        ERROR_COUNTS.forEach((key, count) -> Report.line(key + "_count", count));
        Threads.reportPlatform();
        // Last, so that a failure's description (which shows the report's first lines) shows the rest.
        for (String t : HANDLER_THREAD_PER_REQUEST) {
            Report.line("handler_thread", t);
        }
    }
}
