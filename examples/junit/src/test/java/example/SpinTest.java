package example;

import green.junit.GreenTest;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** Fails on purpose: run it with mvn test -Dexample.spin=true to see what a fiber holding the hub does to a test. */
@EnabledIfSystemProperty(named = "example.spin", matches = "true")
class SpinTest {

    /** A CPU loop: no wait, so no other fiber runs for 1.5 s (Thread.onSpinWait() would yield under green). */
    static long spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        long turns = 0;
        while (System.nanoTime() < end) {
            turns++;
        }
        return turns;
    }

    @GreenTest
    void spinsOnTheHub() {
        spin(1500);
    }
}
