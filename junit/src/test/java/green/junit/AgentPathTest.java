package green.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How the agent came into this JVM, per surefire execution (greentest.expect: launch or attach). */
class AgentPathTest {

    @Test
    void theAgentRunsAndTheRuntimeIsTheBootstrapCopy() throws Exception {
        assertNull(AgentLoader.ensureLoaded(System.err));
        assertNotNull(System.getProperty(AgentLoader.INSTALLED));
        assertNull(Class.forName("green.Green").getClassLoader());
    }

    @Test
    void withJavaagentNothingIsAttached() {
        assumeTrue("launch".equals(System.getProperty("greentest.expect")));
        assertNull(System.getProperty(AgentLoader.ATTACH_RESULT));
    }

    @Test
    void withoutItTheJarOnTheClassPathIsAttachedBeforeDiscovery() throws Exception {
        assumeTrue("attach".equals(System.getProperty("greentest.expect")));
        String result = System.getProperty(AgentLoader.ATTACH_RESULT);
        assertNotNull(result);
        assertTrue(result.startsWith("installed: green: attached;"), result);
        Path jar = AgentLoader.agentJar();
        assertEquals("green.jar", jar.getFileName().toString(), "the reactor's agent jar: " + jar);
    }
}
