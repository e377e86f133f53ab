package green.junit.examples;

import green.junit.GreenTest;

/** Run by GreenTestTest through the engine test kit. */
public class Spinners {

    /** A CPU loop on the hub: nothing else can run until it returns. */
    public static long spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long n = 0;
        while (System.nanoTime() < end) {
            n++;
        }
        return n;
    }

    @GreenTest
    void spinsOneAndAHalfSeconds() {
        spin(1500);
    }

    @GreenTest
    void aThreadItStartsSpins() throws Exception {
        Thread t = new Thread(() -> spin(1500), "spinning-worker");
        t.start();
        t.join();
    }

    @GreenTest(maxBlockingMillis = 5000)
    void aBoundAboveTheSpinPasses() {
        spin(600);
    }

    @GreenTest(maxBlockingMillis = 200)
    void aBoundBelowTheSpinFails() {
        spin(600);
    }
}
