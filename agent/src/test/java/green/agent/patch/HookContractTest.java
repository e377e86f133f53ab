package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.Monkey;
import green.config.GreenConfig;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The agent and the runtime agree on names: every hook a patch names (entry hooks, redirects, and
 * the calls its call-site rewriting emits) is a public static method of the runtime with that very
 * descriptor, and the patch table, the settings table and {@code Monkey} name the same patches.
 * The agent names hooks by string; without this a rename in the runtime shows up as a
 * {@code NoSuchMethodError} in some program's JDK class at run time.
 */
class HookContractTest {

    /** A config under which every patch does its all: main as a fiber, the clock patch wanted. */
    private static final GreenConfig EVERYTHING = GreenConfig.resolve(Map.of("seed", "1"), new Properties());

    @Test
    void thePatchTableTheSettingsAndMonkeyNameTheSamePatches() {
        List<String> table = Patches.table(EVERYTHING).stream().map(Patch::name).toList();
        assertEquals(GreenConfig.PATCH_NAMES, table);
        for (String name : table) {
            assertEquals("green.patch." + name, GreenConfig.patchSetting(name).key());
            assertFalse(Monkey.isPatched(name), "nothing is patched in this test JVM: " + name);
        }
        assertThrows(IllegalArgumentException.class, () -> Monkey.isPatched("sleeep"));
    }

    @Test
    void everyEntryHookAndRedirectNamesARuntimeMethod() throws Exception {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Patch patch : Patches.table(EVERYTHING)) {
            for (EntryHook hook : patch.entryHooks()) {
                Integer access = accessOf(hook.owner(), hook.method(), hook.descriptor());
                if (access == null) {
                    missing.add(patch.name() + ": the JDK has no " + hook);
                    continue;
                }
                String descriptor = hook.hookDescriptor((access & Opcodes.ACC_STATIC) != 0);
                check(hook.hookOwner(), hook.hookName(), descriptor, patch.name() + " entry hook " + hook, missing);
                checked++;
            }
            for (CallRedirect redirect : patch.callRedirects()) {
                check(redirect.hookOwner(), redirect.hookName(), redirect.hookDescriptor(), patch.name() + " redirect " + redirect, missing);
                checked++;
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
        assertTrue(checked > 40, "checked " + checked);
    }

    @Test
    void everyCallTheCallSitePatchesEmitNamesARuntimeMethod() throws IOException {
        List<Patch> callSites = Patches.table(EVERYTHING).stream().filter(p -> !p.callSiteHints().isEmpty())
                .map(p -> p instanceof ThreadPatch ? new ThreadPatch("fixtures/EveryRewrite") : p).toList();
        CallSiteTransformer transformer = new CallSiteTransformer(callSites, Rewrites.quietErrors());
        byte[] rewritten = Rewrites.transform(transformer, "fixtures/EveryRewrite");
        TreeSet<String> hooks = new TreeSet<>();
        for (String call : Rewrites.calls(rewritten)) {
            if (call.startsWith("green/hooks/")) {
                hooks.add(call);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String call : hooks) {
            String owner = call.substring(0, call.indexOf('.'));
            String name = call.substring(call.indexOf('.') + 1, call.indexOf(' '));
            check(owner, name, call.substring(call.indexOf(' ') + 1), "call site " + call, missing);
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
        // one of each rewriting patch: sleep, thread, clock, and main as a fiber (the fixture as the main class)
        for (String expected : List.of("green/hooks/SleepHook.", "green/hooks/ThreadHook.", "green/hooks/ClockHook.",
                "green/hooks/MainHook.")) {
            assertTrue(hooks.stream().anyMatch(h -> h.startsWith(expected)), expected + " in " + hooks);
        }
    }

    private static void check(String owner, String name, String descriptor, String what, List<String> missing) {
        try {
            Class<?> type = Class.forName(owner.replace('/', '.'), false, HookContractTest.class.getClassLoader());
            for (Method m : type.getDeclaredMethods()) {
                if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                    if (!Modifier.isStatic(m.getModifiers()) || !Modifier.isPublic(m.getModifiers())
                            || !Modifier.isPublic(type.getModifiers())) {
                        missing.add(what + ": " + owner + "." + name + descriptor + " is not public static in a public class");
                    }
                    return;
                }
            }
            missing.add(what + ": the runtime has no " + owner + "." + name + descriptor);
        } catch (ClassNotFoundException e) {
            missing.add(what + ": the runtime has no class " + owner);
        }
    }

    /** The access flags of a JDK method, read from its class file, or null when it has none of that name and descriptor. */
    private static Integer accessOf(String owner, String method, String descriptor) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(owner + ".class")) {
            if (in == null) {
                return null;
            }
            Integer[] access = new Integer[1];
            new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
                @Override
                public MethodVisitor visitMethod(int flags, String name, String desc, String signature, String[] exceptions) {
                    if (name.equals(method) && desc.equals(descriptor)) {
                        access[0] = flags;
                    }
                    return null;
                }
            }, ClassReader.SKIP_CODE);
            return access[0];
        }
    }
}
