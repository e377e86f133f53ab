package green.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * The portable {@link IoPoller}: a {@link Selector} the hub blocks in until a timer is due or
 * another thread wakes it. It cannot wait on raw file descriptors, so where it is the backend
 * (epoll unreachable) socket waits stay on the JDK's own path and only timers and the run queue
 * are the hub's.
 *
 * <p>Confined to the loop's owner, except {@link #wakeup()}.
 */
final class SelectorPoller implements IoPoller {
    private final Selector selector;

    SelectorPoller() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean supportsFds() {
        return false;
    }

    @Override
    public void arm(int fd, int event, Runnable waiter) {
        throw new UnsupportedOperationException("the Selector backend cannot wait on raw file descriptors");
    }

    @Override
    public Runnable disarm(int fd, int event) {
        return null;
    }

    @Override
    public void disarmIf(int fd, int event, Runnable waiter) {
        // nothing is ever armed here
    }

    @Override
    public boolean knownDrained(int fd, int event) {
        return false;
    }

    @Override
    public void drained(int fd, int event) {
        // nothing is known of fds here
    }

    @Override
    public Runnable stopped(int fd, int event) {
        return null;
    }

    @Override
    public void closing(int fd) {
        // nothing is known of fds here
    }

    @Override
    public int poll(long timeoutMillis, SeededOrder order) throws IOException {
        if (timeoutMillis == 0) {
            selector.selectNow();
        } else if (timeoutMillis < 0) {
            selector.select();
        } else {
            selector.select(timeoutMillis);
        }
        return 0;
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public void forEachWaiter(Consumer<Runnable> action) {
        // nothing is ever armed here
    }

    @Override
    public int armed() {
        return 0;
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // closing at shutdown: nothing useful to do with a failure
        }
    }
}
