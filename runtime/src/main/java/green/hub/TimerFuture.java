package green.hub;

import java.util.concurrent.FutureTask;

/**
 * A task on a hub {@link Timer} behind the {@link java.util.concurrent.Future} the JDK expects of
 * a delayed task: the time-out of a virtual thread's timed park or wait, which the JDK would put
 * on one of its {@code VirtualThread-unparker} threads. {@link FutureTask} keeps the future's
 * states; a cancel also takes the timer out of the heap, so that a million cancelled time-outs
 * cost the heap nothing.
 *
 * <p>Runs on the loop when due; {@link #cancel} from any thread.
 */
final class TimerFuture extends FutureTask<Void> {
    private final Hub hub;
    private Timer timer; // set once, by the thread that scheduled it, before anyone else sees this

    TimerFuture(Hub hub, Runnable task) {
        super(task, null);
        this.hub = hub;
    }

    TimerFuture on(Timer timer) {
        this.timer = timer;
        return this;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            hub.cancel(timer);
        }
        return cancelled;
    }
}
