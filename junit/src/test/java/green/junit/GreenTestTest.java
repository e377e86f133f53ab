package green.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import green.junit.examples.Basics;
import green.junit.examples.Races;
import green.junit.examples.Leftovers;
import green.junit.examples.Sleepers;
import green.junit.examples.Spinners;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.opentest4j.AssertionFailedError;

/**
 * {@link GreenTest} from the outside: the example classes under {@code examples} run through JUnit's
 * engine test kit, and what passed, what failed and the failures' messages and stacks are checked.
 * Runs twice in the build: with {@code -javaagent} and with the agent attached by green-junit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GreenTestTest {

    static Events run(Class<?> type, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(type, method)).execute().testEvents();
    }

    static Throwable failure(Events events) {
        List<Event> failed = events.failed().list();
        assertEquals(1, failed.size(), () -> "expected one failure: " + events.list());
        return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
    }

    static void assertPassed(Events events) {
        events.assertStatistics(s -> s.started(1).succeeded(1).failed(0));
    }

    @Test
    void seedsFindTheRaceNameTheReplayAndFindItAgain() {
        Events events = run(Races.class, "theLastSeatIsSoldOnce");
        List<String> failing = events.failed().list().stream().map(e -> e.getTestDescriptor().getDisplayName()).toList();
        System.out.println("[measured] Races.theLastSeatIsSoldOnce failed under " + failing + " of 20 seeds");
        assertEquals(20, events.started().count());
        assertTrue(!failing.isEmpty() && failing.size() < 20, "failing: " + failing);
        Throwable t = events.failed().list().get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
        String seed = failing.get(0).substring("seed ".length());
        assertTrue(t.getMessage().startsWith("green-junit: @GreenTest Races.theLastSeatIsSoldOnce() failed under seed " + seed),
                t.getMessage());
        assertTrue(t.getMessage().contains("replay it with @GreenTest(seed = " + seed + "L"), t.getMessage());
        assertTrue(t.getMessage().contains("the last seat was sold twice"), t.getMessage());
        // the same seeds, the same interleavings: the same runs fail again
        List<String> again = run(Races.class, "theLastSeatIsSoldOnce").failed().list().stream()
                .map(e -> e.getTestDescriptor().getDisplayName()).toList();
        assertEquals(failing, again);
    }

    @Test
    void fiftyThreadsThatSleepRunTogetherOnTheHub() {
        assertPassed(run(Sleepers.class, "fiftyThreadsSleepTogetherOnTheHub"));
    }

    @Test
    void theBodyIsAFiberWithTheRuntimeFromTheBootstrapLoader() {
        assertPassed(run(Basics.class, "theBodyIsAFiberOfTheHubWithTheBootstrapRuntime"));
    }

    @Test
    void socketsOfTheBodyAndItsThreadsWaitOnTheHub() {
        assertPassed(run(Basics.class, "socketsWaitOnTheHub"));
    }

    @Test
    void theBodysOwnFailureIsReportedAsItIs() {
        Throwable t = failure(run(Basics.class, "anAssertionInTheBodyFailsAsItself"));
        assertInstanceOf(AssertionFailedError.class, t);
        assertTrue(t.getMessage().startsWith("the body's own assertion"), t.getMessage());
    }

    @Test
    void aSpinOnTheHubFailsWithTheFiberHowLongAndItsStack() {
        Throwable t = failure(run(Spinners.class, "spinsOneAndAHalfSeconds"));
        String m = t.getMessage();
        assertTrue(m.startsWith("green-junit: fiber '@GreenTest Spinners.spinsOneAndAHalfSeconds()' held the hub (green-hub) for "), m);
        long held = Long.parseLong(m.replaceAll("(?s).* for (\\d+) ms.*", "$1"));
        assertTrue(held >= 1400 && held < 5000, m);
        assertTrue(m.contains("longer than the " + green.config.GreenConfig.JUNIT_MAX_BLOCKING.defaultValue() + " ms a @GreenTest allows"), m);
        // the failure points at the line that spins
        StackTraceElement top = t.getStackTrace()[0];
        assertEquals(Spinners.class.getName(), top.getClassName(), () -> List.of(t.getStackTrace()).toString());
        assertEquals("spin", top.getMethodName());
    }

    @Test
    void aSpinInAThreadTheTestStartedFailsItNamingThatThread() {
        Throwable t = failure(run(Spinners.class, "aThreadItStartsSpins"));
        assertTrue(t.getMessage().startsWith("green-junit: fiber 'spinning-worker' held the hub"), t.getMessage());
        assertEquals("spin", t.getStackTrace()[0].getMethodName());
    }

    @Test
    void theBoundIsAnAttribute() {
        assertPassed(run(Spinners.class, "aBoundAboveTheSpinPasses"));
        Throwable t = failure(run(Spinners.class, "aBoundBelowTheSpinFails"));
        assertTrue(t.getMessage().contains("longer than the 200 ms a @GreenTest allows"), t.getMessage());
    }

    @Test
    void aFiberLeftRunningIsReported() {
        Events events = run(Leftovers.class, "leavesASleeperReported");
        assertPassed(events);
        List<String> reported = events.reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("green.leftoverFibers"))
                .toList();
        assertEquals(1, reported.size(), reported::toString);
        assertTrue(reported.get(0).startsWith("\"left-behind\" #"), reported.get(0));
        assertTrue(reported.get(0).contains("spawned by \"@GreenTest Leftovers.leavesASleeperReported()\""), reported.get(0));
    }

    @Test
    void aFiberLeftRunningFailsWhenAskedTo() {
        Throwable t = failure(run(Leftovers.class, "leavesASleeperFailing"));
        assertTrue(t.getMessage().startsWith("green-junit: @GreenTest Leftovers.leavesASleeperFailing() left fibers running "), t.getMessage());
        assertTrue(t.getMessage().contains("\"left-behind-too\" #"), t.getMessage());
        assertPassed(run(Leftovers.class, "aFiberThatEndsWithinTheGraceIsNotLeftOver"));
    }
}
