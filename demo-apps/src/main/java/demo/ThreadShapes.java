package demo;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shapes of legal thread code that reach {@code Thread}'s methods in ways a rewriter of call sites
 * does not see: a class that names only the {@code Thread} subclass it starts, joins and
 * interrupts ({@link Workers}, which mentions no {@code java.lang.Thread}); a worker started by one
 * class and joined by another; {@code start} through a method reference and through reflection; a
 * JDK pool whose thread factory returns an anonymous subclass; a worker that picks its caller's
 * frame out of {@code Thread.currentThread().getStackTrace()} by index; and threads blocked in a
 * socket read, accept and write whose interrupt flag another thread reads.
 *
 * <p>Usage: {@code demo.ThreadShapes}. Prints what each did, in a fixed order; reports where each
 * kind of thread ran ({@code *_thread}).
 */
public final class ThreadShapes {

    /** A subclass whose run() computes a result. */
    static final class Worker extends Thread {
        final int input;
        volatile int result;

        Worker(int input) {
            super("worker-" + input);
            this.input = input;
        }

        @Override
        public void run() {
            Report.thread("worker_thread");
            try {
                sleep(20);
            } catch (InterruptedException e) {
                result = -1;
                return;
            }
            result = input * 2;
        }
    }

    /** A subclass that waits until interrupted. */
    static final class Sleeper extends Thread {
        volatile String outcome = "not interrupted";

        @Override
        public void run() {
            try {
                sleep(60_000);
            } catch (InterruptedException e) {
                outcome = "interrupted, flag after catch " + isInterrupted();
            }
        }
    }

    /** Uses only Worker and Sleeper: its class file never names java/lang/Thread. */
    static final class Workers {
        static int startAndJoin(int count) throws InterruptedException {
            List<Worker> workers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Worker w = new Worker(i);
                w.start();
                workers.add(w);
            }
            int sum = 0;
            for (Worker w : workers) {
                w.join();
                sum += w.result;
            }
            return sum;
        }

        static int join(Worker w) throws InterruptedException {
            w.join();
            return w.result;
        }

        static String interruptAndJoin(Sleeper s) throws InterruptedException {
            s.interrupt();
            s.join();
            return s.outcome + ", alive " + s.isAlive();
        }
    }

    /** Picks the frame of its caller's caller, as logging helpers do. */
    static final class FrameReader extends Thread {
        volatile String seen;

        @Override
        public void run() {
            seen = callerOfCaller();
        }

        private String callerOfCaller() {
            StackTraceElement[] frames = Thread.currentThread().getStackTrace();
            return frames[0].getMethodName() + " > " + frames[1].getMethodName() + " > " + frames[2].getMethodName();
        }
    }

    public static void main(String[] args) throws Exception {
        System.out.println("50 workers, sum of results " + Workers.startAndJoin(50));

        Worker elsewhere = new Worker(21);
        elsewhere.start();
        System.out.println("joined from another class: " + Workers.join(elsewhere));

        Sleeper sleeper = new Sleeper();
        sleeper.start();
        Thread.sleep(50);
        System.out.println("sleeper " + Workers.interruptAndJoin(sleeper));

        Worker byReference = new Worker(5);
        Runnable start = byReference::start;
        start.run();
        byReference.join();
        Worker byReflection = new Worker(6);
        Thread.class.getMethod("start").invoke(byReflection);
        Thread.class.getMethod("join").invoke(byReflection);
        System.out.println("started by method reference " + byReference.result + ", by reflection " + byReflection.result
                + ", alive " + byReference.isAlive() + " " + byReflection.isAlive());

        AtomicInteger made = new AtomicInteger();
        ExecutorService pool = new ThreadPoolExecutor(2, 2, 1, TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
                task -> new Thread(task, "anonymous-" + made.incrementAndGet()) { });
        System.out.println("pool of anonymous subclasses: " + pool.submit(() -> {
            Report.thread("pool_thread");
            return Thread.currentThread().getName().startsWith("anonymous-");
        }).get());
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);

        FrameReader reader = new FrameReader();
        reader.start();
        reader.join();
        System.out.println("frames by index: " + reader.seen);

        interruptFlagsWhileBlockedInSockets();
        System.out.println("done");
    }

    /** Threads blocked in a read, an accept and a write are interrupted; another thread reads their flags. */
    private static void interruptFlagsWhileBlockedInSockets() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (ServerSocket server = new ServerSocket(0, 50, loopback);
             ServerSocket idle = new ServerSocket(0, 50, loopback);
             Socket reading = new Socket(loopback, server.getLocalPort());
             Socket readingPeer = server.accept();
             Socket writing = new Socket(loopback, server.getLocalPort());
             Socket writingPeer = server.accept()) {
            CountDownLatch blocked = new CountDownLatch(3);
            Thread reader = new Thread(() -> {
                blocked.countDown();
                try (InputStream in = reading.getInputStream()) {
                    in.read();
                } catch (Exception e) {
                    // closed at the end
                }
            }, "blocked-reader");
            Thread acceptor = new Thread(() -> {
                blocked.countDown();
                try (Socket unused = idle.accept()) {
                    // closed at the end
                } catch (Exception e) {
                    // closed at the end
                }
            }, "blocked-acceptor");
            Thread writer = new Thread(() -> {
                blocked.countDown();
                byte[] chunk = new byte[64 * 1024];
                try (OutputStream out = writing.getOutputStream()) {
                    for (;;) {
                        out.write(chunk); // the peer never reads: the buffers fill up and the write blocks
                    }
                } catch (Exception e) {
                    // closed at the end
                }
            }, "blocked-writer");
            for (Thread t : List.of(reader, acceptor, writer)) {
                t.start();
            }
            blocked.await();
            Thread.sleep(300); // in the call, and blocked in it
            for (Thread t : List.of(reader, acceptor, writer)) {
                t.interrupt();
            }
            Thread.sleep(100);
            for (Thread t : List.of(reader, acceptor, writer)) {
                System.out.println(t.getName() + " after interrupt: alive " + t.isAlive() + ", interrupted " + t.isInterrupted()
                        + ", " + t.getState());
            }
            reading.close();
            idle.close();
            writing.close();
            for (Thread t : List.of(reader, acceptor, writer)) {
                t.join();
            }
        }
    }
}
