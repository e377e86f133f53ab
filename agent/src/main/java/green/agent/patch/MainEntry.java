package green.agent.patch;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The code the {@code thread} patch puts at the entry of the program's {@code main} under a seed
 * or virtual time: {@code if (MainHook.runOnFiber(Main.class, args)) return;} ({@code null} for
 * the arguments of a {@code main()}). The class's frames come expanded
 * ({@link Patch#expandsFrames}), so the branch target gets a whole frame of its own, or shares
 * the one the method already has at its first instruction.
 *
 * <p>Confined to the thread transforming the class.
 */
final class MainEntry extends MethodVisitor {
    static final String HOOK = "green/hooks/MainHook";

    private final CallSiteContext context;
    private final boolean hasArguments;
    /** Set after the inserted code: the body's first frame is still to come, or to be made. */
    private boolean frameDue;

    MainEntry(MethodVisitor next, CallSiteContext context) {
        super(Opcodes.ASM9, next);
        this.context = context;
        this.hasArguments = context.methodDescriptor().equals("([Ljava/lang/String;)V");
    }

    /** Whether the method being visited is a {@code main} that the launcher may call as static. */
    static boolean isStaticMain(CallSiteContext context) {
        return context.methodName().equals("main") && (context.methodAccess() & Opcodes.ACC_STATIC) != 0
                && (context.methodDescriptor().equals("([Ljava/lang/String;)V") || context.methodDescriptor().equals("()V"));
    }

    @Override
    public void visitCode() {
        super.visitCode();
        super.visitLdcInsn(Type.getObjectType(context.className()));
        if (hasArguments) {
            super.visitVarInsn(Opcodes.ALOAD, 0);
        } else {
            super.visitInsn(Opcodes.ACONST_NULL);
        }
        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "runOnFiber", "(Ljava/lang/Class;[Ljava/lang/String;)Z", false);
        Label body = new Label();
        super.visitJumpInsn(Opcodes.IFEQ, body);
        super.visitInsn(Opcodes.RETURN);
        super.visitLabel(body);
        context.rewritten();
        frameDue = context.classVersion() >= Opcodes.V1_6;
    }

    @Override
    public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
        frameDue = false; // the method's own frame at its start serves the branch target
        super.visitFrame(type, numLocal, local, numStack, stack);
    }

    private void frameIfDue() {
        if (frameDue) {
            frameDue = false;
            Object[] locals = hasArguments ? new Object[] {"[Ljava/lang/String;"} : new Object[0];
            super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
        }
    }

    @Override
    public void visitInsn(int opcode) {
        frameIfDue();
        super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
        frameIfDue();
        super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int varIndex) {
        frameIfDue();
        super.visitVarInsn(opcode, varIndex);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
        frameIfDue();
        super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
        frameIfDue();
        super.visitFieldInsn(opcode, owner, name, descriptor);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
        frameIfDue();
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String descriptor, org.objectweb.asm.Handle bootstrap, Object... arguments) {
        frameIfDue();
        super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
        frameIfDue();
        super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
        frameIfDue();
        super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int varIndex, int increment) {
        frameIfDue();
        super.visitIincInsn(varIndex, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
        frameIfDue();
        super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
        frameIfDue();
        super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String descriptor, int numDimensions) {
        frameIfDue();
        super.visitMultiANewArrayInsn(descriptor, numDimensions);
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
        super.visitMaxs(Math.max(maxStack, 2), maxLocals);
    }
}
