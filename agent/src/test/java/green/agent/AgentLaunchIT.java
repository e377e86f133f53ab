package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starts child JVMs with {@code -javaagent:green.jar}: the failure policy (bad input stops the JVM
 * with one line; an old JDK runs unpatched with one warning) and the poll and sleep patches in a
 * real program. One child per configuration, never the agent in this JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentLaunchIT {

    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    private static final Path JAVA17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");

    /** The whole of stderr counts: the agent must add no line, not even the JVM's CDS warning (see BootstrapInjector). */
    record Result(int exitCode, List<String> stdout, List<String> stderr) {
    }

    static Result run(Path java, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("green-it", ".out");
        Path err = Files.createTempFile("green-it", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM timed out: " + cmd + "\n" + Files.readString(err));
        }
        Result r = new Result(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readAllLines(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    private static String agent(String args) {
        return "-javaagent:" + GreenJarIT.JAR + (args.isEmpty() ? "" : "=" + args);
    }

    @Test
    void unknownAgentArgumentStopsTheJvmWithOneLine() throws Exception {
        Result r = run(JAVA, agent("runbatch=4"), "-version");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.stderr().size(), r.toString());
        String line = r.stderr().get(0);
        assertTrue(line.startsWith("green: unknown setting 'runbatch'; valid keys: "), line);
        assertTrue(line.contains("runBatch"), line);
        assertTrue(r.stdout().isEmpty(), "the program must not have started: " + r);
    }

    @Test
    void badValueStopsTheJvmWithOneLine() throws Exception {
        Result r = run(JAVA, agent("maxBlocking=soon"), "-version");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(List.of("green: bad value 'soon' for green.maxBlocking (agent argument maxBlocking): "
                + "expected a whole number of milliseconds >= 0"), r.stderr());
    }

    @Test
    void anUnknownGreenSystemPropertyStopsTheJvmLikeAnUnknownAgentArgument() throws Exception {
        Result r = run(JAVA, "-Dgreen.runbatch=4", agent(""), "-version");
        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(1, r.stderr().size(), r.toString());
        assertTrue(r.stderr().get(0).startsWith("green: unknown system property '-Dgreen.runbatch'; valid keys: "), r.toString());
    }

    @Test
    void aPatchSwitchedOffTakesTheOnesThatRideOnItWithoutAWarning() throws Exception {
        Result r = run(JAVA, agent("patch.poll=false"), "-cp", System.getProperty("green.testClasses", "target/test-classes"),
                "fixtures.WhatIsPatched");
        assertEquals(List.of("patched [blocking, dns, sleep, thread]"), r.stdout(), r.toString());
        assertEquals(List.of(), r.stderr(), "url rides on poll: off with it, nothing to warn about");
    }

    @Test
    void onAnOldJdkBadInputIsReportedAsOnANewOne() throws Exception {
        assumeTrue(Files.isExecutable(JAVA17), "no Java 17 at " + JAVA17);
        Result argument = run(JAVA17, agent("runbatch=4"), "-version");
        assertEquals(1, argument.exitCode(), argument.toString());
        assertEquals(1, argument.stderr().size(), argument.toString());
        assertTrue(argument.stderr().get(0).startsWith("green: unknown setting 'runbatch'; valid keys: "), argument.toString());
        Result value = run(JAVA17, agent("maxBlocking=soon"), "-version");
        assertEquals(List.of("green: bad value 'soon' for green.maxBlocking (agent argument maxBlocking): "
                + "expected a whole number of milliseconds >= 0"), value.stderr());
        Result help = run(JAVA17, "-jar", GreenJarIT.JAR.toString(), "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertTrue(help.stdout().stream().anyMatch(l -> l.contains("green.runBatch")), help.toString());
    }

    @Test
    void oldJdkRunsUnpatchedWithOneWarning() throws Exception {
        assumeTrue(Files.isExecutable(JAVA17), "no Java 17 at " + JAVA17);
        Result r = run(JAVA17, agent(""), "-version");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().get(0).startsWith("green: Java 17"), r.toString());
        assertTrue(r.stderr().get(0).endsWith("; running unpatched"), r.toString());
        assertTrue(r.stderr().stream().skip(1).allMatch(l -> !l.startsWith("green:")), r.toString());
    }

    @Test
    void pollAndSleepPatchesCarryFiberWaits() throws Exception {
        Result r = run(JAVA, agent("debug=true"), "-cp", System.getProperty("green.testClasses", "target/test-classes"),
                "fixtures.PatchedApp");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("sleepHooked=true", "pollHooked=true", "read=42", "done"), r.stdout(), r.toString());
        assertTrue(r.stderr().stream().noneMatch(l -> l.contains("sun.misc.Unsafe")), r.toString());
        assertTrue(r.stderr().stream().anyMatch(l -> l.contains("poll: installed") && l.contains("sleep: installed")
                && l.contains("transformation errors: 0")), r.toString());
    }

    @Test
    void switchedOffPatchesStayOff() throws Exception {
        Result r = run(JAVA, agent("patch.sleep=false,patch.poll=false"), "-cp",
                System.getProperty("green.testClasses", "target/test-classes"), "fixtures.PatchedApp");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("sleepHooked=false", "pollHooked=false", "read=42", "done"), r.stdout(), r.toString());
    }

    @Test
    void cleanRunPrintsNothingOfItsOwn() throws Exception {
        Result r = run(JAVA, agent(""), "-version");
        assertEquals(0, r.exitCode());
        assertNotEquals(0, r.stderr().size()); // -version prints to stderr
        assertTrue(r.stderr().stream().noneMatch(l -> l.startsWith("green") || l.startsWith("WARNING")), r.toString());
    }

    @Test
    void greenJarOnAPlainClassPathLeavesNameResolutionAlone() throws Exception {
        // green.jar names a resolver provider; without the runtime installed it must hand back the JDK's
        String classPath = GreenJarIT.JAR + java.io.File.pathSeparator + System.getProperty("green.testClasses", "target/test-classes");
        Result r = run(JAVA, "-cp", classPath, "fixtures.Resolve");
        assertEquals(0, r.exitCode(), r.toString());
        assertEquals(List.of("resolved 127.0.0.1"), r.stdout(), r.toString());
        assertEquals(List.of(), r.stderr(), r.toString());
    }

    @Test
    void monkeyTellsTheProgramWhichPatchesTook() throws Exception {
        String testClasses = System.getProperty("green.testClasses", "target/test-classes");
        Result all = run(JAVA, agent(""), "-cp", testClasses, "fixtures.WhatIsPatched");
        assertEquals(List.of("patched [blocking, dns, poll, sleep, thread, url]"), all.stdout(), all.toString());
        Result noSleep = run(JAVA, agent("patch.sleep=false"), "-cp", testClasses, "fixtures.WhatIsPatched");
        assertEquals(List.of("patched [blocking, dns, poll, thread, url]"), noSleep.stdout(), noSleep.toString());
    }

    @Test
    void nothingOfJfrOrJmxIsStartedForAProgramNobodyWatches() throws Exception {
        // Start-up cost: the first JFR event class costs ~240 ms, the platform MBean server ~300 ms.
        List<String> loaded = classesLoadedBy("fixtures.PatchedApp", "done");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" green.hub.Hub ")), "the hub ran");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" sun.nio.ch.EPoll ")), "the hub opened its epoll");
        // The event classes themselves are defined with the runtime; what costs is JFR's instrumentation.
        assertTrue(loaded.stream().noneMatch(l -> l.contains(" jdk.jfr.internal.MetadataRepository ")),
                "JFR's event machinery was not started");
        assertTrue(loaded.stream().noneMatch(l -> l.contains(" com.sun.jmx.mbeanserver.JmxMBeanServer ")),
                "no MBean server was created");
    }

    @Test
    void aProgramThatMakesNoFiberTransformsNoClassAndStartsNoHub() throws Exception {
        // Start-up cost: the first class transformation, ASM cold, costs ~24 ms; a hello world's only
        // candidate was the blocking patch's hook in Blocker, which the first println loads. It now
        // waits for the program's first fiber. (ASM's ClassReader is used before, to define the
        // runtime; its writers are what a transformation runs.)
        List<String> loaded = classesLoadedBy("fixtures.PrintsOnly", "hello");
        assertTrue(loaded.stream().anyMatch(l -> l.contains(" jdk.internal.misc.Blocker ")), "Blocker was loaded");
        assertTrue(loaded.stream().noneMatch(l -> l.contains(" green.shaded.asm.MethodWriter ")),
                "no method was rewritten: " + loaded.stream().filter(l -> l.contains("MethodWriter")).toList());
        // nor starts the hub, whose epoll the self-check would open: it waits for the first fiber too (~55 ms)
        assertTrue(loaded.stream().noneMatch(l -> l.contains(" sun.nio.ch.EPoll ")), "no hub started");
    }

    /** Runs a fixture under the agent with {@code -Xlog:class+load}: its output, which must hold {@code line}, and the log. */
    private static List<String> classesLoadedBy(String mainClass, String line) throws Exception {
        Result r = run(JAVA, agent(""), "-Xlog:class+load", "-cp",
                System.getProperty("green.testClasses", "target/test-classes"), mainClass);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains(line), r.toString());
        return r.stdout();
    }

    @Test
    void aRecordingHoldsThePatchTable() throws Exception {
        Path recording = Files.createTempFile("green-patches", ".jfr");
        try {
            Result r = run(JAVA, agent("patch.sleep=false"), "-XX:StartFlightRecording:filename=" + recording,
                    "-cp", System.getProperty("green.testClasses", "target/test-classes"), "fixtures.WhatIsPatched");
            assertEquals(0, r.exitCode(), r.toString());
            Result print = run(JAVA.resolveSibling("jfr"), "print", "--events", "green.PatchInstalled", recording.toString());
            String events = String.join("\n", print.stdout());
            assertTrue(events.matches("(?s).*patch = \"poll\"\\s+took = true.*"), events);
            assertTrue(events.matches("(?s).*patch = \"sleep\"\\s+took = false.*"), events);
        } finally {
            Files.deleteIfExists(recording);
        }
    }
}
