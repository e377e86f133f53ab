package green.agent.patch;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import green.hooks.PollHook;
import green.hooks.SocketHook;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;

/**
 * The {@code poll} patch: every blocking socket wait in the JDK ({@code NioSocketImpl}, blocking
 * channels, and so HTTP clients and drivers) goes through {@code sun.nio.ch.Poller.poll}; advice
 * there offers the wait to the hub first ({@code green.hooks.PollHook}), and {@code stopPoll}
 * (close, shutdown) also wakes a fiber waiting on the hub. When the hook declines (not a fiber,
 * or pinned), the JDK's own body runs unchanged. Advice on {@code NioSocketImpl.park} keeps the
 * program's threads deaf to interrupts in socket waits, as platform threads are.
 *
 * <p>Stateless; Byte Buddy applies it on the installing thread (retransformation).
 */
public final class PollPatch implements Patch {

    static final String POLLER = "sun.nio.ch.Poller";
    static final String SOCKET_IMPL = "sun.nio.ch.NioSocketImpl";

    @Override
    public String name() {
        return "poll";
    }

    @Override
    public List<String> jdkTypes() {
        return List.of(POLLER, SOCKET_IMPL);
    }

    @Override
    public DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type) {
        if (type.getName().equals(SOCKET_IMPL)) {
            return builder.visit(Advice.to(SocketParkAdvice.class).on(named("park")
                    .and(takesArguments(FileDescriptor.class, int.class, long.class))));
        }
        return builder
                .visit(Advice.to(PollAdvice.class).on(isStatic().and(named("poll"))
                        .and(takesArguments(int.class, int.class, long.class, BooleanSupplier.class))))
                .visit(Advice.to(StopPollAdvice.class).on(isStatic().and(named("stopPoll"))
                        .and(takesArguments(int.class, int.class))));
    }

    /** Inlined into {@code static void Poller.poll(int fdVal, int event, long nanos, BooleanSupplier)}. */
    public static final class PollAdvice {

        private PollAdvice() {
        }

        /** True when the hub carried the wait: the JDK body is skipped. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static boolean enter(@Advice.Argument(0) int fdVal, @Advice.Argument(1) int event,
                                    @Advice.Argument(2) long nanos, @Advice.Argument(3) BooleanSupplier isOpen)
                throws IOException {
            return PollHook.poll(fdVal, event, nanos, isOpen);
        }
    }

    /**
     * Inlined into {@code private void NioSocketImpl.park(FileDescriptor, int event, long nanos)}:
     * keeps platform-thread interrupt semantics for the program's threads (see {@code SocketHook}).
     */
    public static final class SocketParkAdvice {

        private SocketParkAdvice() {
        }

        /** True when the hook did the wait: the JDK body (and its interrupt check) is skipped. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        public static boolean enter(@Advice.This Object socketImpl, @Advice.Argument(0) FileDescriptor fd,
                                    @Advice.Argument(1) int event, @Advice.Argument(2) long nanos) throws IOException {
            return SocketHook.park(socketImpl, fd, event, nanos);
        }
    }

    /** Inlined into {@code static void Poller.stopPoll(int fdVal, int event)}; the JDK body runs after it. */
    public static final class StopPollAdvice {

        private StopPollAdvice() {
        }

        @Advice.OnMethodEnter
        public static void enter(@Advice.Argument(0) int fdVal, @Advice.Argument(1) int event) {
            PollHook.stopPoll(fdVal, event);
        }
    }
}
