package green.junit.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import green.junit.GreenTest;

/** A check-then-act race that some interleavings expose: two clients book the last seat. Run by GreenTestTest. */
public class Races {
    private int seatsLeft;

    @GreenTest(seeds = 20)
    void theLastSeatIsSoldOnce() throws InterruptedException {
        seatsLeft = 1;
        Thread alice = new Thread(this::book);
        Thread bob = new Thread(() -> {
            Thread.yield(); // one more switch point before the check
            book();
        });
        alice.start();
        bob.start();
        alice.join();
        bob.join();
        assertEquals(0, seatsLeft, "the last seat was sold twice");
    }

    private void book() {
        if (seatsLeft > 0) {
            Thread.yield(); // the check and the act are two steps
            seatsLeft--;
        }
    }
}
