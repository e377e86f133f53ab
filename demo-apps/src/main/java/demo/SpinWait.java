package demo;

/**
 * A thread that spin-waits on a volatile flag without yielding ({@code while (!ready) {}}) until
 * another thread sets it after a 100 ms sleep. On platform threads the setter simply runs on
 * another core.
 *
 * <p>Usage: {@code demo.SpinWait}. Prints {@code spun until released}, then {@code done}.
 */
public final class SpinWait {

    static volatile boolean ready;

    public static void main(String[] args) throws Exception {
        Thread spinner = new Thread(() -> {
            long spins = 0;
            while (!ready) {
                spins++; // no onSpinWait(), no yield: a plain CPU loop
            }
            Report.line("spins", spins);
            System.out.println("spun until released");
        }, "spinner");
        Thread setter = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            ready = true;
        }, "setter");
        spinner.start();
        setter.start();
        spinner.join();
        setter.join();
        System.out.println("done");
    }
}
