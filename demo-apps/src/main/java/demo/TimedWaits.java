package demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The JDK's timed waits, each twice: once left to its time limit, once ended early by another
 * thread. All of them at once, each in a thread of its own, so that they overlap.
 *
 * <p>Usage: {@code demo.TimedWaits}. Prints, in a fixed order, one line per wait,
 * {@code <wait> timed out after its limit: true} or {@code <wait> woken early}, then
 * {@code done}. Reports {@code unparker_threads}: how many of the JDK's
 * {@code VirtualThread-unparker} threads are alive at the end.
 */
public final class TimedWaits {
    private static final long LIMIT_MS = 200;
    private static final long EARLY_MS = 20;

    /** One kind of wait: waits up to LIMIT_MS for {@code wake} (started by the caller, or not). */
    private interface Wait {
        /** Returns the action that ends the wait early; {@link #await} then waits for it or the limit. */
        Runnable prepare();

        /** Whether the early end came before the limit. */
        boolean await() throws InterruptedException;
    }

    public static void main(String[] args) throws Exception {
        List<String> names = List.of("LockSupport.parkNanos", "Object.wait", "Condition.await", "BlockingQueue.poll", "Thread.join");
        String[] lines = new String[names.size() * 2];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int slot = i;
            String name = names.get(i / 2);
            boolean early = i % 2 == 1;
            Thread t = new Thread(() -> lines[slot] = name + outcome(wait(name), early), name + (early ? " woken" : " timed"));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String line : lines) {
            System.out.println(line);
        }
        long unparkers = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("VirtualThread-unparker")).count();
        Report.line("unparker_threads", unparkers);
        System.out.println("done");
    }

    private static String outcome(Wait wait, boolean early) {
        Runnable wake = wait.prepare();
        Thread waker = new Thread(() -> {
            try {
                Thread.sleep(EARLY_MS);
            } catch (InterruptedException e) {
                return;
            }
            wake.run();
        });
        if (early) {
            waker.start();
        }
        long start = System.nanoTime();
        try {
            boolean woken = wait.await();
            long waited = System.nanoTime() - start;
            if (early) {
                waker.join();
            }
            return woken ? " woken early" : " timed out after its limit: " + (waited >= TimeUnit.MILLISECONDS.toNanos(LIMIT_MS));
        } catch (InterruptedException e) {
            return " interrupted";
        }
    }

    private static Wait wait(String name) {
        return switch (name) {
            case "LockSupport.parkNanos" -> new Park();
            case "Object.wait" -> new MonitorWait();
            case "Condition.await" -> new ConditionWait();
            case "BlockingQueue.poll" -> new QueuePoll();
            case "Thread.join" -> new TimedJoin();
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
    }

    private static final class Park implements Wait {
        private final AtomicBoolean woken = new AtomicBoolean();
        private Thread waiter;

        @Override
        public Runnable prepare() {
            waiter = Thread.currentThread();
            return () -> {
                woken.set(true);
                LockSupport.unpark(waiter);
            };
        }

        @Override
        public boolean await() {
            long deadline = deadline();
            for (long left; !woken.get() && (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(left);
            }
            return woken.get();
        }
    }

    private static final class MonitorWait implements Wait {
        private boolean woken; // guarded by this

        @Override
        public Runnable prepare() {
            return () -> {
                synchronized (this) {
                    woken = true;
                    notifyAll();
                }
            };
        }

        @Override
        public synchronized boolean await() throws InterruptedException {
            long deadline = deadline();
            for (long left; !woken && (left = deadline - System.nanoTime()) > 0; ) {
                wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
            return woken;
        }
    }

    private static final class ConditionWait implements Wait {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition signalled = lock.newCondition();
        private boolean woken; // guarded by lock

        @Override
        public Runnable prepare() {
            return () -> {
                lock.lock();
                try {
                    woken = true;
                    signalled.signalAll();
                } finally {
                    lock.unlock();
                }
            };
        }

        @Override
        public boolean await() throws InterruptedException {
            lock.lock();
            try {
                long left = TimeUnit.MILLISECONDS.toNanos(LIMIT_MS);
                while (!woken && left > 0) {
                    left = signalled.awaitNanos(left);
                }
                return woken;
            } finally {
                lock.unlock();
            }
        }
    }

    private static final class QueuePoll implements Wait {
        private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(1);

        @Override
        public Runnable prepare() {
            return () -> queue.offer("wake");
        }

        @Override
        public boolean await() throws InterruptedException {
            return queue.poll(LIMIT_MS, TimeUnit.MILLISECONDS) != null;
        }
    }

    private static final class TimedJoin implements Wait {
        private final Thread joined = new Thread(() -> {
            try {
                Thread.sleep(Long.MAX_VALUE); // until woken
            } catch (InterruptedException e) {
                // woken: end
            }
        }, "joined");

        @Override
        public Runnable prepare() {
            joined.start();
            return joined::interrupt;
        }

        @Override
        public boolean await() throws InterruptedException {
            joined.join(LIMIT_MS);
            boolean ended = !joined.isAlive();
            joined.interrupt(); // let it go either way
            joined.join();
            return ended;
        }
    }
}
