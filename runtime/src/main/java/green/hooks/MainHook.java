package green.hooks;

import green.config.GreenConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Entry point for the {@code thread} patch's hook at the entry of the program's {@code main}, under
 * {@code green.seed} or {@code green.clock=virtual}: the body runs again as a fiber named
 * {@code main}, a program thread like the others, and the launcher's main thread waits for it. So
 * main takes part in the hub's schedule and its sleeps follow the hub's clock; otherwise the OS
 * would decide how main interleaves with the fibers, and its timed waits would take real time.
 * An exception that escapes the fiber is thrown again on the launcher's thread with the trace
 * that thread would have shown, so stderr and the exit code are the platform run's.
 *
 * <p>Called on the launcher's main thread, once; a second entry (the fiber's own) runs the body.
 */
public final class MainHook {

    private static final AtomicBoolean RELAUNCHED = new AtomicBoolean();

    private MainHook() {
        throw new UnsupportedOperationException();
    }

    /**
     * At the entry of {@code mainClass.main(args)} ({@code args} null for a {@code main()}): runs
     * the body as a fiber and returns true once it ended, or false when the body must run here
     * (the mode is off, this is the fiber's own entry, or fibers cannot be made).
     */
    public static boolean runOnFiber(Class<?> mainClass, String[] args) throws Throwable {
        if (!GreenConfig.current().mainOnFiber() || Thread.currentThread().isVirtual()
                || !ProgramThreads.makeFibers() || !RELAUNCHED.compareAndSet(false, true)) {
            return false;
        }
        Method main;
        try {
            main = args == null ? mainClass.getDeclaredMethod("main") : mainClass.getDeclaredMethod("main", String[].class);
            main.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // a module that does not open the class: main stays on its thread
        }
        Throwable[] escaped = new Throwable[1];
        Object[] arguments = args == null ? new Object[0] : new Object[] {args};
        Thread fiber = ProgramThreads.fiber("main", false, Thread.NORM_PRIORITY, () -> {
            try {
                main.invoke(null, arguments);
            } catch (InvocationTargetException e) {
                escaped[0] = e.getCause();
            } catch (IllegalAccessException e) {
                escaped[0] = e;
            }
        }, false, () -> { });
        fiber.start();
        boolean interrupted = false;
        while (fiber.isAlive()) {
            try {
                fiber.join();
            } catch (InterruptedException e) {
                interrupted = true; // the launcher's thread has nothing to give it to: keep waiting
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (escaped[0] != null) {
            PlatformTraces.asOnMainThread(escaped[0], mainClass.getName());
            throw escaped[0];
        }
        return true;
    }
}
