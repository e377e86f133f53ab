package demo;

/**
 * A check-then-act race: two clients book the last seat of a show. Each checks that a seat is
 * free, then takes it; between the two steps it yields (as a real booking service would write to
 * a log or a socket). The second client first greets the box office, which puts one more switch
 * point before its check. On platform threads the race is rare; on one thread with the fibers run
 * first come first served it never happens; among seeds of {@code green.seed}, about one in four
 * interleaves the two checks before either take, and the show is overbooked.
 *
 * <p>Usage: {@code demo.DoubleBooking}. Prints who got a seat and {@code seats left: N}, then
 * {@code ok} or {@code OVERBOOKED}.
 */
public final class DoubleBooking {

    private static int seatsLeft = 1;
    private static final StringBuffer log = new StringBuffer();

    public static void main(String[] args) throws Exception {
        Thread alice = new Thread(() -> book("alice"), "alice");
        Thread bob = new Thread(() -> {
            Thread.yield(); // "good evening": one more switch point before the check
            book("bob");
        }, "bob");
        alice.start();
        bob.start();
        alice.join();
        bob.join();
        System.out.print(log);
        System.out.println("seats left: " + seatsLeft);
        System.out.println(seatsLeft < 0 ? "OVERBOOKED" : "ok");
    }

    private static void book(String who) {
        if (seatsLeft > 0) {
            Thread.yield(); // the check and the act are two steps
            seatsLeft--;
            log.append(who).append(" got a seat\n");
        } else {
            log.append(who).append(" found the show sold out\n");
        }
    }
}
