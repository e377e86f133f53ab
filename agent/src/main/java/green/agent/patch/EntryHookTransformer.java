package green.agent.patch;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts {@link EntryHook}s into JDK classes, as they load or on retransformation. A method is matched by exact
 * name and descriptor (the feature check: a JDK whose internals differ is left alone, and the
 * patch reports that it did not take). Written with ASM directly: Byte Buddy's agent builder cost
 * about 500 ms of start-up to advise these two classes (measured, benchmarks/README.md).
 *
 * <p>Thread-safe: the JVM calls {@link #transform} on whichever thread loads or retransforms.
 */
final class EntryHookTransformer implements ClassFileTransformer {

    private final List<EntryHook> hooks;
    private final Set<String> owners;
    private final TransformErrors errors;
    private final Set<EntryHook> applied = ConcurrentHashMap.newKeySet();

    EntryHookTransformer(List<EntryHook> hooks, TransformErrors errors) {
        this.hooks = List.copyOf(hooks);
        this.owners = hooks.stream().map(EntryHook::owner).collect(Collectors.toUnmodifiableSet());
        this.errors = errors;
    }

    /** The internal names of the classes hooked. */
    Set<String> owners() {
        return owners;
    }

    /** Whether {@code hook} is in place in the loaded class. */
    boolean applied(EntryHook hook) {
        return applied.contains(hook);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classfileBuffer) {
        // Called for every class the JVM loads: one hash look-up for most.
        if (loader != null || !owners.contains(className)) {
            return null;
        }
        try {
            ClassReader reader = new ClassReader(classfileBuffer);
            ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    for (EntryHook hook : hooks) {
                        if (hook.owner().equals(className) && hook.method().equals(name) && hook.descriptor().equals(descriptor)) {
                            return new Entry(next, hook, (access & Opcodes.ACC_STATIC) != 0);
                        }
                    }
                    return next;
                }
            }, 0);
            return writer.toByteArray();
        } catch (Throwable t) {
            errors.record(className.replace('/', '.'), t);
            return null;
        }
    }

    /**
     * Emits the hook call before the method's first instruction. A replacing hook jumps, when it
     * returns true, to a {@code return} appended after the method's last instruction: the original
     * entry stays a fall-through, so no stack-map frame is added where the method may already have
     * one, and the appended block gets a full frame of its own.
     */
    private final class Entry extends MethodVisitor {
        private final EntryHook hook;
        private final boolean isStatic;
        private final Label skipBody = new Label();

        Entry(MethodVisitor next, EntryHook hook, boolean isStatic) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.isStatic = isStatic;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            if (hook.arguments()) {
                int slot = 0;
                if (!isStatic) {
                    super.visitVarInsn(Opcodes.ALOAD, slot++);
                }
                for (Type argument : Type.getArgumentTypes(hook.descriptor())) {
                    super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                    slot += argument.getSize();
                }
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, hook.hookOwner(), hook.hookName(), hook.hookDescriptor(isStatic), false);
            if (hook.replacing()) {
                super.visitJumpInsn(Opcodes.IFNE, skipBody);
            }
            applied.add(hook);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (hook.replacing()) {
                super.visitLabel(skipBody);
                Object[] locals = entryLocals();
                super.visitFrame(Opcodes.F_FULL, locals.length, locals, 0, new Object[0]);
                super.visitInsn(Opcodes.RETURN);
            }
            super.visitMaxs(maxStack, maxLocals); // recomputed: COMPUTE_MAXS
        }

        /** The verifier's view of the locals at entry: the receiver, then the parameters. */
        private Object[] entryLocals() {
            List<Object> locals = new ArrayList<>();
            if (!isStatic) {
                locals.add(hook.owner());
            }
            for (Type argument : Type.getArgumentTypes(hook.descriptor())) {
                locals.add(switch (argument.getSort()) {
                    case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                    case Type.LONG -> Opcodes.LONG;
                    case Type.FLOAT -> Opcodes.FLOAT;
                    case Type.DOUBLE -> Opcodes.DOUBLE;
                    default -> argument.getInternalName();
                });
            }
            return locals.toArray();
        }
    }
}
