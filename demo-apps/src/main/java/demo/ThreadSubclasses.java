package demo;

/**
 * {@code Thread} subclasses as programs write them: one that overrides {@code start()} to log
 * before {@code super.start()}, one whose {@code start()} calls {@code super.start()} twice, one
 * whose {@code start()} runs the work inline without starting anything, one that only overrides
 * {@code run()}, and an anonymous one.
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
            System.out.println("running " + getName());
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
                counted++;
            }
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
        System.out.println("done");
    }
}
