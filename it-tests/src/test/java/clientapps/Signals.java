package clientapps;

import java.nio.file.Files;
import java.nio.file.Path;

/** The restart programs' hand-shake with the test: print a line on stdout, then wait for a file the test creates. */
final class Signals {
    private Signals() {
    }

    /** Prints {@code waiting for <name>} and sleeps in 20 ms steps until {@code dir/<name>} exists (at most 60 s). */
    static void await(Path dir, String name) throws InterruptedException {
        System.out.println("waiting for " + name);
        System.out.flush();
        Path file = dir.resolve(name);
        for (int i = 0; i < 3000; i++) {
            if (Files.exists(file)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the test never created " + file);
    }
}
