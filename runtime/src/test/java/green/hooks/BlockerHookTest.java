package green.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import green.hub.Hub;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The blocking patch's hooks, called as the JDK's {@code Blocker.begin/end} would call them. */
@Timeout(30)
class BlockerHookTest {
    private final Hub hub = Hub.get();

    @Test
    void aBracketedCallMovesTheFiberOffTheHubButAWriteToStdoutOrStderrStays() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        hub.newFiber("caller", () -> {
            StringBuilder where = new StringBuilder();
            BlockerHook.begin(); // a process pipe or System.in read would start here
            where.append("pipe ").append(place());
            BlockerHook.end();
            where.append(", after ").append(place());
            synchronized (System.out) { // what every PrintStream write holds on its way to System.Out
                BlockerHook.begin();
                where.append(", stdout ").append(place());
                BlockerHook.end();
            }
            synchronized (System.err) {
                BlockerHook.begin();
                where.append(", stderr ").append(place());
                BlockerHook.end();
            }
            where.append(", after ").append(place());
            seen.complete(where.toString());
        }).start();
        assertEquals("pipe elsewhere, after hub, stdout hub, stderr hub, after hub", seen.get(10, TimeUnit.SECONDS));
    }

    @Test
    void threadsThatAreNotFibersOfTheHubAreLeftWhereTheyAre() throws Exception {
        CompletableFuture<String> seen = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> { // the JDK's own scheduler: its Blocker compensates
            BlockerHook.begin();
            String during = Thread.currentThread().isVirtual() + " " + place();
            BlockerHook.end();
            seen.complete(during);
        });
        assertEquals("true elsewhere", seen.get(10, TimeUnit.SECONDS));
        BlockerHook.begin(); // a platform thread: nothing to move
        BlockerHook.end();
    }

    @Test
    void withoutSystemOutABracketedCallStillMoves() throws Exception {
        PrintStream out = System.out;
        CompletableFuture<String> seen = new CompletableFuture<>();
        System.setOut(null); // legal, and Thread.holdsLock(null) would throw
        try {
            hub.newFiber("caller", () -> {
                try {
                    BlockerHook.begin();
                    String during = place();
                    BlockerHook.end();
                    seen.complete(during + ", after " + place());
                } catch (Throwable t) {
                    seen.completeExceptionally(t);
                }
            }).start();
            assertEquals("elsewhere, after hub", seen.get(10, TimeUnit.SECONDS));
        } finally {
            System.setOut(out);
        }
    }

    private String place() {
        return hub.inHub() ? "hub" : "elsewhere";
    }
}
