package green.agent.patch;

import java.util.List;
import java.util.Map;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code thread} patch: in application classes, the program's threads become fibers of the
 * hub (the runtime side is {@code green.hooks.ThreadHook}).
 * <ul>
 *   <li>{@code new Thread(...)}: the constructor still runs, and one call after it,
 *       {@code ThreadHook.adopt}, swaps the unstarted thread for a fiber with its name and task.
 *       The {@code NEW/DUP} pair stays, so stack-map frames stay valid however the arguments branch.
 *   <li>{@code start, join, isAlive, interrupt, isInterrupted, setDaemon, isDaemon, setPriority,
 *       getPriority, getState, setContextClassLoader} on a
 *       {@code Thread} or a subclass (found through the class hierarchy) go to {@code ThreadHook},
 *       receiver first: a subclass's {@code start()} runs its {@code run()} in a stand-in fiber.
 *   <li>{@code super.start()} in a subclass that overrides {@code start()} goes to
 *       {@code ThreadHook.superStart}: the override itself runs, and the stand-in starts where it
 *       hands over to {@code Thread.start}.
 *   <li>{@code Executors} factories and {@code ThreadPoolExecutor}/{@code ScheduledThreadPoolExecutor}
 *       constructors that take no {@code ThreadFactory} get {@code ThreadHook.threadFactory()}, and
 *       {@code Executors.defaultThreadFactory()} becomes it.
 *   <li>{@code Thread.ofPlatform()} builders: {@code start}, {@code unstarted} and {@code factory}.
 *   <li>{@code Thread.onSpinWait()} yields a fiber: on one hub a spin-wait for another thread
 *       would otherwise never let that thread run.
 *   <li>{@code Thread.currentThread()}: in a subclass's stand-in fiber, the subclass object; and
 *       {@code LockSupport.unpark(thread)} of a subclass object unparks its stand-in.
 * </ul>
 * Not covered: method references ({@code Thread::start}), reflection, threads created by JDK code
 * on its own behalf, and {@code ForkJoinPool}.
 *
 * <p>Stateless; runs on any class-loading thread.
 */
public final class ThreadPatch implements Patch {

    static final String HOOK = "green/hooks/ThreadHook";
    private static final String THREAD = "java/lang/Thread";
    private static final String THREAD_DESC = "Ljava/lang/Thread;";
    private static final String FACTORY_DESC = "Ljava/util/concurrent/ThreadFactory;";
    private static final String EXECUTORS = "java/util/concurrent/Executors";
    private static final String HANDLER_DESC = "Ljava/util/concurrent/RejectedExecutionHandler;";

    /** Thread methods whose meaning differs on a fiber, by name and descriptor. */
    private static final List<String> THREAD_METHODS = List.of(
            "start()V", "join()V", "join(J)V", "join(JI)V", "join(Ljava/time/Duration;)Z", "isAlive()Z",
            "interrupt()V", "isInterrupted()Z", "setDaemon(Z)V", "isDaemon()Z", "setPriority(I)V", "getPriority()I",
            "getState()Ljava/lang/Thread$State;", "setContextClassLoader(Ljava/lang/ClassLoader;)V");

    /** Static methods, owner.name+descriptor, that go to a hook of the same name and descriptor. */
    private static final List<String> STATIC_METHODS = List.of("java/lang/Thread.onSpinWait()V",
            "java/lang/Thread.currentThread()Ljava/lang/Thread;",
            "java/util/concurrent/locks/LockSupport.unpark(Ljava/lang/Thread;)V");

    /** Executors factories without a ThreadFactory: name+descriptor to the descriptor that takes one. */
    private static final Map<String, String> EXECUTOR_FACTORIES = Map.of(
            "newFixedThreadPool(I)Ljava/util/concurrent/ExecutorService;",
            "(I" + FACTORY_DESC + ")Ljava/util/concurrent/ExecutorService;",
            "newCachedThreadPool()Ljava/util/concurrent/ExecutorService;",
            "(" + FACTORY_DESC + ")Ljava/util/concurrent/ExecutorService;",
            "newSingleThreadExecutor()Ljava/util/concurrent/ExecutorService;",
            "(" + FACTORY_DESC + ")Ljava/util/concurrent/ExecutorService;",
            "newScheduledThreadPool(I)Ljava/util/concurrent/ScheduledExecutorService;",
            "(I" + FACTORY_DESC + ")Ljava/util/concurrent/ScheduledExecutorService;",
            "newSingleThreadScheduledExecutor()Ljava/util/concurrent/ScheduledExecutorService;",
            "(" + FACTORY_DESC + ")Ljava/util/concurrent/ScheduledExecutorService;");

    /** Pool constructors without a ThreadFactory: owner+descriptor to the descriptor that takes one. */
    private static final Map<String, String> POOL_CONSTRUCTORS = Map.of(
            "java/util/concurrent/ThreadPoolExecutor(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;)V",
            "(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;" + FACTORY_DESC + ")V",
            "java/util/concurrent/ThreadPoolExecutor(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;"
                    + HANDLER_DESC + ")V",
            "(IIJLjava/util/concurrent/TimeUnit;Ljava/util/concurrent/BlockingQueue;" + FACTORY_DESC + HANDLER_DESC + ")V",
            "java/util/concurrent/ScheduledThreadPoolExecutor(I)V",
            "(I" + FACTORY_DESC + ")V",
            "java/util/concurrent/ScheduledThreadPoolExecutor(I" + HANDLER_DESC + ")V",
            "(I" + FACTORY_DESC + HANDLER_DESC + ")V");

    private static final String OF_PLATFORM = "java/lang/Thread$Builder$OfPlatform";
    private static final String BUILDER = "java/lang/Thread$Builder";

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public List<String> callSiteHints() {
        return List.of(THREAD, EXECUTORS, "java/util/concurrent/ThreadPoolExecutor",
                "java/util/concurrent/ScheduledThreadPoolExecutor");
    }

    @Override
    public MethodVisitor callSites(MethodVisitor next, CallSiteContext context) {
        return new ThreadCallSites(next, context);
    }

    /** The rewriting of one method. */
    private static final class ThreadCallSites extends MethodVisitor {
        private final CallSiteContext context;
        private int pendingNewThreads; // NEW java/lang/Thread seen, constructor not yet reached
        private int extraStack;        // a pushed factory needs one more operand-stack slot

        ThreadCallSites(MethodVisitor next, CallSiteContext context) {
            super(Opcodes.ASM9, next);
            this.context = context;
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW && type.equals(THREAD)) {
                pendingNewThreads++;
            }
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>")) {
                constructor(owner, descriptor);
            } else if (opcode == Opcodes.INVOKEVIRTUAL && THREAD_METHODS.contains(name + descriptor)
                    && context.isSubclass(owner, THREAD)) {
                rewritten(HOOK, name, "(" + THREAD_DESC + descriptor.substring(1));
            } else if (opcode == Opcodes.INVOKESPECIAL && owner.equals(THREAD) && name.equals("start")
                    && descriptor.equals("()V")) {
                rewritten(HOOK, "superStart", "(" + THREAD_DESC + ")V");
            } else if (opcode == Opcodes.INVOKESTATIC && STATIC_METHODS.contains(owner + "." + name + descriptor)) {
                rewritten(HOOK, name, descriptor);
            } else if (opcode == Opcodes.INVOKESTATIC && owner.equals(EXECUTORS)) {
                executors(name, descriptor);
            } else if (opcode == Opcodes.INVOKEINTERFACE && (owner.equals(OF_PLATFORM) || owner.equals(BUILDER))
                    && builderCall(name, descriptor)) {
                return;
            } else {
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }
        }

        private void constructor(String owner, String descriptor) {
            if (owner.equals(THREAD) && pendingNewThreads > 0) {
                // a `new Thread(...)` expression; with none pending it is a subclass's super(...) call
                pendingNewThreads--;
                super.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", descriptor, false);
                rewritten(HOOK, "adopt", "(" + THREAD_DESC + ")" + THREAD_DESC);
                return;
            }
            String withFactory = POOL_CONSTRUCTORS.get(owner + descriptor);
            if (withFactory == null) {
                super.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", descriptor, false);
                return;
            }
            pushFactory();
            if (descriptor.endsWith(HANDLER_DESC + ")V")) {
                super.visitInsn(Opcodes.SWAP); // the factory goes before the handler
            }
            context.rewritten();
            super.visitMethodInsn(Opcodes.INVOKESPECIAL, owner, "<init>", withFactory, false);
        }

        private void executors(String name, String descriptor) {
            if (name.equals("defaultThreadFactory") && descriptor.equals("()" + FACTORY_DESC)) {
                rewritten(HOOK, "threadFactory", descriptor);
                return;
            }
            String withFactory = EXECUTOR_FACTORIES.get(name + descriptor);
            if (withFactory == null) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, EXECUTORS, name, descriptor, false);
                return;
            }
            pushFactory();
            context.rewritten();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, EXECUTORS, name, withFactory, false);
        }

        /** {@code builder.start(r)}, {@code unstarted(r)} and {@code factory()}; false for other builder calls. */
        private boolean builderCall(String name, String descriptor) {
            String hookDescriptor = switch (name + descriptor) {
                case "start(Ljava/lang/Runnable;)Ljava/lang/Thread;", "unstarted(Ljava/lang/Runnable;)Ljava/lang/Thread;" ->
                        "(Ljava/lang/Thread$Builder;Ljava/lang/Runnable;)Ljava/lang/Thread;";
                case "factory()Ljava/util/concurrent/ThreadFactory;" -> "(Ljava/lang/Thread$Builder;)" + FACTORY_DESC;
                default -> null;
            };
            if (hookDescriptor == null) {
                return false;
            }
            rewritten(HOOK, "builder" + Character.toUpperCase(name.charAt(0)) + name.substring(1), hookDescriptor);
            return true;
        }

        private void pushFactory() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "threadFactory", "()" + FACTORY_DESC, false);
            extraStack = 1;
        }

        private void rewritten(String owner, String name, String descriptor) {
            context.rewritten();
            super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, name, descriptor, false);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }
    }
}
