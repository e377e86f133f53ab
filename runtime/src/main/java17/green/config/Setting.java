package green.config;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One entry of green's settings table: its system property key ({@code green.x}), its
 * agent-argument alias ({@code x}), its default, the parser that checks a value, and one line of
 * documentation. The table itself, and the effective values, live in {@link GreenConfig}.
 *
 * <p>Immutable; any thread may call it.
 *
 * @param <T> the type of the parsed value
 */
public final class Setting<T> {

    /** The prefix every key shares; an agent argument may leave it out. */
    public static final String PREFIX = "green.";

    private final String key;
    private final T defaultValue;
    private final String expected;
    private final Function<String, T> parser;
    private final String doc;

    private Setting(String key, T defaultValue, String expected, Function<String, T> parser, String doc) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("setting key must start with " + PREFIX + ": " + key);
        }
        this.key = key;
        this.defaultValue = Objects.requireNonNull(defaultValue);
        this.expected = expected;
        this.parser = parser;
        this.doc = doc;
    }

    /** A {@code true}/{@code false} setting (case-insensitive; nothing else is accepted). */
    static Setting<Boolean> bool(String key, boolean defaultValue, String doc) {
        return new Setting<>(key, defaultValue, "true or false", raw -> {
            if (raw.equalsIgnoreCase("true")) {
                return Boolean.TRUE;
            }
            if (raw.equalsIgnoreCase("false")) {
                return Boolean.FALSE;
            }
            return null;
        }, doc);
    }

    /** A duration in milliseconds, {@code >= 0}. */
    static Setting<Long> millis(String key, long defaultValue, String doc) {
        return new Setting<>(key, defaultValue, "a whole number of milliseconds >= 0", raw -> {
            Long value = parseLong(raw);
            return value != null && value >= 0 ? value : null;
        }, doc);
    }

    /** A text: anything, the empty string for "not set". */
    static Setting<String> text(String key, String expected, String doc) {
        return new Setting<>(key, "", expected, raw -> raw, doc);
    }

    /** One of {@code choices} (case-insensitive), the first being the default. */
    static Setting<String> choice(String key, List<String> choices, String doc) {
        return new Setting<>(key, choices.get(0), "one of " + String.join(", ", choices), raw -> {
            for (String choice : choices) {
                if (choice.equalsIgnoreCase(raw)) {
                    return choice;
                }
            }
            return null;
        }, doc);
    }

    /** A whole number (any long), or the empty string for "not set". */
    static Setting<String> optionalLong(String key, String doc) {
        return new Setting<>(key, "", "a whole number, or nothing", raw -> raw.isEmpty() || parseLong(raw) != null ? raw : null, doc);
    }

    /** An int {@code >= 1}. */
    static Setting<Integer> positiveInt(String key, int defaultValue, String doc) {
        return new Setting<>(key, defaultValue, "an integer >= 1", raw -> {
            Long value = parseLong(raw);
            return value != null && value >= 1 && value <= Integer.MAX_VALUE ? Integer.valueOf(value.intValue()) : null;
        }, doc);
    }

    private static Long parseLong(String raw) {
        try {
            return Long.parseLong(raw.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The system property, e.g. {@code green.runBatch}. */
    public String key() {
        return key;
    }

    /** The agent-argument name: the key without {@code green.}, e.g. {@code runBatch}. */
    public String alias() {
        return key.substring(PREFIX.length());
    }

    public T defaultValue() {
        return defaultValue;
    }

    /** What a valid value looks like, for messages and the help table: "true or false". */
    public String expected() {
        return expected;
    }

    /** One line of documentation. */
    public String doc() {
        return doc;
    }

    /** The effective value: {@code GreenConfig.current().get(this)}. */
    public T get() {
        return GreenConfig.current().get(this);
    }

    /**
     * Parses a raw value (from an agent argument or a system property).
     *
     * @throws IllegalArgumentException with one line naming the key and what it accepts
     */
    public T parse(String raw) {
        T value = raw == null ? null : parser.apply(raw.strip());
        if (value == null) {
            throw new IllegalArgumentException("green: bad value '" + raw + "' for " + key
                    + " (agent argument " + alias() + "): expected " + expected);
        }
        return value;
    }

    @Override
    public String toString() {
        return key;
    }
}
