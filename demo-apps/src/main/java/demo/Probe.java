package demo;

/**
 * Says, through the report side channel, whether a plain {@code new Thread(...).start()} ends up running
 * on a virtual thread, and what {@code Thread.sleep} ran on. The it-tests use it to tell whether an agent
 * is active. Prints {@code probe done}. Reports {@code virtual=<bool>} and {@code probe_thread}.
 */
public final class Probe {
    public static void main(String[] argv) throws Exception {
        Thread t = new Thread(() -> {
            Report.line("virtual", Thread.currentThread().isVirtual());
            Report.thread("probe_thread");
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join();
        System.out.println("probe done");
    }
}
