package green.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The README's "## Configuration" table must list exactly the registry's keys, aliases and defaults. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReadmeConfigTableTest {

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("runtime"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("README.md of the green repository not found above " + Path.of("").toAbsolutePath());
    }

    /** Rows of the first table under the heading: key -> [alias, default]. */
    private static Map<String, List<String>> configurationTable(List<String> lines) {
        int heading = lines.indexOf("## Configuration");
        assertTrue(heading >= 0, "README.md has no '## Configuration' heading");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("#")) {
                break;
            }
            if (!line.startsWith("|")) {
                if (inTable) {
                    break;
                }
                continue;
            }
            inTable = true;
            String[] cells = line.split("\\|");
            String key = strip(cells[1]);
            if (key.equals("Key") || key.startsWith("---")) {
                continue;
            }
            rows.put(key, List.of(strip(cells[2]), strip(cells[3])));
        }
        return rows;
    }

    private static String strip(String cell) {
        return cell.strip().replace("`", "");
    }

    @Test
    void tableMatchesRegistry() throws IOException {
        Map<String, List<String>> rows = configurationTable(Files.readAllLines(readme()));
        Map<String, List<String>> expected = new LinkedHashMap<>();
        for (Setting<?> s : GreenConfig.settings()) {
            expected.put(s.key(), List.of(s.alias(), String.valueOf(s.defaultValue())));
        }
        assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(rows.entrySet()),
                "README.md '## Configuration' table differs from GreenConfig.settings()");
    }
}
