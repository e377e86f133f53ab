package demo;

import java.util.concurrent.locks.LockSupport;

/**
 * {@code Thread} subclasses as programs write them: one that overrides {@code start()} to log
 * before {@code super.start()}, one whose {@code start()} calls {@code super.start()} twice, one
 * whose {@code start()} runs the work inline without starting anything, one that only overrides
 * {@code run()} and reaches its state through {@code currentThread()}, an anonymous one, one that
 * parks until main unparks it, and one that renames itself and dies into the handler main gave it.
 *
 * <p>Usage: {@code demo.ThreadSubclasses}. Prints what each did, in a fixed order.
 */
public final class ThreadSubclasses {

    static final class Logged extends Thread {
        Logged() {
            super("logged");
        }

        @Override
        public void start() {
            System.out.println("starting " + getName());
            super.start();
        }

        @Override
        public void run() {
            System.out.println("running " + getName() + ", current thread is this: " + (Thread.currentThread() == this));
        }
    }

    static final class Twice extends Thread {
        String secondStart = "no exception";

        @Override
        public void start() {
            super.start();
            try {
                super.start();
            } catch (IllegalThreadStateException e) {
                secondStart = e.getClass().getSimpleName();
            }
        }

        @Override
        public void run() {
            System.out.println("twice ran once");
        }
    }

    static final class Inline extends Thread {
        @Override
        public void start() {
            run(); // never starts a thread
        }

        @Override
        public void run() {
            System.out.println("inline ran, state " + getState());
        }
    }

    static final class Counter extends Thread {
        int counted;

        @Override
        public void run() {
            for (int i = 0; i < 1000; i++) {
                ((Counter) Thread.currentThread()).counted++; // per-thread state reached through currentThread()
            }
        }
    }

    static final class Parker extends Thread {
        volatile boolean go;

        @Override
        public void run() {
            while (!go) {
                LockSupport.park(this);
            }
            System.out.println("parker released");
        }
    }

    static final class Failing extends Thread {
        @Override
        public void run() {
            Thread.currentThread().setName("renamed-in-run");
            throw new IllegalStateException("failing failed");
        }
    }

    public static void main(String[] args) throws Exception {
        Logged logged = new Logged();
        logged.start();
        logged.join();
        System.out.println("logged alive after join: " + logged.isAlive());

        Twice twice = new Twice();
        twice.start();
        twice.join();
        System.out.println("second super.start(): " + twice.secondStart);

        Inline inline = new Inline();
        inline.start();
        System.out.println("inline state after start: " + inline.getState());

        Counter counter = new Counter();
        counter.start();
        counter.join();
        System.out.println("counted " + counter.counted + ", state " + counter.getState());

        Thread anonymous = new Thread("anonymous") {
            @Override
            public void run() {
                System.out.println("anonymous ran as " + getName());
            }
        };
        anonymous.start();
        anonymous.join();

        Parker parker = new Parker();
        parker.start();
        Thread.sleep(100);
        parker.go = true;
        LockSupport.unpark(parker);
        parker.join();

        Failing failing = new Failing();
        failing.setUncaughtExceptionHandler((thread, failure) -> System.out.println("handler got \"" + failure.getMessage()
                + "\" from " + thread.getName() + ", the subclass object: " + (thread == failing)));
        failing.start();
        failing.join();
        System.out.println("done");
    }
}
