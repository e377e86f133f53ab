package clientapps;

import demo.Report;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * A plain blocking Jedis program: {@code threads} threads doing SET/GET/INCR/INCRBY/RPUSH/LRANGE, the
 * even ones on a connection of a {@link JedisPool}, the odd ones on their own {@link Jedis}; meanwhile a
 * consumer blocks in {@code BLPOP jobs 5} until a producer thread pushes after 300 ms, and another
 * {@code BLPOP} on an empty list times out after 1 s.
 *
 * <p>Each worker first meets all the others in the server ({@link #together}): an {@code INCR} of a
 * counter, then a {@code BLPOP} on a gate list that the last arrival fills. So the server itself shows
 * whether all of them were connected and waiting at once, whatever the machine's speed; each worker
 * reports the answer as {@code redis_together=true|false}.
 *
 * <p>Usage: {@code RedisLoad <host> <port> <threads> <incrs>}. Prints one line per thread in order, the
 * BLPOP results and the shared counter. Reports {@code elapsed_ms}, {@code blpop_waited_ms} and one
 * {@code redis_thread} and {@code redis_together} per thread.
 */
public final class RedisLoad {
    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int incrs = Integer.parseInt(args[3]);
        try (Jedis admin = new Jedis(host, port)) {
            admin.flushAll();
        }
        JedisPoolConfig config = new JedisPoolConfig();
        config.setMaxTotal(threads);
        config.setMaxIdle(threads);
        try (JedisPool pool = new JedisPool(config, host, port)) {
            String[] results = new String[threads];
            String[] blpop = new String[2];
            List<Thread> all = new ArrayList<>();
            long start = System.nanoTime();

            Thread consumer = new Thread(() -> {
                Report.thread("redis_thread");
                try (Jedis j = new Jedis(host, port)) {
                    long t0 = System.nanoTime();
                    List<String> got = j.blpop(5, "jobs");
                    Report.line("blpop_waited_ms", (System.nanoTime() - t0) / 1_000_000);
                    blpop[0] = "blpop jobs=" + got;
                } catch (RuntimeException e) {
                    blpop[0] = "blpop jobs error=" + e.getClass().getName();
                }
            });
            Thread producer = new Thread(() -> {
                Report.thread("redis_thread");
                try (Jedis j = pool.getResource()) {
                    Thread.sleep(300);
                    j.rpush("jobs", "job-1");
                } catch (InterruptedException | RuntimeException e) {
                    Report.line("producer_error", e);
                }
            });
            Thread empty = new Thread(() -> {
                Report.thread("redis_thread");
                try (Jedis j = pool.getResource()) {
                    blpop[1] = "blpop empty=" + j.blpop(1, "nothing");
                } catch (RuntimeException e) {
                    blpop[1] = "blpop empty error=" + e.getClass().getName();
                }
            });
            all.add(consumer);
            all.add(producer);
            all.add(empty);
            for (int i = 0; i < threads; i++) {
                int id = i;
                all.add(new Thread(() -> {
                    Report.thread("redis_thread");
                    try {
                        if (id % 2 == 0) {
                            try (Jedis j = pool.getResource()) {
                                Report.line("redis_together", together(j, threads));
                                results[id] = work(j, id, incrs, "pool");
                            }
                        } else {
                            try (Jedis j = new Jedis(host, port)) {
                                Report.line("redis_together", together(j, threads));
                                results[id] = work(j, id, incrs, "own");
                            }
                        }
                    } catch (RuntimeException e) {
                        results[id] = "thread " + id + " error=" + e.getClass().getName();
                        Report.line("redis_error", id + " " + e);
                    }
                }));
            }
            for (Thread t : all) {
                t.start();
            }
            for (Thread t : all) {
                t.join();
            }
            Report.elapsedSince(start);
            Threads.reportPlatform();
            for (String r : results) {
                System.out.println(r);
            }
            System.out.println(blpop[0]);
            System.out.println(blpop[1]);
            try (Jedis j = pool.getResource()) {
                j.del("arrivals", "gate");
                System.out.println("counter=" + j.get("counter") + " keys=" + j.dbSize());
            }
        }
        System.out.println("done");
    }

    /**
     * Waits in the server until all {@code threads} workers have arrived: the last one to {@code INCR}
     * the counter pushes a {@code go} for each other, who wait for it in {@code BLPOP} (at most 20 s; one
     * that times out pushes {@code late} for everyone, so a run that does not overlap fails fast).
     * True when this worker was released by the last arrival: then all were connected at once.
     */
    static boolean together(Jedis j, int threads) {
        long me = j.incr("arrivals");
        if (me == threads) {
            if (threads > 1) {
                j.rpush("gate", java.util.Collections.nCopies(threads - 1, "go").toArray(String[]::new));
            }
            return true;
        }
        List<String> got = j.blpop(20, "gate");
        if (got == null) {
            j.rpush("gate", java.util.Collections.nCopies(threads, "late").toArray(String[]::new));
            return false;
        }
        return got.get(1).equals("go");
    }

    static String work(Jedis j, int id, int incrs, String how) {
        String key = "key:" + id;
        j.set(key, "value-" + id);
        String got = j.get(key);
        long last = 0;
        for (int i = 0; i < incrs; i++) {
            last = j.incr("counter");
        }
        long mine = j.incrBy("mine:" + id, id);
        j.rpush("list:" + id, "a", "b", "c");
        List<String> list = j.lrange("list:" + id, 0, -1);
        return "thread " + id + " " + how + " get=" + got + " incr.positive=" + (last > 0) + " mine=" + mine
                + " list=" + list;
    }
}
