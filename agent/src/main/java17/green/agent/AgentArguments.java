package green.agent;

import green.config.GreenConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Parses the agent argument string {@code k=v,k2=v2} ({@code -javaagent:green.jar=k=v,k2=v2}) and
 * resolves it, over the {@code green.*} system properties, into the effective {@link GreenConfig}.
 * The keys are the settings' aliases or full keys; {@link GreenConfig} owns validation and says
 * which source wins.
 *
 * <p>Stateless; called on the thread that runs {@code premain}/{@code agentmain}.
 */
final class AgentArguments {

    private AgentArguments() {
        throw new UnsupportedOperationException();
    }

    /**
     * Splits {@code k=v,k2=v2} into an ordered map. Null or blank means no arguments.
     *
     * @throws IllegalArgumentException with one line, for an entry without {@code =} or a key
     *     given twice
     */
    static Map<String, String> split(String agentArgs) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return entries;
        }
        for (String entry : agentArgs.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("green: agent argument '" + entry + "' is not key=value; "
                        + "expected -javaagent:green.jar=key=value,key2=value2 (java -jar green.jar --help lists the keys)");
            }
            String key = entry.substring(0, eq).strip();
            if (entries.put(key, entry.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("green: agent argument '" + key + "' given twice");
            }
        }
        return entries;
    }

    /**
     * The effective settings for these agent arguments and system properties.
     *
     * @throws IllegalArgumentException with one line naming the key and the valid keys or values
     */
    static GreenConfig resolve(String agentArgs, Properties systemProperties) {
        return GreenConfig.resolve(split(agentArgs), systemProperties);
    }
}
