package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.EntryTargets;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class JdkTransformerTest {

    private static final String TARGETS = "fixtures/EntryTargets";
    private static final String HOOKS = "fixtures/EntryTargets$Hooks";
    private final EntryHook spin = EntryHook.replacing(TARGETS, "spin", "(IJ)V", HOOKS);
    private final EntryHook touch = EntryHook.before(TARGETS, "touch", "(Ljava/lang/String;)V", HOOKS);
    private final EntryHook size = EntryHook.answering(TARGETS, "size", "(I)I", HOOKS);
    private final EntryHook describe = EntryHook.redirecting(TARGETS, "describe", "(Ljava/lang/String;)Ljava/lang/String;", HOOKS, "other");
    private final EntryHook missing = EntryHook.replacing(TARGETS, "spin", "(I)V", HOOKS);
    private final CallRedirect target = CallRedirect.ofStatic(TARGETS, TARGETS, "target", "(Ljava/lang/String;)Ljava/lang/String;", HOOKS);
    private final TransformErrors errors = Rewrites.quietErrors();
    private final JdkTransformer transformer = new JdkTransformer(List.of(spin, touch, size, describe, missing), List.of(target), errors);

    @SuppressWarnings("unchecked")
    @Test
    void everyShapeOfHookRunsFirstAndDecidesWhetherTheBodyRuns() throws Exception {
        // the boot loader (null) is the only one whose classes are rewritten: JDK classes
        byte[] hooked = transformer.transform(null, null, TARGETS, null, null, Rewrites.bytes(TARGETS));
        ClassLoader loader = Rewrites.loaderOf(Map.of(EntryTargets.class.getName(), hooked,
                EntryTargets.class.getName() + "$Hooks", Rewrites.bytes(HOOKS)));
        Class<?> targets = loader.loadClass(EntryTargets.class.getName());
        List<String> calls = (List<String>) targets.getField("CALLS").get(null);
        targets.getMethod("spin", int.class, long.class).invoke(null, 2, 0L); // hook says done: no body
        targets.getMethod("spin", int.class, long.class).invoke(null, 1, 0L); // hook declines: body runs
        Object plain = targets.getConstructor().newInstance();
        targets.getMethod("touch", String.class).invoke(plain, "x");
        assertEquals(List.of("spin hook 2", "spin hook 1", "spin body 0", "touch hook true x", "touch body x"), calls);

        Method sizeOf = targets.getMethod("size", int.class);
        assertEquals(-11, sizeOf.invoke(plain, 11), "answered, unboxed");
        assertEquals(3, sizeOf.invoke(plain, 3), "not answered: the body's result");

        Method describeAs = targets.getDeclaredMethod("describe", String.class);
        describeAs.setAccessible(true);
        Constructor<?> named = targets.getDeclaredConstructor(String.class);
        named.setAccessible(true);
        assertEquals("other!", describeAs.invoke(named.newInstance("redirected"), "!"), "the other object answered");
        assertEquals("plain!", describeAs.invoke(plain, "!"));

        assertEquals("hook v", targets.getMethod("callsTarget", String.class).invoke(null, "v"), "the call was redirected");
        assertTrue(transformer.applied(spin) && transformer.applied(touch) && transformer.applied(size)
                && transformer.applied(describe) && transformer.applied(target));
        assertFalse(transformer.applied(missing), "a descriptor that does not match is not hooked");
        assertEquals(0, errors.count());
    }

    @Test
    void classesOfOtherLoadersAreLeftAlone() throws Exception {
        assertEquals(null, transformer.transform(null, getClass().getClassLoader(), TARGETS, null, null, Rewrites.bytes(TARGETS)));
    }

    @Test
    void aHookMustFitItsMethod() {
        IllegalArgumentException notVoid = assertThrows(IllegalArgumentException.class,
                () -> EntryHook.replacing(TARGETS, "size", "()I", HOOKS));
        assertEquals("fixtures/EntryTargets.size()I is not void: it cannot be replaced", notVoid.getMessage());
        IllegalArgumentException noAnswer = assertThrows(IllegalArgumentException.class,
                () -> EntryHook.answering(TARGETS, "touch", "(Ljava/lang/String;)V", HOOKS));
        assertEquals("fixtures/EntryTargets.touch(Ljava/lang/String;)V is void: it has no answer", noAnswer.getMessage());
    }
}
