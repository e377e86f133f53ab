package demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives {@link ChatServer} through a fixed script with three members (alice, bob, carol), each with a
 * reader {@code Thread} that collects what the server sends into a transcript guarded by
 * {@code synchronized}/{@code wait}/{@code notifyAll}. Every step waits until each member still in the
 * room has seen its message, so the transcripts do not depend on timing.
 *
 * <p>Usage: {@code demo.ChatClient port=P}. Prints every member's transcript ({@code <name>| <line>}),
 * then {@code chat ok members=3 lines=N}. Exits 1 if a step times out.
 */
public final class ChatClient {
    private static final long STEP_TIMEOUT_MILLIS = 30_000;

    /** One member: a socket, a reader thread and the lines received so far (guarded by {@code this}). */
    static final class Member {
        final String name;
        final Socket socket;
        final PrintWriter out;
        final List<String> transcript = new ArrayList<>();
        final Thread reader;
        boolean closed;

        Member(String name, int port) throws IOException {
            this.name = name;
            this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
            this.out = new PrintWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            this.reader = new Thread(() -> read(in));
            reader.start();
        }

        private void read(BufferedReader in) {
            Report.thread("reader_thread");
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (this) {
                        transcript.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                synchronized (this) {
                    transcript.add("io error " + e.getClass().getSimpleName());
                }
            } finally {
                synchronized (this) {
                    closed = true;
                    notifyAll();
                }
            }
        }

        void send(String command) {
            out.println(command);
        }

        synchronized void awaitLine(String expected) throws InterruptedException {
            long deadlineNanos = System.nanoTime() + STEP_TIMEOUT_MILLIS * 1_000_000;
            while (!transcript.contains(expected)) {
                long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (closed || leftMillis <= 0) {
                    throw new IllegalStateException(name + " never saw '" + expected + "' (has " + transcript + ")");
                }
                wait(leftMillis);
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        int port = new Args(argv).intValue("port", -1);
        if (port <= 0) {
            System.err.println("usage: demo.ChatClient port=P");
            System.exit(2);
        }
        long startNanos = System.nanoTime();
        List<Member> all = new ArrayList<>();
        List<Member> present = new ArrayList<>();
        try {
            for (String name : List.of("alice", "bob", "carol")) {
                Member m = new Member(name, port);
                all.add(m);
                present.add(m);
                m.send("NICK " + name);
                awaitAll(present, "* " + name + " joined");
            }
            say(present, all.get(0), "hello everyone");
            say(present, all.get(1), "hi alice");
            say(present, all.get(2), "hey both");
            for (Member m : List.of(all.get(2), all.get(1), all.get(0))) {
                m.send("QUIT");
                awaitAll(present, "* " + m.name + " left");
                m.awaitLine("bye");
                m.reader.join(STEP_TIMEOUT_MILLIS);
                m.socket.close();
                present.remove(m);
            }
        } catch (IllegalStateException e) {
            System.out.println("FAILED " + e.getMessage());
            System.exit(1);
        }
        Report.elapsedSince(startNanos);
        int lines = 0;
        for (Member m : all) {
            synchronized (m) {
                for (String line : m.transcript) {
                    System.out.println(m.name + "| " + line);
                    lines++;
                }
            }
        }
        System.out.println("chat ok members=" + all.size() + " lines=" + lines);
    }

    private static void say(List<Member> present, Member from, String text) throws InterruptedException {
        from.send("SAY " + text);
        awaitAll(present, from.name + ": " + text);
    }

    private static void awaitAll(List<Member> members, String line) throws InterruptedException {
        for (Member m : members) {
            m.awaitLine(line);
        }
    }
}
