package bench;

/** The start-up benchmark's program: prints one line and exits. */
public final class Hello {
    public static void main(String[] args) {
        System.out.println("Hello, World!");
    }
}
