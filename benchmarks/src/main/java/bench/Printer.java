package bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A program that logs: {@code threads} threads (plain {@code new Thread}, or virtual) each {@code println} numbered
 * lines to {@code System.out}, round after round, for {@code warmSeconds} then {@code seconds}.
 * Prints the mean cost of one line over the measured rounds to stderr (stdout is the load, sent to
 * {@code /dev/null} by {@code bin/print.sh}): {@code ns_per_line=...}.
 *
 * <p>Usage: {@code bench.Printer <thread|virtual> <threads> <linesPerRound> <warmSeconds> <seconds>}.
 */
public final class Printer {

    public static void main(String[] args) throws Exception {
        boolean virtual = switch (args[0]) {
            case "thread" -> false;
            case "virtual" -> true;
            default -> throw new IllegalArgumentException("mode: thread|virtual, not " + args[0]);
        };
        int threads = Integer.parseInt(args[1]);
        int lines = Integer.parseInt(args[2]);
        long warmUntil = System.nanoTime() + Long.parseLong(args[3]) * 1_000_000_000L;
        long measureNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            round(virtual, threads, lines);
        }
        long start = System.nanoTime();
        long printed = 0;
        while (System.nanoTime() - start < measureNanos) {
            round(virtual, threads, lines);
            printed += (long) threads * lines;
        }
        System.err.printf("ns_per_line=%.0f lines=%d%n", (System.nanoTime() - start) / (double) printed, printed);
    }

    private static void round(boolean virtual, int threads, int lines) throws InterruptedException {
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Runnable task = () -> {
                for (int i = 0; i < lines; i++) {
                    System.out.println("thread " + id + " line " + i);
                }
            };
            Thread thread = virtual ? Thread.ofVirtual().unstarted(task) : new Thread(task);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
    }
}
