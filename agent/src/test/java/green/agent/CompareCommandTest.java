package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code compare}'s usage errors (exit 2), its unified diff and its report, in process; CompareIT runs real programs. */
class CompareCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return GreenMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsAreOneLineAndStatus2() {
        assertEquals(2, run("compare"));
        assertTrue(err().startsWith("green: compare: no '--' before the program's command line; usage: java -jar green.jar compare"), err());
        err.reset();
        assertEquals(2, run("compare", "--"));
        assertTrue(err().startsWith("green: compare: no command line after '--'"), err());
        err.reset();
        assertEquals(2, run("compare", "--frobnicate", "--", "java", "-version"));
        assertTrue(err().startsWith("green: compare: unknown option '--frobnicate'"), err());
        err.reset();
        assertEquals(2, run("compare", "--timeout", "soon", "--", "java", "-version"));
        assertTrue(err().startsWith("green: compare: --timeout 'soon' is not a whole number of seconds > 0"), err());
        err.reset();
        assertEquals(2, run("compare", "--ignore", "(", "--", "java", "-version"));
        assertTrue(err().startsWith("green: compare: --ignore '(' is not a regular expression"), err());
        err.reset();
        assertEquals(2, run("compare", "--", "sh", "-c", "true"));
        assertTrue(err().startsWith("green: compare: the command after '--' must start with a java launcher"), err());
        err.reset();
        assertEquals(2, run("compare", "--agent", "/nonexistent/green.jar", "--", "java", "-version"));
        assertTrue(err().startsWith("green: compare: /nonexistent/green.jar is not green.jar"), err());
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void equalOutputsHaveNoDiff() {
        assertEquals("", CompareCommand.unifiedDiff(List.of("a", "b"), List.of("a", "b"), "x", "y"));
    }

    @Test
    void aChangedLineIsAHunkWithThreeLinesOfContext() {
        List<String> a = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9");
        List<String> b = List.of("1", "2", "3", "4", "five", "6", "7", "8", "9");
        assertEquals("""
                --- x
                +++ y
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                """, CompareCommand.unifiedDiff(a, b, "x", "y"));
    }

    @Test
    void farApartChangesAreTwoHunks() {
        List<String> a = List.of("a", "1", "2", "3", "4", "5", "6", "7", "8", "9", "z");
        List<String> b = List.of("new", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertEquals("""
                --- x
                +++ y
                @@ -1,3 +1,4 @@
                +new
                 a
                 1
                 2
                @@ -8,4 +9,3 @@
                 7
                 8
                 9
                -z
                """, CompareCommand.unifiedDiff(a, b, "x", "y"));
    }

    @Test
    void theReportSaysWhatDiffersAndShowsBothRuns() {
        CompareCommand.Run plain = new CompareCommand.Run(0, false, List.of("start", "virtual=false", "end"), List.of(), 812, 21);
        CompareCommand.Run green = new CompareCommand.Run(3, false, List.of("start", "virtual=true", "end"), List.of(), 1034, 14);
        int status = CompareCommand.report(plain, green, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(1, status);
        assertEquals("""
                green compare: stdout, exit code differ under the agent
                --- stdout without agent
                +++ stdout with agent
                @@ -1,3 +1,3 @@
                 start
                -virtual=false
                +virtual=true
                 end
                exit code: 0 without agent, 3 with agent
                                   without agent      with agent
                exit code                      0               3
                wall time                 812 ms         1034 ms
                peak OS threads               21              14
                """, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void ignoredLinesAreLeftOutOfTheComparison() {
        CompareCommand.Run plain = new CompareCommand.Run(0, false, List.of("took 812 ms", "done"), List.of(), 812, 21);
        CompareCommand.Run green = new CompareCommand.Run(0, false, List.of("took 1034 ms", "done"), List.of(), 1034, -1);
        int status = CompareCommand.report(plain, green, List.of(Pattern.compile("^took ")),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, status);
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("green compare: same stdout, stderr and exit code (0) without and with the agent"
                + " (lines matching --ignore left out)\n"), text);
        assertTrue(text.contains("peak OS threads               21             n/a"), text);
    }
}
