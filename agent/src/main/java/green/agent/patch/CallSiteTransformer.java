package green.agent.patch;

import java.lang.instrument.ClassFileTransformer;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Rewrites call sites in application and library classes as they load: one ASM pass per class,
 * through a chain of method visitors, one per enabled call-site {@link Patch} (sleep, thread,
 * clock). Never touches JDK classes (the bootstrap and platform loaders, {@code java.*},
 * {@code jdk.*}, {@code sun.*}, {@code com.sun.*}) nor green's own (the agent's classes; the
 * runtime is in the boot loader): JDK classes are patched, if at all, by entry hooks and call
 * redirects ({@link JdkTransformer}).
 *
 * <p>Cheap for the classes it has nothing to do in: a class file that contains none of the
 * patches' hint strings is not parsed. A class whose rewrite fails keeps its original bytes and
 * the error is counted in {@link TransformErrors}.
 *
 * <p>Thread-safe: the JVM calls {@link #transform} on whatever thread loads a class.
 */
public final class CallSiteTransformer implements ClassFileTransformer {

    /**
     * JDK packages, and the agent's own classes in the app loader. green's runtime needs no entry:
     * it lives in the bootstrap loader, which is skipped as a whole; a program's own package that
     * happens to start with {@code green.} is the program's and is patched.
     */
    private static final String[] SKIPPED_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/", "green/agent/", "green/shaded/"};

    private final List<Patch> patches;
    private final byte[][] hints;
    private final TransformErrors errors;
    private final ClassHierarchy hierarchy = new ClassHierarchy();
    private final AtomicLong sites = new AtomicLong();
    private final AtomicLong classes = new AtomicLong();

    public CallSiteTransformer(List<Patch> patches, TransformErrors errors) {
        this.patches = List.copyOf(patches);
        this.hints = patches.stream().flatMap(p -> p.callSiteHints().stream())
                .distinct().map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
        this.errors = errors;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        if (!isApplicationClass(loader, className) || !containsAnyHint(classfileBuffer)) {
            return null;
        }
        try {
            return rewrite(loader, classfileBuffer);
        } catch (Throwable t) {
            errors.record(className.replace('/', '.'), t);
            return null;
        }
    }

    static boolean isApplicationClass(ClassLoader loader, String className) {
        if (loader == null || loader == ClassLoader.getPlatformClassLoader() || className == null) {
            return false;
        }
        for (String prefix : SKIPPED_PREFIXES) {
            if (className.startsWith(prefix)) {
                return false;
            }
        }
        return true;
    }

    private boolean containsAnyHint(byte[] classFile) {
        for (byte[] hint : hints) {
            if (indexOf(classFile, hint) >= 0) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0, last = haystack.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The rewritten class file, or null when no call site was rewritten. */
    byte[] rewrite(ClassLoader loader, byte[] classFile) {
        ClassReader reader = new ClassReader(classFile);
        // Flags 0 and the reader: the constant pool and untouched methods are copied as they
        // are. Every rewrite keeps the operand stack shape (same arguments, same result; a
        // pushed thread factory raises max stack by one, which its rewriter declares), so no
        // frame changes and nothing has to be computed.
        ClassWriter writer = new ClassWriter(reader, 0);
        CallSiteContext context = new CallSiteContext(reader.getClassName(), reader.getSuperName(),
                readUnsignedShort(classFile, 6), loader, hierarchy);
        boolean expandFrames = false;
        for (Patch patch : patches) {
            expandFrames |= patch.expandsFrames(reader.getClassName());
        }
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                context.enterMethod(access, name, descriptor); // ASM visits one method's body before the next visitMethod
                for (int i = patches.size() - 1; i >= 0; i--) {
                    mv = patches.get(i).callSites(mv, context);
                }
                return mv;
            }
        }, expandFrames ? ClassReader.EXPAND_FRAMES : 0);
        if (context.rewrittenCount() == 0) {
            return null;
        }
        sites.addAndGet(context.rewrittenCount());
        classes.incrementAndGet();
        return writer.toByteArray();
    }

    private static int readUnsignedShort(byte[] classFile, int offset) {
        return ((classFile[offset] & 0xFF) << 8) | (classFile[offset + 1] & 0xFF);
    }

    /** Call sites rewritten so far, in all classes. */
    public long rewrittenSites() {
        return sites.get();
    }

    /** Classes with at least one rewritten call site so far. */
    public long rewrittenClasses() {
        return classes.get();
    }
}
