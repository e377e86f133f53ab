package green.agent.patch;

import green.config.GreenConfig;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The {@code clock} patch, under {@code green.clock=virtual} (or {@code switchable}, or a seed):
 * the program reads the hub's clock
 * ({@code green.hooks.ClockHook}), and so do the JDK's timed waits.
 * <ul>
 *   <li>in application classes, {@code System.nanoTime()}, {@code System.currentTimeMillis()},
 *       {@code Instant.now()}, {@code Clock.systemUTC()}, {@code Clock.systemDefaultZone()}
 *       become hook calls, and the no-argument {@code now()} of the {@code java.time} types
 *       becomes {@code now(clock)} with the hub's clock in the default zone;
 *   <li>inside the JDK classes that time their waits with {@code System.nanoTime()} (the
 *       synchronizers, futures, queues and executors of {@code java.util.concurrent},
 *       {@code Thread}, {@code VirtualThread}, the socket and channel implementations of
 *       {@code sun.nio.ch} for their timeouts), and those that seed from the clock
 *       ({@code Random}, {@code ThreadLocalRandom}), the call goes to the hook too: a
 *       {@code poll(20, SECONDS)} measures its 20 s in the time its timer is set in.
 * </ul>
 * Not covered: method references and reflection; the JDK's own threads that wait in the kernel.
 *
 * <p>Stateless; runs on any class-loading thread.
 */
public final class ClockPatch implements Patch {

    static final String HOOK = "green/hooks/ClockHook";
    private static final String SYSTEM = "java/lang/System";
    private static final List<String> NOW_TYPES = List.of("java/time/LocalDateTime", "java/time/LocalDate",
            "java/time/LocalTime", "java/time/ZonedDateTime", "java/time/OffsetDateTime", "java/time/OffsetTime",
            "java/time/Year", "java/time/YearMonth", "java/time/MonthDay");
    /** JDK classes with System.nanoTime() call sites that time a wait or seed (found by scanning java.base of JDK 25). */
    private static final List<String> TIMED_JDK_CLASSES = List.of("java/lang/Thread", "java/lang/VirtualThread",
            "java/util/concurrent/AbstractExecutorService", "java/util/concurrent/CompletableFuture",
            "java/util/concurrent/CompletableFuture$Signaller", "java/util/concurrent/Exchanger",
            "java/util/concurrent/ForkJoinTask", "java/util/concurrent/FutureTask",
            "java/util/concurrent/LinkedTransferQueue$DualNode", "java/util/concurrent/Phaser$QNode",
            "java/util/concurrent/ScheduledThreadPoolExecutor",
            "java/util/concurrent/ScheduledThreadPoolExecutor$ScheduledFutureTask",
            "java/util/concurrent/ThreadPerTaskExecutor",
            "java/util/concurrent/locks/AbstractQueuedSynchronizer",
            "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject",
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer",
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionObject",
            "java/util/concurrent/locks/StampedLock", "java/util/Random", "java/util/concurrent/ThreadLocalRandom",
            // socket and channel timeouts: the JDK measures what is left of one with nanoTime
            "sun/nio/ch/NioSocketImpl", "sun/nio/ch/SocketChannelImpl", "sun/nio/ch/ServerSocketChannelImpl",
            "sun/nio/ch/DatagramChannelImpl", "sun/nio/ch/EPollSelectorImpl");
    /** Those that also read the wall clock: awaitUntil(Date), and a seed. */
    private static final List<String> WALL_CLOCK_JDK_CLASSES = List.of(
            "java/util/concurrent/locks/AbstractQueuedSynchronizer$ConditionObject",
            "java/util/concurrent/locks/AbstractQueuedLongSynchronizer$ConditionObject",
            "java/util/concurrent/ThreadLocalRandom");

    @Override
    public String name() {
        return "clock";
    }

    @Override
    public String notNeeded(GreenConfig config) {
        return config.clockPatch() ? null : "green.clock=real";
    }

    @Override
    public List<CallRedirect> callRedirects() {
        List<CallRedirect> redirects = new ArrayList<>();
        for (String inClass : TIMED_JDK_CLASSES) {
            redirects.add(CallRedirect.ofStatic(inClass, SYSTEM, "nanoTime", "()J", HOOK));
        }
        for (String inClass : WALL_CLOCK_JDK_CLASSES) {
            redirects.add(CallRedirect.ofStatic(inClass, SYSTEM, "currentTimeMillis", "()J", HOOK));
        }
        return redirects;
    }

    @Override
    public List<String> callSiteHints() {
        return List.of("nanoTime", "currentTimeMillis", "java/time/");
    }

    @Override
    public MethodVisitor callSites(MethodVisitor next, CallSiteContext context) {
        return new MethodVisitor(Opcodes.ASM9, next) {
            private int extraStack;

            @Override
            public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
                if (opcode == Opcodes.INVOKESTATIC && !isInterface) {
                    String hook = hookFor(owner, name, descriptor);
                    if (hook != null) {
                        context.rewritten();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, hook, descriptor, false);
                        return;
                    }
                    if (name.equals("now") && NOW_TYPES.contains(owner) && descriptor.equals("()L" + owner + ";")) {
                        context.rewritten();
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOK, "systemDefaultZone", "()Ljava/time/Clock;", false);
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, owner, "now", "(Ljava/time/Clock;)L" + owner + ";", false);
                        extraStack = 1;
                        return;
                    }
                }
                super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
            }

            @Override
            public void visitMaxs(int maxStack, int maxLocals) {
                super.visitMaxs(maxStack + extraStack, maxLocals);
            }
        };
    }

    /** The hook that answers a static call, or null when it stays. */
    private static String hookFor(String owner, String name, String descriptor) {
        return switch (owner + "." + name + descriptor) {
            case "java/lang/System.nanoTime()J" -> "nanoTime";
            case "java/lang/System.currentTimeMillis()J" -> "currentTimeMillis";
            case "java/time/Instant.now()Ljava/time/Instant;" -> "instantNow";
            case "java/time/Clock.systemUTC()Ljava/time/Clock;" -> "systemUTC";
            case "java/time/Clock.systemDefaultZone()Ljava/time/Clock;" -> "systemDefaultZone";
            default -> null;
        };
    }
}
