package green.agent.patch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What the call-site tests share: fixture bytes, the calls a class file makes, and running rewritten classes. */
final class Rewrites {

    private Rewrites() {
    }

    static TransformErrors quietErrors() {
        return new TransformErrors(false, new PrintStream(OutputStream.nullOutputStream()));
    }

    static byte[] bytes(String internalName) throws IOException {
        try (InputStream in = Rewrites.class.getClassLoader().getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** {@code transformer}'s output for a fixture, as the app class loader would see it. */
    static byte[] transform(CallSiteTransformer transformer, String internalName) throws IOException {
        return transformer.transform(Rewrites.class.getClassLoader(), internalName, null, null, bytes(internalName));
    }

    /** "owner.name desc" of every call in the class file. */
    static List<String> calls(byte[] classFile) {
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

    /** A loader that defines the given rewritten classes (binary name to bytes) itself, child-first, so the verifier checks them. */
    static ClassLoader loaderOf(Map<String, byte[]> rewritten) {
        return new ClassLoader(Rewrites.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    byte[] b = rewritten.get(name);
                    if (b == null) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> c = findLoadedClass(name);
                    return c != null ? c : defineClass(name, b, 0, b.length);
                }
            }
        };
    }
}
