package green.junit.examples;

import green.junit.GreenTest;

/** Run by GreenTestTest through the engine test kit. */
public class Leftovers {

    static Thread sleeper(String name, long millis) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                // stopped
            }
        }, name);
        t.start();
        return t;
    }

    @GreenTest
    void leavesASleeperReported() {
        sleeper("left-behind", 3000);
    }

    @GreenTest(failOnLeftoverFibers = true)
    void leavesASleeperFailing() {
        sleeper("left-behind-too", 3000);
    }

    @GreenTest(failOnLeftoverFibers = true)
    void aFiberThatEndsWithinTheGraceIsNotLeftOver() {
        sleeper("almost-done", 50);
    }
}
