package clientapps;

import demo.Report;
import demo.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * A plain Jedis program that lives through a Redis restart: {@code threads} threads each hold a
 * {@link Jedis} connection, and a {@link JedisPool} (test on borrow) serves the same; the test stops the
 * server ({@code waiting for down}), every thread tries its old connection, a new one and the pool; the
 * test starts an empty server again ({@code waiting for up}) and every thread works anew. A ticker
 * thread runs throughout.
 *
 * <p>Usage: {@code RedisRestart <host> <port> <threads> <signalDir>}. Prints per phase and thread what
 * each attempt gave (a value, or the exception class). Reports the ticker's {@code <phase>_ticks} and
 * {@code <phase>_max_gap_ms}, and {@code redis_thread} for every worker.
 */
public final class RedisRestart {
    interface Step {
        String run(int id) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path signals = Path.of(args[3]);
        Jedis[] held = new Jedis[threads];
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(threads);
        config.setTestOnBorrow(true);
        try (Ticker ticker = Ticker.start(10); JedisPool pool = new JedisPool(config, host, port)) {
            phase("before", threads, id -> {
                held[id] = new Jedis(host, port);
                held[id].set("k" + id, "v" + id);
                return "own=" + held[id].get("k" + id) + " pool=" + pooled(pool, id);
            });
            ticker.report("before");

            Signals.await(signals, "down");
            phase("down", threads, id -> "old=" + attempt(() -> held[id].get("k" + id))
                    + " new=" + attempt(() -> {
                        try (Jedis j = new Jedis(host, port)) {
                            return j.get("k" + id);
                        }
                    })
                    + " pool=" + attempt(() -> pooled(pool, id)));
            ticker.report("down");

            Signals.await(signals, "up");
            phase("after", threads, id -> {
                String old = "old.broken=" + held[id].isBroken();
                held[id].close();
                try (Jedis j = new Jedis(host, port)) {
                    return old + " new.old-key=" + j.get("k" + id) + " pool=" + pooled(pool, id);
                }
            });
            ticker.report("after");
            Threads.reportPlatform();
        }
        System.out.println("done");
    }

    static void phase(String name, int threads, Step step) throws InterruptedException {
        String[] results = new String[threads];
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int id = i;
            Thread t = new Thread(() -> {
                Report.thread("redis_thread");
                try {
                    results[id] = step.run(id);
                } catch (Exception e) {
                    results[id] = "unexpected " + e.getClass().getName();
                    Report.line("redis_error", name + " " + id + " " + e);
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        for (int i = 0; i < threads; i++) {
            System.out.println(name + " thread " + i + ": " + results[i]);
        }
    }

    static String attempt(Callable<String> step) {
        try {
            return step.call();
        } catch (Exception e) {
            Report.line("redis_attempt_error", e);
            return e.getClass().getName();
        }
    }

    static String pooled(JedisPool pool, int id) {
        try (Jedis j = pool.getResource()) {
            j.set("p" + id, "pv" + id);
            return j.get("p" + id);
        }
    }
}
