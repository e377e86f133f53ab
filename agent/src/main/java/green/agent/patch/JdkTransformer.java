package green.agent.patch;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites JDK classes (those of the bootstrap loader), as they load or on retransformation, in
 * the two ways that change no class format: {@link EntryHook}s at the entry of named methods, and
 * {@link CallRedirect}s of calls inside them. Methods and calls are matched by exact name
 * and descriptor (the feature check: a JDK whose internals differ is left alone, and the patch
 * reports that it did not take). Written with ASM directly: Byte Buddy's agent builder cost
 * about 500 ms of start-up to advise two classes (measured, benchmarks/README.md).
 *
 * <p>Thread-safe: the JVM calls {@link #transform} on whichever thread loads or retransforms.
 */
final class JdkTransformer implements ClassFileTransformer {

    private final List<EntryHook> hooks;
    private final List<CallRedirect> redirects;
    private final Set<String> owners;
    private final TransformErrors errors;
    private final Set<Object> applied = ConcurrentHashMap.newKeySet();

    JdkTransformer(List<EntryHook> hooks, List<CallRedirect> redirects, TransformErrors errors) {
        this.hooks = List.copyOf(hooks);
        this.redirects = List.copyOf(redirects);
        this.owners = Stream.concat(hooks.stream().map(EntryHook::owner), redirects.stream().map(CallRedirect::inClass))
                .collect(Collectors.toUnmodifiableSet());
        this.errors = errors;
    }

    /** The internal names of the classes rewritten. */
    Set<String> owners() {
        return owners;
    }

    /** Whether {@code rewrite} (an entry hook or a call redirect) is in place in the loaded class. */
    boolean applied(Object rewrite) {
        return applied.contains(rewrite);
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
            List<CallRedirect> mine = redirects.stream().filter(r -> r.inClass().equals(className)).toList();
            reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
                @Override
                public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                                 String[] exceptions) {
                    MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                    if (!mine.isEmpty()) {
                        next = new Redirects(next, mine);
                    }
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

    /** Sends the matching static calls of one method to their hooks. */
    private final class Redirects extends MethodVisitor {
        private final List<CallRedirect> redirects;

        Redirects(MethodVisitor next, List<CallRedirect> redirects) {
            super(Opcodes.ASM9, next);
            this.redirects = redirects;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            for (CallRedirect redirect : redirects) {
                if (redirect.matches(opcode, owner, name, descriptor)) {
                    applied.add(redirect);
                    super.visitMethodInsn(Opcodes.INVOKESTATIC, redirect.hookOwner(), redirect.hookName(),
                            redirect.hookDescriptor(), false);
                    return;
                }
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }
    }

    /**
     * Emits the hook call before the method's first instruction. Where the hook's answer ends the
     * method, the code jumps to a block appended after the method's last instruction: the original
     * entry stays a fall-through, so no stack-map frame is added where the method may already have
     * one, and the appended block gets a full frame of its own.
     */
    private final class Entry extends MethodVisitor {
        private final EntryHook hook;
        private final boolean isStatic;
        private final Label exit = new Label();

        Entry(MethodVisitor next, EntryHook hook, boolean isStatic) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.isStatic = isStatic;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            switch (hook.shape()) {
                case BEFORE -> {
                    loadWhatTheHookIsGiven();
                    callHook();
                }
                case REPLACING -> {
                    loadWhatTheHookIsGiven();
                    callHook();
                    super.visitJumpInsn(Opcodes.IFNE, exit);
                }
                case ANSWERING, REDIRECTING -> {
                    loadWhatTheHookIsGiven();
                    callHook();
                    jumpToExitIfNotNull();
                }
            }
            applied.add(hook);
        }

        private void loadWhatTheHookIsGiven() {
            if (hook.passes() == EntryHook.Passes.NOTHING) {
                return;
            }
            if (!isStatic) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            } else if (hook.shape() == EntryHook.Shape.REDIRECTING) {
                throw new IllegalStateException(hook + " is static: there is no receiver to redirect");
            }
            if (hook.passes() == EntryHook.Passes.ALL) {
                loadArguments(isStatic ? 0 : 1);
            }
        }

        private void loadArguments(int firstSlot) {
            int slot = firstSlot;
            for (Type argument : Type.getArgumentTypes(hook.descriptor())) {
                super.visitVarInsn(argument.getOpcode(Opcodes.ILOAD), slot);
                slot += argument.getSize();
            }
        }

        private void callHook() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, hook.hookOwner(), hook.hookName(), hook.hookDescriptor(isStatic), false);
        }

        /** Keeps the answer for the exit block if it is not null; drops it otherwise. */
        private void jumpToExitIfNotNull() {
            super.visitInsn(Opcodes.DUP);
            super.visitJumpInsn(Opcodes.IFNONNULL, exit);
            super.visitInsn(Opcodes.POP);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            Type returnType = Type.getReturnType(hook.descriptor());
            Object[] locals = entryLocals();
            switch (hook.shape()) {
                case BEFORE -> { }
                case REPLACING -> {
                    super.visitLabel(exit);
                    super.visitFrame(Opcodes.F_FULL, locals.length, locals, 0, new Object[0]);
                    super.visitInsn(Opcodes.RETURN);
                }
                case ANSWERING -> {
                    super.visitLabel(exit);
                    super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {"java/lang/Object"});
                    unboxAndReturn(returnType);
                }
                case REDIRECTING -> {
                    super.visitLabel(exit);
                    super.visitFrame(Opcodes.F_FULL, locals.length, locals, 1, new Object[] {hook.owner()});
                    loadArguments(1);
                    super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, hook.owner(), hook.method(), hook.descriptor(), false);
                    super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
                }
            }
            super.visitMaxs(maxStack, maxLocals); // recomputed: COMPUTE_MAXS
        }

        /** Returns the hook's answer, on the stack as an {@code Object}, as the method's return type. */
        private void unboxAndReturn(Type returnType) {
            String box = switch (returnType.getSort()) {
                case Type.BOOLEAN -> "java/lang/Boolean";
                case Type.BYTE -> "java/lang/Byte";
                case Type.CHAR -> "java/lang/Character";
                case Type.SHORT -> "java/lang/Short";
                case Type.INT -> "java/lang/Integer";
                case Type.LONG -> "java/lang/Long";
                case Type.FLOAT -> "java/lang/Float";
                case Type.DOUBLE -> "java/lang/Double";
                default -> null;
            };
            if (box == null) {
                super.visitTypeInsn(Opcodes.CHECKCAST, returnType.getInternalName());
            } else {
                super.visitTypeInsn(Opcodes.CHECKCAST, box);
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, box, returnType.getClassName() + "Value",
                        "()" + returnType.getDescriptor(), false);
            }
            super.visitInsn(returnType.getOpcode(Opcodes.IRETURN));
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
                    default -> argument.getSort() == Type.ARRAY ? argument.getDescriptor() : argument.getInternalName();
                });
            }
            return locals.toArray();
        }
    }
}
