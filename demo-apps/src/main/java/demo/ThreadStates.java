package demo;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads caught in each kind of wait, and what {@code getState()} says of them: sleeping and
 * waiting with a timeout are {@code TIMED_WAITING}, waiting and parking are {@code WAITING}, a
 * thread at a monitor another holds is {@code BLOCKED}, and one in a blocking socket call
 * (accept, read) is {@code RUNNABLE}, since it is in native code. Monitoring code prints these.
 *
 * <p>Usage: {@code demo.ThreadStates}. Prints one {@code name: STATE} line per thread.
 */
public final class ThreadStates {

    public static void main(String[] args) throws Exception {
        Object lock = new Object();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Socket[] accepted = new Socket[1];
            Thread sleeper = new Thread(() -> pause(5_000));
            Thread waiter = new Thread(() -> waitOn(lock, 0));
            Thread timedWaiter = new Thread(() -> waitOn(lock, 5_000));
            Thread parker = new Thread(LockSupport::park);
            Thread acceptor = new Thread(() -> {
                try {
                    accepted[0] = server.accept();
                } catch (Exception e) {
                    System.out.println("acceptor: " + e);
                }
            });
            Thread blocked = new Thread(() -> {
                synchronized (ThreadStates.class) {
                    Thread.onSpinWait();
                }
            });
            System.out.println("before start: " + sleeper.getState());
            Thread[] all = {sleeper, waiter, timedWaiter, parker, acceptor, blocked};
            String[] names = {"sleeper", "waiter", "timed waiter", "parker", "acceptor", "blocked"};
            synchronized (ThreadStates.class) {
                for (Thread t : all) {
                    t.start();
                }
                Thread.sleep(300);
                for (int i = 0; i < all.length; i++) {
                    System.out.println(names[i] + ": " + all[i].getState());
                }
            }
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                acceptor.join();
                Thread reader = new Thread(() -> {
                    try {
                        accepted[0].getInputStream().read();
                    } catch (Exception e) {
                        System.out.println("reader: " + e);
                    }
                });
                reader.start();
                Thread.sleep(300);
                System.out.println("reader: " + reader.getState());
                client.getOutputStream().write(1);
                reader.join();
                System.out.println("reader after a byte: " + reader.getState());
            }
            sleeper.interrupt();
            waiter.interrupt();
            timedWaiter.interrupt();
            LockSupport.unpark(parker);
            for (Thread t : all) {
                t.join();
            }
            accepted[0].close();
            System.out.println("all: " + sleeper.getState());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // asked to end
        }
    }

    private static void waitOn(Object lock, long millis) {
        synchronized (lock) {
            try {
                lock.wait(millis);
            } catch (InterruptedException e) {
                // asked to end
            }
        }
    }
}
