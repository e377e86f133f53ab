package demo;

/**
 * Exit semantics, part 2: a daemon thread loops forever (sleeping between rounds); it must NOT keep the
 * JVM alive once main returns.
 *
 * <p>Usage: {@code demo.DaemonLooper [ms=200]}. Main sleeps {@code ms}, prints
 * {@code main done daemon=true} and returns; the JVM should exit 0 promptly. Reports
 * {@code looper_thread} and {@code looper_rounds} (timing-dependent, so not on stdout).
 */
public final class DaemonLooper {
    private static volatile long rounds;

    public static void main(String[] argv) throws Exception {
        int mainMillis = new Args(argv).intValue("ms", 200);
        Thread looper = new Thread(() -> {
            Report.thread("looper_thread");
            while (true) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                rounds++;
            }
        });
        looper.setDaemon(true);
        looper.start();
        Thread.sleep(mainMillis);
        Report.line("looper_rounds", rounds);
        System.out.println("main done daemon=" + looper.isDaemon());
    }
}
