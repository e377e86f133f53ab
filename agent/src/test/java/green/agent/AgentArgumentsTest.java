package green.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import green.config.GreenConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class AgentArgumentsTest {

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }

    @Test
    void noArgumentsMeansSystemPropertiesAndDefaults() {
        assertEquals(Map.of(), AgentArguments.split(null));
        assertEquals(Map.of(), AgentArguments.split(" "));
        GreenConfig c = AgentArguments.resolve("", props("green.runBatch", "12"));
        assertEquals(12, c.runBatch());
        assertTrue(c.patchEnabled("poll"));
    }

    @Test
    void splitsInOrderAndKeepsValuesAsGiven() {
        assertEquals(List.of("debug", "green.runBatch", "patch.sleep"),
                List.copyOf(AgentArguments.split("debug=true,green.runBatch=4,patch.sleep=false").keySet()));
        assertEquals("a=b", AgentArguments.split("x=a=b").get("x"));
    }

    @Test
    void agentArgumentWinsOverProperty() {
        GreenConfig c = AgentArguments.resolve("patch.sleep=false,maxBlocking=0", props("green.patch.sleep", "true"));
        assertFalse(c.patchEnabled("sleep"));
        assertEquals(0, c.maxBlockingMillis());
    }

    @Test
    void unknownKeyIsOneLineNamingItAndTheValidKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentArguments.resolve("debug=true,patch.socket=false", new Properties()));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("'patch.socket'"), e.getMessage());
        assertTrue(e.getMessage().contains("patch.poll, patch.sleep, patch.thread, patch.dns, patch.url"), e.getMessage());
    }

    @Test
    void malformedEntriesAreRejected() {
        for (String bad : List.of("debug", "=true", "debug=true,", "runBatch=1,runBatch=2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> AgentArguments.resolve(bad, new Properties()), bad);
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertTrue(e.getMessage().startsWith("green: "), e.getMessage());
        }
    }
}
