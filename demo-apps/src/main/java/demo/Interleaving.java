package demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Three workers take turns in ways a scheduler decides: one yields, one sleeps a millisecond,
 * one makes a round trip to an echo server in the same program; each logs its steps to a shared
 * list, and a queue hands a token between two of them. The log is the interleaving.
 *
 * <p>Usage: {@code demo.Interleaving}. Prints the log, one step per line, then {@code done}.
 */
public final class Interleaving {
    private static final int STEPS = 4;
    private static final List<String> LOG = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread echo = new Thread(() -> echo(server), "echo");
            echo.setDaemon(true);
            echo.start();
            BlockingQueue<String> token = new ArrayBlockingQueue<>(1);
            List<Thread> workers = List.of(
                    new Thread(() -> steps("yielder", Thread::yield, token, true), "yielder"),
                    new Thread(() -> steps("sleeper", () -> sleep(1), token, false), "sleeper"),
                    new Thread(() -> {
                        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                            steps("caller", () -> roundTrip(socket), null, false);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, "caller"));
            workers.forEach(Thread::start);
            for (Thread worker : workers) {
                worker.join();
            }
        }
        synchronized (LOG) {
            LOG.forEach(System.out::println);
        }
        System.out.println("done");
    }

    private static void steps(String who, Runnable between, BlockingQueue<String> token, boolean gives) {
        for (int i = 0; i < STEPS; i++) {
            log(who + " step " + i);
            between.run();
        }
        if (token != null) {
            try {
                if (gives) {
                    token.put(who);
                } else {
                    log(who + " took the token from " + token.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void log(String line) {
        synchronized (LOG) {
            LOG.add(line);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void roundTrip(Socket socket) {
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write('x');
            if (in.read() != 'x') {
                throw new IOException("the echo server answered something else");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void echo(ServerSocket server) {
        while (true) {
            try {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> {
                    try (socket) {
                        socket.getInputStream().transferTo(socket.getOutputStream());
                    } catch (IOException e) {
                        // the caller went away
                    }
                }, "echo-handler");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // the server closed
            }
        }
    }
}
