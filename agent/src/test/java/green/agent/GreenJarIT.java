package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The built green.jar, BlockHound-style: what is at its root, what is relocated, what the manifest says. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GreenJarIT {

    static final Path JAR = Path.of(System.getProperty("green.agentJar", "target/green.jar"));

    private static List<String> entries() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            return jar.stream().map(JarEntry::getName).toList();
        }
    }

    @Test
    void rootHoldsOnlyGreenAndMetaInf() throws IOException {
        Set<String> roots = new TreeSet<>();
        for (String name : entries()) {
            int slash = name.indexOf('/');
            roots.add(slash < 0 ? name : name.substring(0, slash + 1));
        }
        assertEquals(Set.of("META-INF/", "green/"), roots);
    }

    @Test
    void byteBuddyAndAsmAreRelocated() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.stream().noneMatch(n -> n.contains("net/bytebuddy/") || n.contains("org/objectweb/")),
                "unrelocated ASM (or a Byte Buddy that green no longer uses) in green.jar");
        assertTrue(entries.contains("green/shaded/asm/ClassReader.class"));
        assertTrue(entries.contains("green/shaded/asm/ClassReader.class"));
        assertTrue(entries.stream().noneMatch(n -> n.endsWith("module-info.class")));
    }

    @Test
    void runtimeIsEmbeddedAsAJarNotAsLooseClasses() throws IOException {
        List<String> entries = entries();
        assertTrue(entries.stream().noneMatch(n -> n.startsWith("green/hooks/") || n.startsWith("green/hub/")
                || n.startsWith("green/config/") || n.matches("green/[A-Z].*\\.class")));
        try (JarFile jar = new JarFile(JAR.toFile());
             JarInputStream runtime = new JarInputStream(jar.getInputStream(jar.getEntry("green/runtime.jar.bin")))) {
            Set<String> names = new TreeSet<>();
            for (JarEntry e; (e = runtime.getNextJarEntry()) != null; ) {
                names.add(e.getName());
            }
            assertTrue(names.contains("green/hooks/PollHook.class"), names.toString());
            assertTrue(names.contains("green/hooks/SleepHook.class"));
            assertTrue(names.contains("green/config/GreenConfig.class"));
        }
    }

    @Test
    void manifestDeclaresTheAgent() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("green.agent.GreenAgent", main.getValue("Premain-Class"));
            assertEquals("green.agent.GreenAgent", main.getValue("Agent-Class"));
            assertEquals("green.agent.GreenMain", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
            assertEquals("true", main.getValue("Can-Redefine-Classes"));
            assertNotNull(jar.getEntry("green/agent/GreenAgent.class"));
        }
    }

    @Test
    void bootstrapClassesLoadOnJava17() throws IOException {
        // Class-file major version 61 = Java 17: what an old JVM needs to print "running unpatched".
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String name : List.of("GreenAgent", "GreenMain", "EnvironmentCheck", "LaunchError", "OldJvmSettings",
                    "AgentArguments", "RuntimeJar", "HelpCommand", "ListCommand", "CompareCommand")) {
                byte[] b = jar.getInputStream(jar.getEntry("green/agent/" + name + ".class")).readAllBytes();
                assertEquals(61, ((b[6] & 0xff) << 8) | (b[7] & 0xff), name);
            }
            // and the settings table inside the nested runtime, which they load to check arguments there
            try (JarInputStream runtime = new JarInputStream(jar.getInputStream(jar.getEntry("green/runtime.jar.bin")))) {
                int seen = 0;
                for (JarEntry entry; (entry = runtime.getNextJarEntry()) != null; ) {
                    if (entry.getName().startsWith("green/config/") && entry.getName().endsWith(".class")) {
                        byte[] b = runtime.readAllBytes();
                        assertEquals(61, ((b[6] & 0xff) << 8) | (b[7] & 0xff), entry.getName());
                        seen++;
                    }
                }
                assertTrue(seen >= 2, "green/config classes in the runtime: " + seen);
            }
        }
        assertTrue(Files.size(JAR) > 0);
    }
}
