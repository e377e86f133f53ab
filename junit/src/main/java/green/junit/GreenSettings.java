package green.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import green.config.GreenConfig;
import green.config.Setting;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What one {@link GreenTest} runs with: its annotation's attributes over the {@code green.junit.*}
 * system properties as they are when the test runs (surefire sets its system properties after the
 * JVM, and the agent, started) over the defaults. The keys, defaults and parsers are green's
 * settings table's ({@link GreenConfig}); read once the agent is in, so the table is the bootstrap
 * loader's. With the seed of this run (null: none) and the clock it asked for.
 */
record GreenSettings(long maxBlockingMillis, long leftoverGraceMillis, boolean failOnLeftoverFibers, Long seed,
                     GreenTest.Clock clock) {

    static final String MAX_BLOCKING = GreenConfig.JUNIT_MAX_BLOCKING.key();

    /**
     * A fiber may hold the hub this long. Measured (ColdStarts, 40 cold test JVMs on the 2-core test
     * machine at load 1.5 to 4.4, with -javaagent and attached): the first test of a fork, loading JDK
     * classes in its fiber, held the hub at most 919 ms (an in-JVM HTTPS server and client, key store
     * and TLS set up in the fiber; its other runs 282 to 450 ms), the JDK HttpClient 151 to 480 ms,
     * 50 sleeping threads, sockets, HTTP and pools never over 180 ms. 1200 ms stays 30% above the worst
     * of those and 300 ms below a 1.5 s spin, which the watchdog measures to about 25 ms.
     */
    static GreenSettings of(Method testMethod, Long seed, GreenTest.Clock clock) {
        Optional<GreenTest> annotation = AnnotationSupport.findAnnotation(testMethod, GreenTest.class);
        long maxBlocking = annotation.map(GreenTest::maxBlockingMillis).orElse(GreenTest.FROM_PROPERTY);
        if (maxBlocking < 0) {
            maxBlocking = now(GreenConfig.JUNIT_MAX_BLOCKING);
        }
        boolean failOnLeftovers = annotation.map(GreenTest::failOnLeftoverFibers).orElse(false)
                || now(GreenConfig.JUNIT_FAIL_ON_LEFTOVERS);
        return new GreenSettings(maxBlocking, now(GreenConfig.JUNIT_LEFTOVER_GRACE), failOnLeftovers, seed, clock);
    }

    /** The setting's value as its system property says now, or its default. */
    private static <T> T now(Setting<T> setting) {
        String value = System.getProperty(setting.key());
        return value == null || value.isBlank() ? setting.defaultValue() : setting.parse(value);
    }
}
