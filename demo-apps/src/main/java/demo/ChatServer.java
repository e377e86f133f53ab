package demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat room over sockets, written the old way: a {@code synchronized} room whose message log writers
 * wait on with {@code wait()} and posters wake with {@code notifyAll()}; two threads per member (the
 * handler reads commands with a {@link BufferedReader}, a writer thread delivers the log with a
 * {@link PrintWriter}).
 *
 * <p>Protocol (one command per line): {@code NICK <name>} (joins; everyone sees {@code * <name> joined}),
 * {@code SAY <text>} (everyone sees {@code <name>: <text>}), {@code QUIT} (everyone sees
 * {@code * <name> left}; the member then gets {@code bye} and the server closes the connection).
 *
 * <p>Usage: {@code demo.ChatServer [port=0] [clients=0]}. First stdout line: {@code listening <port>}.
 * With {@code clients=N > 0} it serves N connections, waits for them and prints
 * {@code chat served clients=N messages=M}. Drive it with {@link ChatClient}.
 */
public final class ChatServer {

    /** The shared message log. Guarded by its own monitor. */
    static final class Room {
        private final List<String> log = new ArrayList<>();

        synchronized int post(String message) {
            log.add(message);
            notifyAll();
            return log.size();
        }

        /** Waits until the log holds more than {@code cursor} messages or {@code end} is reached; returns the batch. */
        synchronized List<String> next(int cursor, Member member) throws InterruptedException {
            while (log.size() <= cursor && cursor < member.endCursor) {
                wait();
            }
            int to = Math.min(log.size(), member.endCursor);
            return new ArrayList<>(log.subList(Math.min(cursor, to), to));
        }

        synchronized void end(Member member, int endCursor) {
            member.endCursor = endCursor;
            notifyAll();
        }

        synchronized int size() {
            return log.size();
        }
    }

    /** One connection's delivery state. {@code endCursor} is guarded by the room. */
    static final class Member {
        int endCursor = Integer.MAX_VALUE;
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int port = args.intValue("port", 0);
        int maxClients = args.intValue("clients", 0);
        Room room = new Room();
        List<Thread> handlers = new ArrayList<>();
        long startNanos = System.nanoTime();
        try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
            System.out.println("listening " + server.getLocalPort());
            System.out.flush();
            for (int accepted = 0; maxClients == 0 || accepted < maxClients; accepted++) {
                Socket socket = server.accept();
                Thread handler = new Thread(() -> serve(socket, room));
                handler.start();
                handlers.add(handler);
            }
        }
        for (Thread handler : handlers) {
            handler.join();
        }
        Report.elapsedSince(startNanos);
        System.out.println("chat served clients=" + maxClients + " messages=" + room.size());
    }

    private static void serve(Socket socket, Room room) {
        Report.thread("handler_thread");
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
            String name = null;
            Member member = new Member();
            Thread writer = null;
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("NICK ") && name == null) {
                    name = line.substring(5);
                    int cursor = room.post("* " + name + " joined") - 1;
                    writer = new Thread(() -> deliver(room, member, cursor, out));
                    writer.start();
                } else if (line.startsWith("SAY ") && name != null) {
                    room.post(name + ": " + line.substring(4));
                } else if (line.equals("QUIT") && name != null) {
                    room.end(member, room.post("* " + name + " left"));
                    break;
                } else {
                    synchronized (out) {
                        out.println("error " + line);
                    }
                }
            }
            if (writer != null) {
                if (line == null) {
                    room.end(member, room.post("* " + name + " left"));
                }
                writer.join();
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("chat handler failed: " + e);
        }
    }

    private static void deliver(Room room, Member member, int cursor, PrintWriter out) {
        Report.thread("writer_thread");
        try {
            while (true) {
                List<String> batch = room.next(cursor, member);
                if (batch.isEmpty()) {
                    break;
                }
                synchronized (out) {
                    batch.forEach(out::println);
                }
                cursor += batch.size();
            }
            synchronized (out) {
                out.println("bye");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
