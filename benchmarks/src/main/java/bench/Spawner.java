package bench;

import green.Green;

/**
 * How a server starts the task for each connection. {@code thread} is the plain, unmodified
 * {@code new Thread(task).start()}: platform threads without the agent, and whatever the agent's
 * {@code thread} patch makes of them with it. {@code green} is library mode ({@link Green#spawn}),
 * the only variant that imports green.
 */
enum Spawner {
    THREAD {
        @Override
        void start(Runnable task) {
            new Thread(task).start();
        }
    },
    VIRTUAL {
        @Override
        void start(Runnable task) {
            Thread.ofVirtual().start(task);
        }
    },
    GREEN {
        @Override
        void start(Runnable task) {
            Green.spawn(task::run);
        }
    };

    abstract void start(Runnable task);

    static Spawner of(String name) {
        return switch (name) {
            case "thread", "platform" -> THREAD;
            case "virtual" -> VIRTUAL;
            case "green" -> GREEN;
            default -> throw new IllegalArgumentException("mode: thread|platform|virtual|green, not " + name);
        };
    }

    /** Runs {@code main} in the spawner's kind of thread and waits for it (green: the accept loop is a fiber too). */
    void runMain(ThrowingRunnable main) throws Exception {
        if (this == GREEN) {
            long every = Long.getLong("bench.stats", 0);
            if (every > 0) { // diagnostics: the hub's counters every N seconds, from a daemon platform thread
                Thread.ofPlatform().daemon().start(() -> {
                    try {
                        while (true) {
                            Thread.sleep(every * 1000);
                            System.out.println("STATS " + Green.stats());
                        }
                    } catch (InterruptedException e) {
                        // exit
                    }
                });
            }
            Green.spawn(() -> {
                main.run();
                return null;
            }).get();
        } else {
            main.run();
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
