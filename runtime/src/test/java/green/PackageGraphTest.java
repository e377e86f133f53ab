package green;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages depend on each other without a circle, read from the sources: the hub
 * knows nothing of the hooks, of observability or of the API built on it, so each layer can be read
 * (and changed) knowing only the ones below. Names used inline, without an import, count too.
 */
class PackageGraphTest {
    private static final Pattern REFERENCE = Pattern.compile("\\bgreen\\.([a-z]+(?:\\.[a-z]+)*)\\.[A-Z]");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?green\\.((?:[a-z]+\\.)*)[A-Z]", Pattern.MULTILINE);

    @Test
    void thePackagesFormNoCircleAndTheHubSitsAtTheBottom() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (Path root : List.of(Path.of("src/main/java"), Path.of("src/main/java17"))) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> add(graph, root, f));
            }
        }
        assertTrue(graph.containsKey("green.hub") && graph.containsKey("green.hooks"), graph.toString());
        assertEquals(Set.of("green.config"), graph.get("green.hub"), "what the hub depends on");
        assertEquals(Set.of(), graph.get("green.config"), "what the settings depend on");
        List<String> circle = findCircle(graph);
        assertTrue(circle.isEmpty(), "a circle: " + circle + " in " + graph);
    }

    private static void add(Map<String, Set<String>> graph, Path root, Path file) {
        String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
        Set<String> deps = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher imports = IMPORT.matcher(text);
        while (imports.find()) {
            String used = ("green." + imports.group(1)).replaceAll("\\.$", "");
            if (!used.equals(pkg)) {
                deps.add(used);
            }
        }
        // inline names, outside comments: strip /* */ and // first
        String code = text.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "");
        Matcher inline = REFERENCE.matcher(code);
        while (inline.find()) {
            String used = "green." + inline.group(1);
            if (!used.equals(pkg) && !code.substring(Math.max(0, inline.start() - 7), inline.start()).contains("import")) {
                deps.add(used);
            }
        }
    }

    /** A circle of packages, or empty. */
    private static List<String> findCircle(Map<String, Set<String>> graph) {
        Map<String, Integer> state = new TreeMap<>(); // 1 on the path, 2 done
        for (String start : graph.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(start, graph, state, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String pkg, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path) {
        Integer s = state.get(pkg);
        if (s != null) {
            if (s == 1) {
                path.add(pkg);
                return true;
            }
            return false;
        }
        state.put(pkg, 1);
        path.add(pkg);
        for (String dep : graph.getOrDefault(pkg, Set.of())) {
            if (visit(dep, graph, state, path)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        state.put(pkg, 2);
        return false;
    }
}
