package green;

import green.config.GreenConfig;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which patches the agent installed in this JVM, gevent's {@code monkey.is_module_patched}: query
 * only. In library mode (no agent) nothing is patched.
 *
 * <p>Any thread.
 */
public final class Monkey {

    /** The system property in which the agent records the patches that took: "[poll, sleep, thread]". */
    static final String INSTALLED = "green.installed";

    private Monkey() {
        throw new UnsupportedOperationException();
    }

    /** The names of the patches that took (of {@link GreenConfig#PATCH_NAMES}); empty without the agent. */
    public static Set<String> patched() {
        String installed = System.getProperty(INSTALLED);
        if (installed == null || installed.length() < 2) {
            return Set.of();
        }
        return Arrays.stream(installed.substring(1, installed.length() - 1).split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Whether the patch of that name took.
     *
     * @throws IllegalArgumentException for a name that is no patch's, so that a typo does not read as "not patched"
     */
    public static boolean isPatched(String name) {
        if (!GreenConfig.PATCH_NAMES.contains(name)) {
            throw new IllegalArgumentException("no patch is called '" + name + "'; the patches are " + GreenConfig.PATCH_NAMES);
        }
        return patched().contains(name);
    }
}
