package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.SleepCalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class CallSiteTransformerTest {

    private final TransformErrors errors = new TransformErrors(false, new PrintStream(OutputStream.nullOutputStream()));
    private final CallSiteTransformer transformer = new CallSiteTransformer(List.of(new SleepPatch()), errors);

    private static byte[] bytes(String internalName) throws IOException {
        try (InputStream in = CallSiteTransformerTest.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** "owner.name desc" of every call in the class file. */
    private static List<String> calls(byte[] classFile) {
        List<String> calls = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                        calls.add(owner + "." + n + " " + d);
                    }
                };
            }
        }, 0);
        return calls;
    }

    private byte[] transform(String internalName) throws IOException {
        return transformer.transform(getClass().getClassLoader(), internalName, null, null, bytes(internalName));
    }

    @Test
    void rewritesEveryThreadAndTimeUnitSleep() throws IOException {
        List<String> calls = calls(transform("fixtures/SleepCalls"));
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (J)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (JI)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (Ljava/time/Duration;)V"), calls.toString());
        assertTrue(calls.contains("green/hooks/SleepHook.sleep (Ljava/util/concurrent/TimeUnit;J)V"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.contains(".sleep") && !c.startsWith("green/hooks/")), calls.toString());
        assertEquals(4, transformer.rewrittenSites());
    }

    @Test
    void rewritesSleepCompiledAgainstAThreadSubclass() throws IOException {
        List<String> calls = calls(transform("fixtures/SleepCalls$Worker"));
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
        ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (name.equals(SleepCalls.class.getName())) {
                        return findLoadedOrDefine(name, rewritten);
                    }
                    if (name.equals(SleepCalls.class.getName() + "$Worker")) {
                        return findLoadedOrDefine(name, worker);
                    }
                    return super.loadClass(name, resolve);
                }
            }

            private Class<?> findLoadedOrDefine(String name, byte[] b) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, b, 0, b.length);
            }
        };
        // On a platform thread SleepHook sleeps as the JDK does; the verifier accepts the code.
        assertEquals(5, loader.loadClass(SleepCalls.class.getName()).getMethod("run").invoke(null));
    }

    @Test
    void neverTouchesJdkOrGreenClassesOrTheBootAndPlatformLoaders() throws IOException {
        byte[] b = bytes("fixtures/SleepCalls");
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
