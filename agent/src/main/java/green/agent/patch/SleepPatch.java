package green.agent.patch;

import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code sleep} patch: in application classes, {@code Thread.sleep(long)},
 * {@code Thread.sleep(long, int)}, {@code Thread.sleep(Duration)} and
 * {@code TimeUnit.sleep(long)} call sites become calls to {@code green.hooks.SleepHook}, which
 * sleeps a fiber on a hub timer and any other thread as before. And every other timed wait of a
 * fiber (a timed park, {@code Object.wait(ms)}, a queue's {@code poll(t)}, wherever it is called
 * from) gets its time-out from the hub's timers rather than the JDK's unparker threads: a hook at
 * the entry of {@code VirtualThread.schedule} ({@code green.hooks.TimeoutHook}).
 *
 * <p>A call compiled against a {@code Thread} subclass ({@code sleep(10)} inside
 * {@code class Worker extends Thread}) has that subclass as owner; it is found through the class
 * hierarchy. Not covered: method references ({@code Thread::sleep}) and reflection.
 *
 * <p>Stateless; runs on any class-loading thread.
 */
public final class SleepPatch implements Patch {

    static final String HOOK = "green/hooks/SleepHook";
    static final String TIMEOUT_HOOK = "green/hooks/TimeoutHook";
    private static final String THREAD = "java/lang/Thread";
    private static final String TIME_UNIT = "java/util/concurrent/TimeUnit";

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public boolean hooksWaitForFibers() {
        return true;
    }

    @Override
    public List<EntryHook> entryHooks() {
        return List.of(EntryHook.answering("java/lang/VirtualThread", "schedule",
                "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/Future;", TIMEOUT_HOOK));
    }

    @Override
    public List<String> callSiteHints() {
        return List.of("sleep");
    }

    @Override
    public MethodVisitor callSites(MethodVisitor next, CallSiteContext context) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (name.equals("sleep") && !isInterface) {
                    if (opcode == Opcodes.INVOKESTATIC && isThreadSleep(descriptor) && context.isSubclass(owner, THREAD)) {
                        context.rewritten();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "sleep", descriptor, false);
                        return;
                    }
                    if (opcode == Opcodes.INVOKEVIRTUAL && owner.equals(TIME_UNIT) && descriptor.equals("(J)V")) {
                        // Receiver first: the stack (unit, timeout) is already the hook's argument list.
                        context.rewritten();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "sleep", "(Ljava/util/concurrent/TimeUnit;J)V", false);
                        return;
                    }
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        };
    }

    private static boolean isThreadSleep(String descriptor) {
        return descriptor.equals("(J)V") || descriptor.equals("(JI)V") || descriptor.equals("(Ljava/time/Duration;)V");
    }
}
