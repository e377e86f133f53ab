package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.config.GreenConfig;
import green.config.Setting;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code java -jar green.jar [--help | other]}, run in-process through {@link GreenMain#run}. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class GreenMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GreenMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsEverySettingWithItsDefault() {
        assertEquals(0, run("--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        for (Setting<?> s : GreenConfig.settings()) {
            assertTrue(text.lines().anyMatch(l -> l.contains(s.key()) && l.contains("default " + s.defaultValue())),
                    s.key() + " missing from:\n" + text);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsIsHelp() {
        assertEquals(0, run());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("green.runBatch"));
    }

    @Test
    void unknownCommandIsOneLineAndStatus2() {
        assertEquals(2, run("frobnicate", "123"));
        assertEquals(List.of("green: unknown command 'frobnicate'; valid commands: --help, attach, list, status, dump, compare"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void attachWithoutAPidIsTheUsageAndStatus2() {
        assertEquals(2, run("attach"));
        assertEquals(List.of("green: usage: java -jar green.jar attach <pid> [key=value,...]"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
