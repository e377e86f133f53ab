package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MonkeyTest {

    @Test
    void libraryModeHasNothingPatched() {
        assertEquals(Set.of(), Monkey.patched());
        assertFalse(Monkey.isPatched("sleep"));
    }

    @Test
    void readsWhatTheAgentRecorded() {
        System.setProperty(Monkey.INSTALLED, "[poll, sleep, thread]");
        try {
            assertEquals(Set.of("poll", "sleep", "thread"), Monkey.patched());
            assertTrue(Monkey.isPatched("thread"));
            assertFalse(Monkey.isPatched("dns"));
        } finally {
            System.clearProperty(Monkey.INSTALLED);
        }
    }
}
