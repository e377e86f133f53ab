package green.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Used instead of {@code @Test}: the method body runs as a fiber on green's hub, under the agent's
 * patches, so the threads it starts are fibers, its sleeps are hub timers and its sockets wait on the
 * hub. The test fails when a fiber holds the hub longer than {@link #maxBlockingMillis()} (a spin,
 * a file read, a pinned wait), with the fiber's name, how long, and its stack as the failure's stack;
 * fibers the body started and left running are reported.
 *
 * <p>The agent is best given to the test JVM with {@code -javaagent} (surefire's {@code argLine});
 * without it, green-junit attaches the green-agent jar it finds on the test class path before the
 * first test runs (JDK 21+ prints a warning for that; {@code -XX:+EnableDynamicAgentLoading} allows
 * it silently). See README.md, "Testing with green".
 *
 * <p>{@code @BeforeEach}/{@code @AfterEach} methods run on JUnit's thread as usual; threads they
 * start are fibers too (the agent patches the whole JVM), but only the body's are tracked.
 *
 * <p>With {@link #seeds()} the test runs once per seed, 1 to K, each a test of its own ("seed 7"),
 * the hub choosing its interleaving by that seed (as {@code green.seed} does for a whole program):
 * a race that one interleaving in K exposes fails one of them, and the failure names the seed and
 * the line that replays it, {@code @GreenTest(seed = 7)}. Under a seed time is virtual
 * ({@link #clock()}) when the test JVM has the clock patch ({@code green.clock=switchable}).
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(GreenExtension.class)
public @interface GreenTest {

    /** Use the system property {@code green.junit.maxBlocking} or, if unset, 1200 ms. */
    long FROM_PROPERTY = -1;

    /** {@link #seed()}: none. */
    long NO_SEED = Long.MIN_VALUE;

    /** The time a test body runs in. */
    enum Clock {
        /** Virtual under a seed when the test JVM has the clock patch, else real. */
        AUTO,
        /** Real time. */
        REAL,
        /**
         * Virtual time ({@code green.clock}): sleeps and timed waits end as soon as every fiber
         * waits, and the body's clocks follow. Needs the test JVM started with
         * {@code green.clock=switchable} (the clock patch in, time real between tests).
         */
        VIRTUAL
    }

    /**
     * The longest a fiber may hold the hub while this test runs, in milliseconds: longer fails the
     * test. {@link #FROM_PROPERTY} (the default) reads {@code -Dgreen.junit.maxBlocking}, else
     * 1200 ms, a bound that a cold JVM's class loading in a
     * fiber stays well below (measured: README.md). Hold times are the watchdog's, which samples every
     * quarter of {@code green.maxBlocking} (default 100 ms), so a bound below that is that.
     */
    long maxBlockingMillis() default FROM_PROPERTY;

    /**
     * Whether a fiber the body started and left running (still alive
     * 250 ms after the body returned, see
     * {@code -Dgreen.junit.leftoverGraceMillis}) fails the test; by default it is only reported, on
     * stderr and as a report entry. {@code -Dgreen.junit.failOnLeftoverFibers=true} sets it for all.
     */
    boolean failOnLeftoverFibers() default false;

    /** Runs the body under each seed from 1 to this, each a test of its own; 0 (the default): once, no seed. */
    int seeds() default 0;

    /** Runs the body once under this seed, to replay what {@link #seeds()} found; not with {@code seeds}. */
    long seed() default NO_SEED;

    /** The time the body runs in. */
    Clock clock() default Clock.AUTO;
}
