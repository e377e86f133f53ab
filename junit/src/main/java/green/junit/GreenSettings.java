package green.junit;

import java.lang.reflect.Method;
import java.util.Optional;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * What one {@link GreenTest} runs with: its annotation's attributes over the {@code green.junit.*}
 * system properties over the defaults. Only JDK and JUnit types: read before the agent is there.
 */
record GreenSettings(long maxBlockingMillis, long leftoverGraceMillis, boolean failOnLeftoverFibers) {

    static final String MAX_BLOCKING = "green.junit.maxBlocking";
    static final String LEFTOVER_GRACE = "green.junit.leftoverGraceMillis";
    static final String FAIL_ON_LEFTOVERS = "green.junit.failOnLeftoverFibers";

    /**
     * A fiber may hold the hub this long. Measured (ColdStarts, 40 cold test JVMs on the 2-core test
     * machine at load 1.5 to 4.4, with -javaagent and attached): the first test of a fork, loading JDK
     * classes in its fiber, held the hub at most 919 ms (an in-JVM HTTPS server and client, key store
     * and TLS set up in the fiber; its other runs 282 to 450 ms), the JDK HttpClient 151 to 480 ms,
     * 50 sleeping threads, sockets, HTTP and pools never over 180 ms. 1200 ms stays 30% above the worst
     * of those and 300 ms below a 1.5 s spin, which the watchdog measures to about 25 ms.
     */
    static final long DEFAULT_MAX_BLOCKING_MILLIS = 1200;
    /** How long fibers left by the body get to end before they are reported. */
    static final long DEFAULT_LEFTOVER_GRACE_MILLIS = 250;

    static GreenSettings of(Method testMethod) {
        Optional<GreenTest> annotation = AnnotationSupport.findAnnotation(testMethod, GreenTest.class);
        long maxBlocking = annotation.map(GreenTest::maxBlockingMillis).orElse(GreenTest.FROM_PROPERTY);
        if (maxBlocking < 0) {
            maxBlocking = longProperty(MAX_BLOCKING, DEFAULT_MAX_BLOCKING_MILLIS);
        }
        boolean failOnLeftovers = annotation.map(GreenTest::failOnLeftoverFibers).orElse(false)
                || Boolean.getBoolean(FAIL_ON_LEFTOVERS);
        return new GreenSettings(maxBlocking, longProperty(LEFTOVER_GRACE, DEFAULT_LEFTOVER_GRACE_MILLIS), failOnLeftovers);
    }

    private static long longProperty(String key, long defaultValue) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("green-junit: bad value '" + value + "' for " + key
                + ": expected a whole number of milliseconds >= 0");
    }
}
