package green.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GreenConfigTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static Map<String, String> args(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void defaultsWhenNothingIsSet() {
        GreenConfig c = GreenConfig.resolve(Map.of(), props());
        assertFalse(c.debug());
        assertEquals(100, c.maxBlockingMillis());
        assertEquals(256, c.runBatch());
        for (String patch : GreenConfig.PATCH_NAMES) {
            assertTrue(c.patchEnabled(patch), patch);
        }
        assertEquals(GreenConfig.Source.DEFAULT, c.source(GreenConfig.RUN_BATCH));
    }

    @Test
    void systemPropertiesAreRead() {
        GreenConfig c = GreenConfig.resolve(Map.of(), props("green.runBatch", "64", "green.patch.sleep", "FALSE"));
        assertEquals(64, c.runBatch());
        assertFalse(c.patchEnabled("sleep"));
        assertTrue(c.patchEnabled("poll"));
        assertEquals(GreenConfig.Source.SYSTEM_PROPERTY, c.source(GreenConfig.RUN_BATCH));
    }

    @Test
    void agentArgumentWinsOverSystemProperty() {
        GreenConfig c = GreenConfig.resolve(args("runBatch", "8"), props("green.runBatch", "64"));
        assertEquals(8, c.runBatch());
        assertEquals(GreenConfig.Source.AGENT_ARGUMENT, c.source(GreenConfig.RUN_BATCH));
    }

    @Test
    void agentArgumentAcceptsAliasAndFullKey() {
        GreenConfig c = GreenConfig.resolve(args("green.maxBlocking", "0", "patch.thread", "false"), props());
        assertEquals(0, c.maxBlockingMillis());
        assertFalse(c.patchEnabled("thread"));
    }

    @Test
    void unknownAgentArgumentNamesKeyAndListsValidOnesOnOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreenConfig.resolve(args("runbatch", "8"), props()));
        String message = e.getMessage();
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains("'runbatch'"), message);
        for (Setting<?> s : GreenConfig.settings()) {
            assertTrue(message.contains(s.alias()), message);
        }
    }

    @Test
    void unknownGreenSystemPropertyIsAsWrongAsAnUnknownAgentArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreenConfig.resolve(Map.of(), props("green.bogus", "1")));
        assertTrue(e.getMessage().startsWith("green: unknown system property '-Dgreen.bogus'; valid keys: "), e.getMessage());
        assertTrue(e.getMessage().contains("runBatch"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void whatTheAgentWritesItselfIsNoSetting() {
        GreenConfig c = GreenConfig.resolve(Map.of(), props("green.installed", "[poll]", "green.attach.result", "installed"));
        assertEquals(256, c.runBatch());
        assertTrue(GreenConfig.OUTPUTS.contains("green.installed") && GreenConfig.OUTPUTS.contains("green.attach.result"));
    }

    @Test
    void badValuesNameKeyAndExpectedValues() {
        String[][] cases = {
                {"runBatch", "0"}, {"runBatch", "lots"}, {"runBatch", "3000000000"},
                {"maxBlocking", "-1"}, {"debug", "yes"}, {"patch.poll", ""},
        };
        for (String[] bad : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GreenConfig.resolve(args(bad[0], bad[1]), props()), bad[0] + "=" + bad[1]);
            Setting<?> setting = GreenConfig.lookup(bad[0]);
            assertTrue(e.getMessage().contains(setting.key()), e.getMessage());
            assertTrue(e.getMessage().contains(setting.expected()), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void badSystemPropertyValueIsAnErrorToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GreenConfig.resolve(Map.of(), props("green.debug", "1")));
        assertTrue(e.getMessage().contains("green.debug"), e.getMessage());
    }

    @Test
    void duplicateAgentArgumentIsRejectedEvenUnderBothSpellings() {
        assertThrows(IllegalArgumentException.class,
                () -> GreenConfig.resolve(args("debug", "true", "green.debug", "false"), props()));
    }

    @Test
    void everyPatchHasASettingAndUnknownPatchesAreRejected() {
        for (String patch : GreenConfig.PATCH_NAMES) {
            assertEquals("green.patch." + patch, GreenConfig.patchSetting(patch).key());
        }
        assertThrows(IllegalArgumentException.class, () -> GreenConfig.patchSetting("socket"));
    }

    @Test
    void installedConfigIsWhatRuntimeCodeReads() {
        GreenConfig before = GreenConfig.current();
        try {
            GreenConfig.install(GreenConfig.resolve(args("runBatch", "7"), props()));
            assertEquals(7, GreenConfig.current().runBatch());
            assertEquals(7, GreenConfig.RUN_BATCH.get());
        } finally {
            GreenConfig.install(before);
        }
    }

    @Test
    void describeShowsNonDefaultSources() {
        String line = GreenConfig.resolve(args("debug", "true"), props("green.runBatch", "9")).describe();
        assertTrue(line.contains("green.debug=true (agent argument)"), line);
        assertTrue(line.contains("green.runBatch=9 (system property)"), line);
        assertTrue(line.contains("green.maxBlocking=100,"), line);
    }
}
