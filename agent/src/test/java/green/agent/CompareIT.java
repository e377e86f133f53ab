package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code java -jar green.jar compare [options] -- <java command line>} on real programs (the fixtures), and
 * the commands that run on Java 17 ({@code compare}, {@code list}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CompareIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path JAVA17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
    private static final String CLASSES = System.getProperty("green.testClasses", "target/test-classes");

    private static AgentLaunchIT.Result greenJar(Path java, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("-jar", GreenJarIT.JAR.toString()));
        all.addAll(List.of(args));
        return AgentLaunchIT.run(java, all.toArray(String[]::new));
    }

    @Test
    void aProgramThatBehavesTheSameIsExitZeroWithBothRunsMeasured() throws Exception {
        AgentLaunchIT.Result r = greenJar(JAVA, "compare", "--", JAVA.toString(), "-cp", CLASSES, "fixtures.SleepyThreads");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals("green compare: same stdout, stderr and exit code (0) without and with the agent", r.stdout().get(0), r.toString());
        assertEquals(5, r.stdout().size(), r.toString());
        assertTrue(r.stdout().get(2).matches("exit code +0 +0"), r.toString());
        assertTrue(r.stdout().get(3).matches("wall time +\\d+ ms +\\d+ ms"), r.toString());
        // 20 platform threads without the agent; fibers on one hub with it
        String[] threads = r.stdout().get(4).trim().split(" +");
        assertEquals("threads", threads[2], r.toString());
        assertTrue(Integer.parseInt(threads[3]) > Integer.parseInt(threads[4]), r.toString());
        assertEquals(List.of(), r.stderr());
    }

    @Test
    void aProgramThatDiffersIsExitOneWithTheDiff() throws Exception {
        AgentLaunchIT.Result r = greenJar(JAVA, "compare", "--", JAVA.toString(), "-cp", CLASSES, "fixtures.VirtualOrNot");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(List.of(
                "green compare: stdout, exit code differ under the agent",
                "--- stdout without agent",
                "+++ stdout with agent",
                "@@ -1,3 +1,3 @@",
                " start",
                "-virtual=false",
                "+virtual=true",
                " end",
                "exit code: 0 without agent, 3 with agent"), r.stdout().subList(0, 9), r.toString());
    }

    @Test
    void agentArgumentsReachTheAgent() throws Exception {
        // with the thread patch off the program's thread stays a platform thread: no difference
        AgentLaunchIT.Result r = greenJar(JAVA, "compare", "--agent-args", "patch.thread=false", "--",
                JAVA.toString(), "-cp", CLASSES, "fixtures.VirtualOrNot");
        assertEquals(0, r.exitCode(), r.toString());
    }

    @Test
    void aCommandThatCannotStartIsStatus2() throws Exception {
        AgentLaunchIT.Result r = greenJar(JAVA, "compare", "--", "/nonexistent/bin/java", "-version");
        assertEquals(2, r.exitCode(), r.toString());
        assertTrue(r.stderr().get(0).startsWith("green: compare: cannot run /nonexistent/bin/java -version"), r.toString());
    }

    @Test
    void compareAndListRunOnJava17() throws Exception {
        assumeTrue(Files.isExecutable(JAVA17), "no Java 17 at " + JAVA17);
        AgentLaunchIT.Result same = greenJar(JAVA17, "compare", "--", JAVA.toString(), "-cp", CLASSES, "fixtures.SleepyThreads");
        assertEquals(0, same.exitCode(), same.toString());
        AgentLaunchIT.Result list = greenJar(JAVA17, "list");
        assertEquals(0, list.exitCode(), list.toString());
        assertEquals(List.of(), list.stderr(), list.toString());
        // the child JVM on 17 runs unpatched, which shows as a difference
        AgentLaunchIT.Result old = greenJar(JAVA17, "compare", "--", JAVA17.toString(), "-version");
        assertEquals(1, old.exitCode(), old.toString());
        assertTrue(old.stdout().stream().anyMatch(l -> l.startsWith("+green: Java 17") && l.endsWith("; running unpatched")), old.toString());
    }
}
