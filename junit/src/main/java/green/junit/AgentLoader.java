package green.junit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * Makes sure green's agent runs in this JVM before any runtime class ({@code green.Green}, ...) is
 * touched: the agent defines the runtime in the bootstrap class loader, and a copy that the
 * application class loader took from green-runtime.jar before would be a second, unpatched one.
 * So this class uses JDK and Byte Buddy types only, and checks afterwards that {@code green.Green}
 * resolves to the bootstrap copy.
 *
 * <p>Loaded at launch ({@code -javaagent}, the agent's system property {@code green.installed} is
 * set): nothing to do. Otherwise the green-agent jar on the class path (or
 * {@code -Dgreen.junit.agentJar}) is attached with byte-buddy-agent, which starts a helper JVM when
 * this one does not allow attaching to itself. Called by {@link GreenLauncherSession} before test
 * discovery and by {@link GreenExtension} before each test; the first call decides.
 *
 * <p>Thread-safe.
 */
final class AgentLoader {

    static final String AGENT_JAR = "green.junit.agentJar";
    static final String ATTACH = "green.junit.attach";
    /** Set by the agent once its patches are installed (green.agent.InstallStatus). */
    static final String INSTALLED = "green.installed";
    /** The agent's one-line result of the last attach (green.agent.InstallStatus). */
    static final String ATTACH_RESULT = "green.attach.result";
    /** A resource only green.jar has (the runtime it carries for the bootstrap loader). */
    static final String AGENT_RESOURCE = "green/runtime.jar.bin";

    static final String ARGLINE_HINT = "Give the test JVM the agent instead: in the pom, maven-dependency-plugin's "
            + "'properties' goal and <argLine>-javaagent:${dev.green:green-agent:jar}</argLine> in surefire "
            + "(README.md, \"Testing with green\").";

    /** Null until decided; then "" when the agent runs, else why it does not. */
    private static String failure;

    private AgentLoader() {
        throw new UnsupportedOperationException();
    }

    /** Null when green's agent runs in this JVM (loading it if need be), else one paragraph saying why not. */
    static synchronized String ensureLoaded(PrintStream log) {
        if (failure == null) {
            String why = load(log);
            failure = why == null ? "" : why;
        }
        return failure.isEmpty() ? null : failure;
    }

    private static String load(PrintStream log) {
        if (System.getProperty(INSTALLED) == null) {
            if ("false".equals(System.getProperty(ATTACH))) {
                return "green-junit: green's agent is not loaded in this JVM and -D" + ATTACH + "=false. " + ARGLINE_HINT;
            }
            String attached = attach(log);
            if (attached != null) {
                return attached;
            }
        }
        return bootstrapCopyCheck();
    }

    /** Null when the agent attached and installed its patches, else why not. */
    private static String attach(PrintStream log) {
        Path jar;
        try {
            jar = agentJar();
        } catch (IOException | URISyntaxException e) {
            return "green-junit: cannot find green's agent jar (" + e.getMessage() + "). " + ARGLINE_HINT;
        }
        String previous = System.getProperty(ATTACH_RESULT);
        try {
            ByteBuddyAgent.attach(jar.toFile(), Long.toString(ProcessHandle.current().pid()));
        } catch (RuntimeException e) {
            return "green-junit: could not attach green's agent (" + jar + ") to this JVM: " + e
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : "")
                    + ". A JVM started with -XX:-EnableDynamicAgentLoading or -XX:+DisableAttachMechanism refuses it. "
                    + ARGLINE_HINT;
        }
        String result = System.getProperty(ATTACH_RESULT);
        if (System.getProperty(INSTALLED) == null) {
            return "green-junit: green's agent was attached but did not install"
                    + (result != null && !result.equals(previous) ? ": " + result : "") + ". " + ARGLINE_HINT;
        }
        log.println("green-junit: attached green's agent (" + jar.getFileName() + ") to this test JVM, as no -javaagent "
                + "loaded it. " + ARGLINE_HINT + " JDK 21 and later print a warning for an agent loaded this way; "
                + "-XX:+EnableDynamicAgentLoading allows it silently.");
        return null;
    }

    /** The agent jar: -Dgreen.junit.agentJar, else the class path entry that holds {@link #AGENT_RESOURCE}. */
    static Path agentJar() throws IOException, URISyntaxException {
        String configured = System.getProperty(AGENT_JAR);
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isRegularFile(path)) {
                throw new IOException("-D" + AGENT_JAR + "=" + configured + " is not a file");
            }
            return path;
        }
        ClassLoader loader = AgentLoader.class.getClassLoader();
        URL resource = loader == null ? null : loader.getResource(AGENT_RESOURCE);
        if (resource == null) {
            throw new IOException("dev.green:green-agent is not on the test class path (it comes with green-junit: "
                    + "is it excluded?); or set -D" + AGENT_JAR + "=/path/to/green.jar");
        }
        URLConnection connection = resource.openConnection();
        if (!(connection instanceof JarURLConnection jarConnection)) {
            throw new IOException("green's agent is on the class path as " + resource
                    + ", not as a jar (a reactor build before 'package'?); the agent must be a jar");
        }
        return Path.of(jarConnection.getJarFileURL().toURI());
    }

    /** Null when {@code green.Green}, as this class's loader resolves it, is the agent's bootstrap copy. */
    private static String bootstrapCopyCheck() {
        Class<?> green;
        try {
            green = Class.forName("green.Green", false, AgentLoader.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "green-junit: green.Green cannot be loaded after the agent installed (" + e + ")";
        }
        if (green.getClassLoader() != null) {
            var source = green.getProtectionDomain().getCodeSource();
            return "green-junit: green.Green was loaded from " + (source == null ? "?" : source.getLocation())
                    + " by " + green.getClassLoader() + " before green's agent defined the runtime in the bootstrap "
                    + "class loader, so this JVM has two copies of it (something touched a green class before the "
                    + "first @GreenTest, e.g. a field of a green type in a test class). " + ARGLINE_HINT;
        }
        return null;
    }
}
