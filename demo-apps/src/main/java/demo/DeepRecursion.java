package demo;

/**
 * Deep recursion on threads given a large stack, the way parsers and solvers get one: through the
 * {@code Thread} constructor that takes a stack size and through {@code Thread.ofPlatform().stackSize}.
 * A default-sized stack (and so any virtual thread, whose frames run on a default-sized carrier)
 * overflows long before.
 *
 * <p>Usage: {@code demo.DeepRecursion [depth=1000000]}. Prints the depth each thread reached.
 */
public final class DeepRecursion {
    private static final long STACK = 1L << 29;

    static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }

    public static void main(String[] argv) throws Exception {
        int depth = new Args(argv).intValue("depth", 1_000_000);
        int[] reached = new int[2];
        Thread constructed = new Thread(null, () -> reached[0] = depth(depth), "deep", STACK);
        constructed.start();
        constructed.join();
        System.out.println("constructor with stack size: " + reached[0]);
        Thread built = Thread.ofPlatform().name("deep-built").stackSize(STACK).start(() -> reached[1] = depth(depth));
        built.join();
        System.out.println("builder with stack size: " + reached[1]);
    }
}
