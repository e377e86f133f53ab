package green.agent.patch;

import green.config.GreenConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code thread} patch: the program's threads become fibers of the hub (the runtime side is
 * {@code green.hooks.ThreadHook}). Two parts:
 * <ul>
 *   <li><b>Hooks at the entry of {@code java.lang.Thread}'s own methods</b>, so they hold
 *       whoever calls them, from application code, JDK code (a pool starting the threads of the
 *       program's factory), reflection or a method reference: {@code start()} of an application
 *       {@code Thread} subclass runs its {@code run()} in a stand-in fiber, and
 *       {@code alive/threadState/interrupt/isInterrupted/getStackTrace} of the subclass object
 *       answer for that fiber ({@code isAlive}, {@code join}, {@code getState} and
 *       {@code isTerminated} are built on the first two); {@code setName} and
 *       {@code setContextClassLoader} reach both; {@code setDaemon/isDaemon/setPriority/getPriority}
 *       of a program fiber keep the values the program set (a virtual thread is always a daemon
 *       of normal priority). They go in with the program's first fiber, or its first application
 *       {@code Thread} subclass, whichever comes first: a program with neither never pays for
 *       retransforming {@code Thread}.
 *   <li><b>Call sites in application classes</b>: {@code new Thread(...)} (the constructor still
 *       runs and one call after it, {@code ThreadHook.adopt}, swaps the unstarted thread for a fiber
 *       with its name, flags and task; the {@code NEW/DUP} pair stays, so stack-map frames stay
 *       valid however the arguments branch); {@code Executors} factories and
 *       {@code ThreadPoolExecutor}/{@code ScheduledThreadPoolExecutor} constructors without a
 *       {@code ThreadFactory} get {@code ThreadHook.threadFactory()}, and
 *       {@code Executors.defaultThreadFactory()} becomes it; {@code Thread.ofPlatform()} builders'
 *       {@code start}, {@code unstarted} and {@code factory}; {@code Thread.onSpinWait()} yields a
 *       fiber (on one hub a spin-wait for another thread would otherwise never let it run);
 *       {@code Thread.currentThread()} is the subclass object inside a stand-in (static calls are
 *       matched whatever subclass names them: {@code Worker.currentThread()}); and
 *       {@code LockSupport.unpark} of a subclass object unparks its stand-in. The constructors of a
 *       class that extends {@code Thread} first call {@code ThreadHook.subclassConstructed}, which
 *       puts the entry hooks in before the first such object can start.
 * </ul>
 * Threads that JDK code makes for itself ({@code Thread} instances and JDK subclasses such as
 * {@code ForkJoinWorkerThread}) stay platform threads.
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

    /** Static methods of {@code Thread}, name+descriptor, that go to a hook of the same name and descriptor. */
    private static final List<String> THREAD_STATICS = List.of("onSpinWait()V", "currentThread()Ljava/lang/Thread;");
    private static final String UNPARK = "java/util/concurrent/locks/LockSupport.unpark(Ljava/lang/Thread;)V";

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

    /** The internal name of the program's main class when its main must run as a fiber, else null. */
    private final String mainOnFiber;

    /** A thread patch that leaves {@code main} on the launcher's thread. */
    public ThreadPatch() {
        this(null);
    }

    /** A thread patch that also runs {@code mainClass.main} (an internal name; null: none) as a fiber ({@link MainEntry}). */
    public ThreadPatch(String mainClass) {
        this.mainOnFiber = mainClass;
    }

    /** The thread patch {@code config} asks for: under a seed or virtual time, main takes part in the schedule. */
    static ThreadPatch forConfig(GreenConfig config) {
        return new ThreadPatch(config.mainOnFiber() ? MainClass.internalName() : null);
    }

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public boolean hooksWaitForFibers() {
        return true;
    }

    @Override
    public List<EntryHook> entryHooks() {
        return List.of(
                // an application subclass's start() starts its stand-in fiber instead, and so does
                // start(container), by which a JDK pool starts the threads of the program's factory
                EntryHook.replacing(THREAD, "start", "()V", HOOK),
                EntryHook.replacingOn(THREAD, "start", "(Ljdk/internal/vm/ThreadContainer;)V", HOOK, "start"),
                // the subclass object answers for its stand-in: isAlive, join, getState, isTerminated
                EntryHook.redirecting(THREAD, "alive", "()Z", HOOK, "runnerOf"),
                EntryHook.redirecting(THREAD, "threadState", "()Ljava/lang/Thread$State;", HOOK, "runnerOf"),
                EntryHook.redirecting(THREAD, "interrupt", "()V", HOOK, "runnerOf"),
                EntryHook.redirecting(THREAD, "isInterrupted", "()Z", HOOK, "runnerOf"),
                EntryHook.answering(THREAD, "getStackTrace", "()[Ljava/lang/StackTraceElement;", HOOK),
                EntryHook.before(THREAD, "setName", "(Ljava/lang/String;)V", HOOK),
                EntryHook.before(THREAD, "setContextClassLoader", "(Ljava/lang/ClassLoader;)V", HOOK),
                // a program fiber keeps the daemon flag and priority the program gave it
                EntryHook.replacing(THREAD, "setDaemon", "(Z)V", HOOK),
                EntryHook.answering(THREAD, "isDaemon", "()Z", HOOK),
                EntryHook.before(THREAD, "setPriority", "(I)V", HOOK),
                EntryHook.answering(THREAD, "getPriority", "()I", HOOK),
                // every start of a virtual thread: a non-daemon program fiber keeps the JVM alive from now
                EntryHook.beforeOn("java/lang/VirtualThread", "start", "(Ljdk/internal/vm/ThreadContainer;)V", HOOK,
                        "fiberStarting"));
    }

    @Override
    public List<String> callSiteHints() {
        // method names too: Worker.currentThread() compiles with owner Worker
        List<String> hints = List.of(THREAD, EXECUTORS, "java/util/concurrent/ThreadPoolExecutor",
                "java/util/concurrent/ScheduledThreadPoolExecutor", "currentThread", "onSpinWait", "LockSupport");
        if (mainOnFiber == null) {
            return hints;
        }
        List<String> withMain = new ArrayList<>(hints);
        withMain.add(mainOnFiber); // every class file names itself
        return withMain;
    }

    @Override
    public boolean expandsFrames(String className) {
        return className.equals(mainOnFiber);
    }

    @Override
    public MethodVisitor callSites(MethodVisitor next, CallSiteContext context) {
        MethodVisitor rewriter = new ThreadCallSites(next, context);
        if (context.className().equals(mainOnFiber) && MainEntry.isStaticMain(context)) {
            return new MainEntry(rewriter, context);
        }
        return rewriter;
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
        public void visitCode() {
            super.visitCode();
            if (context.methodName().equals("<init>") && THREAD.equals(context.superName())) {
                // before super(...): a static call that does not touch the uninitialized this
                rewritten(HOOK, "subclassConstructed", "()V");
            }
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
            } else if (opcode == Opcodes.INVOKESTATIC && THREAD_STATICS.contains(name + descriptor)
                    && context.isSubclass(owner, THREAD)) {
                rewritten(HOOK, name, descriptor);
            } else if (opcode == Opcodes.INVOKESTATIC && UNPARK.equals(owner + "." + name + descriptor)) {
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
