package bench;

/**
 * The start-up benchmark's second program: prints one line from a thread it starts and joins.
 * Under the agent that thread is the first fiber, so the hub's start and the self-check are in
 * its time; {@link Hello} makes none and pays neither.
 */
public final class HelloThread {
    public static void main(String[] args) throws InterruptedException {
        Thread thread = new Thread(() -> System.out.println("Hello, World!"));
        thread.start();
        thread.join();
    }
}
