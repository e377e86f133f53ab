package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.SleepCalls;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CallSiteTransformerTest {

    private final TransformErrors errors = Rewrites.quietErrors();
    private final CallSiteTransformer transformer = new CallSiteTransformer(List.of(new SleepPatch()), errors);

    private byte[] transform(String internalName) throws IOException {
        return Rewrites.transform(transformer, internalName);
    }

    @Test
    void rewritesEveryThreadAndTimeUnitSleep() throws IOException {
        List<String> calls = Rewrites.calls(transform("fixtures/SleepCalls"));
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (J)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (JI)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (Ljava/time/Duration;)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (Ljava/util/concurrent/TimeUnit;J)V"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.contains(".sleep") && !c.startsWith("green/hooks/")), calls.toString());
        assertEquals(4, transformer.rewrittenSites());
    }

    @Test
    void rewritesSleepCompiledAgainstAThreadSubclass() throws IOException {
        List<String> calls = Rewrites.calls(transform("fixtures/SleepCalls$Worker"));
        assertEquals(List.of("java/lang/Thread.<init> ()V", "green/hooks/SleepHook.sleep (J)V"), calls);
    }

    @Test
    void leavesAStaticSleepOfAnotherClassAlone() throws IOException {
        assertNull(transform("fixtures/SleepCalls$NotAThread"));
        assertEquals(0, errors.count());
    }

    @Test
    void rewrittenClassStillRuns() throws Exception {
        byte[] rewritten = transform("fixtures/SleepCalls");
        byte[] worker = transform("fixtures/SleepCalls$Worker");
        ClassLoader loader = Rewrites.loaderOf(Map.of(SleepCalls.class.getName(), rewritten,
                SleepCalls.class.getName() + "$Worker", worker));
        // On a platform thread SleepHook sleeps as the JDK does; the verifier accepts the code.
        assertEquals(5, loader.loadClass(SleepCalls.class.getName()).getMethod("run").invoke(null));
    }

    @Test
    void neverTouchesJdkOrGreenClassesOrTheBootAndPlatformLoaders() throws IOException {
        byte[] b = Rewrites.bytes("fixtures/SleepCalls");
        ClassLoader app = getClass().getClassLoader();
        assertNull(transformer.transform(null, "fixtures/SleepCalls", null, null, b));
        assertNull(transformer.transform(ClassLoader.getPlatformClassLoader(), "fixtures/SleepCalls", null, null, b));
        for (String name : List.of("java/util/Foo", "jdk/internal/Foo", "sun/nio/Foo", "com/sun/Foo", "green/hub/Foo", "javax/Foo")) {
            assertFalse(CallSiteTransformer.isApplicationClass(app, name), name);
        }
        assertTrue(CallSiteTransformer.isApplicationClass(app, "com/example/Foo"));
    }

    @Test
    void classWithoutHintIsNotParsed() {
        // Not a class file at all: only the pre-filter can make this return null without an error.
        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/Nope", null, null, new byte[] {1, 2, 3}));
        assertEquals(0, errors.count());
    }

    @Test
    void brokenClassFileIsCountedNotThrown() {
        byte[] junk = "junk that mentions sleep".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertNull(transformer.transform(getClass().getClassLoader(), "com/example/Junk", null, null, junk));
        assertEquals(1, errors.count());
        assertTrue(errors.first().startsWith("com.example.Junk: "), errors.first());
    }
}
