package green;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;

/**
 * A TCP server that serves each connection in its own fiber, gevent's {@code StreamServer}: an
 * accept loop in a fiber, a handler fiber per connection (in a {@link Pool} when a bound is
 * given, so a full pool stops accepting), and a graceful {@link #stop}.
 *
 * <p>Thread-safe; {@link #start} once.
 */
public final class StreamServer implements AutoCloseable {

    /** Serves one connection. The socket is closed when it returns or throws. */
    @FunctionalInterface
    public interface Handler {
        void handle(Socket socket) throws Exception;
    }

    private final InetSocketAddress address;
    private final Handler handler;
    private final Group handlers;
    private ServerSocket listener;
    private Fiber<Void> acceptor;

    /** A server with no bound on concurrent connections. */
    public StreamServer(InetSocketAddress address, Handler handler) {
        this(address, handler, new Group());
    }

    /** A server that serves at most {@code maxConnections} at once. */
    public StreamServer(InetSocketAddress address, Handler handler, int maxConnections) {
        this(address, handler, new Pool(maxConnections));
    }

    private StreamServer(InetSocketAddress address, Handler handler, Group handlers) {
        this.address = address;
        this.handler = handler;
        this.handlers = handlers;
    }

    /** Binds (errors surface here) and starts accepting in a fiber. */
    public synchronized StreamServer start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(address);
        acceptor = Green.spawn(this::acceptLoop);
        return this;
    }

    /** Starts if needed and waits until the server is stopped. */
    public void serveForever() throws IOException, InterruptedException {
        Fiber<Void> loop;
        synchronized (this) {
            if (listener == null) {
                start();
            }
            loop = acceptor;
        }
        loop.join();
    }

    private Void acceptLoop() throws InterruptedException {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (SocketException e) {
                if (listener.isClosed()) {
                    break; // stop() closed it
                }
                continue; // a failed accept (the client reset) must not end the server
            } catch (IOException e) {
                continue;
            }
            try {
                handlers.spawn(() -> serve(socket));
            } catch (InterruptedException | RuntimeException e) {
                closeQuietly(socket); // stopped while waiting for a free slot
                throw e;
            }
        }
        return null;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do with a failure to close
        }
    }

    private Void serve(Socket socket) throws Exception {
        try (socket) {
            handler.handle(socket);
        }
        return null;
    }

    /** The bound address, with the real port when bound to port 0. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Connections being served now. */
    public int connections() {
        return handlers.size();
    }

    /**
     * Stops accepting, lets the connections being served finish for up to {@code grace}, then
     * kills the rest, and waits for them.
     */
    public void stop(Duration grace) throws InterruptedException {
        closeQuietly(listener);
        acceptor.kill(); // it may wait for a free slot of a full pool rather than in accept()
        acceptor.join();
        if (!handlers.join(grace)) {
            handlers.kill();
        }
    }

    /** {@link #stop} with no grace period; an interrupt while waiting is kept as the interrupt status. */
    @Override
    public void close() {
        try {
            stop(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
