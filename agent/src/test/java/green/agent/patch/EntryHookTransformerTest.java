package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.EntryTargets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class EntryHookTransformerTest {

    private static final String TARGETS = "fixtures/EntryTargets";
    private static final String HOOKS = "fixtures/EntryTargets$Hooks";
    private final EntryHook spin = EntryHook.replacing(TARGETS, "spin", "(IJ)V", HOOKS);
    private final EntryHook touch = EntryHook.before(TARGETS, "touch", "(Ljava/lang/String;)V", HOOKS);
    private final EntryHook missing = EntryHook.replacing(TARGETS, "spin", "(I)V", HOOKS);
    private final TransformErrors errors = Rewrites.quietErrors();
    private final EntryHookTransformer transformer = new EntryHookTransformer(List.of(spin, touch, missing), errors);

    @SuppressWarnings("unchecked")
    @Test
    void hooksRunFirstAndAReplacingHookSkipsTheBodyEvenWhereTheEntryIsALoopHead() throws Exception {
        // the boot loader (null) is the only one whose classes get entry hooks: JDK classes
        byte[] hooked = transformer.transform(null, null, TARGETS, null, null, Rewrites.bytes(TARGETS));
        ClassLoader loader = Rewrites.loaderOf(Map.of(EntryTargets.class.getName(), hooked,
                EntryTargets.class.getName() + "$Hooks", Rewrites.bytes(HOOKS)));
        Class<?> targets = loader.loadClass(EntryTargets.class.getName());
        List<String> calls = (List<String>) targets.getField("CALLS").get(null);
        targets.getMethod("spin", int.class, long.class).invoke(null, 2, 0L); // hook says done: no body
        targets.getMethod("spin", int.class, long.class).invoke(null, 1, 0L); // hook declines: body runs
        targets.getMethod("touch", String.class).invoke(targets.getConstructor().newInstance(), "x");
        assertEquals(List.of("spin hook 2", "spin hook 1", "spin body 0", "touch hook true x", "touch body x"), calls);
        assertTrue(transformer.applied(spin) && transformer.applied(touch));
        assertFalse(transformer.applied(missing), "a descriptor that does not match is not hooked");
        assertEquals(0, errors.count());
    }

    @Test
    void classesOfOtherLoadersAreLeftAlone() throws Exception {
        assertEquals(null, transformer.transform(null, getClass().getClassLoader(), TARGETS, null, null, Rewrites.bytes(TARGETS)));
    }

    @Test
    void aNonVoidMethodCannotBeReplaced() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EntryHook.replacing(TARGETS, "size", "()I", HOOKS));
        assertEquals("fixtures/EntryTargets.size()I is not void: it cannot be replaced", e.getMessage());
    }
}
