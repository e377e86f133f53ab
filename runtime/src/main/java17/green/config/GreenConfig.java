package green.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * green's single settings table (gevent's {@code _config.py}) and one snapshot of the effective
 * values.
 *
 * <p>Sources, highest priority first:
 * <ol>
 *   <li>agent arguments, {@code -javaagent:green.jar=runBatch=64,debug=true}: the alias or the full
 *       key, so {@code green.runBatch=64} works too;
 *   <li>system properties, {@code -Dgreen.runBatch=64};
 *   <li>the default.
 * </ol>
 * The agent argument wins because it is the more specific, later-written part of the command line
 * (a launcher script may export {@code -D} defaults in {@code JAVA_TOOL_OPTIONS}).
 *
 * <p>An unknown key or a bad value, from either source, is an {@link IllegalArgumentException}
 * with one line naming the key and what is valid: a {@code -Dgreen.runbatch=64} typo is as wrong
 * as the same agent argument, and both stop the JVM at launch. The {@code green.} namespace is
 * green's: every system property in it is a setting of this table, except the few the agent
 * writes itself ({@link #OUTPUTS}).
 *
 * <p>Compiled for Java 17, with {@link Setting}, so that the agent can check its arguments and
 * print this table on a JVM too old to run green.
 *
 * <p>Runtime code reads values with {@code GreenConfig.current().runBatch()} or
 * {@code GreenConfig.RUN_BATCH.get()}. The agent {@linkplain #install installs} the snapshot it
 * validated at start-up; without the agent (library mode) the first {@link #current()} reads the
 * system properties.
 *
 * <p>Immutable snapshots; any thread may call any method.
 */
public final class GreenConfig {

    /** Where an effective value came from. */
    public enum Source { DEFAULT, SYSTEM_PROPERTY, AGENT_ARGUMENT }

    /**
     * System properties the agent writes, not reads: the patches it installed (what
     * {@code green.Monkey} reports) and the outcome of the last attach.
     */
    public static final List<String> OUTPUTS = List.of("green.installed", "green.attach.result");

    /** The patch names, in install order: gevent's {@code patch_all}. */
    public static final List<String> PATCH_NAMES = List.of("poll", "sleep", "thread", "dns", "url", "blocking", "clock");

    public static final Setting<Boolean> DEBUG = Setting.bool("green.debug", false,
            "Transformation errors are fatal and logged loudly; effective settings are logged.");

    public static final Setting<Long> MAX_BLOCKING = Setting.millis("green.maxBlocking", 100,
            "A fiber holding the hub longer than this is reported by the watchdog (JFR, MXBean; on stderr only when set); 0 turns it off.");

    public static final Setting<Integer> RUN_BATCH = Setting.positiveInt("green.runBatch", 256,
            "Fibers the hub runs per loop turn before it polls I/O and timers.");

    public static final Setting<Boolean> RELIEF = Setting.bool("green.relief", true,
            "When a fiber holds the hub (a CPU loop, a long file or native call, a pinned wait), another thread takes over the loop while it runs on; false keeps the loop on one thread, and such a fiber stalls every other.");

    public static final Setting<Long> RELIEF_AFTER = Setting.millis("green.reliefAfter", 200,
            "How long a fiber may hold the hub before relief; one in a file call is relieved after a tenth of it, one about to block while pinned at once; 0 relieves at once.");

    public static final Setting<String> SEED = Setting.optionalLong("green.seed",
            "The hub chooses which ready fiber runs next, and orders timers due together and each poll batch, from a PRNG seeded with this: the same seed and inputs give the same interleaving. The program's main runs as a fiber, relief is off, and time is virtual unless green.clock=real.");

    public static final Setting<String> CLOCK = Setting.choice("green.clock", List.of("real", "virtual", "switchable"),
            "virtual: hub time jumps to the next timer when every fiber waits on one, and the program's clocks (System.nanoTime, currentTimeMillis, Instant.now, java.time now()) and the JDK's timed waits follow it; the program's main runs as a fiber. switchable: the same patch, with time real until a @GreenTest(clock = VIRTUAL) makes it virtual for its body.");

    public static final Setting<Integer> RELIEF_THREADS = Setting.positiveInt("green.reliefThreads", 32,
            "Most threads that run held fibers or the loop for them at once; past it a fiber that holds the hub stalls it, as with relief off.");

    // Read by the JUnit extension (green-junit) at each test, from the system properties as they are then.
    // XXX: 1200 ms, measured (ColdStarts in junit's tests, 40 cold test JVMs on the 2-core test machine
    // at load 1.5 to 4.4, with -javaagent and attached): the first test of a fork, loading JDK classes in
    // its fiber, held the hub at most 919 ms (an in-JVM HTTPS server and client, key store and TLS set up
    // in the fiber; its other runs 282 to 450 ms), the JDK HttpClient 151 to 480 ms, 50 sleeping threads,
    // sockets, HTTP and pools never over 180 ms. 1200 ms stays 30% above the worst of those and 300 ms
    // below a 1.5 s spin, which the watchdog measures to about 25 ms.
    public static final Setting<Long> JUNIT_MAX_BLOCKING = Setting.millis("green.junit.maxBlocking", 1200,
            "A @GreenTest fails when one of its fibers holds the hub this long without yielding (its maxBlockingMillis wins).");

    public static final Setting<Long> JUNIT_LEFTOVER_GRACE = Setting.millis("green.junit.leftoverGraceMillis", 250,
            "How long fibers a @GreenTest left running get to end before they are reported.");

    public static final Setting<Boolean> JUNIT_FAIL_ON_LEFTOVERS = Setting.bool("green.junit.failOnLeftoverFibers", false,
            "Fibers a @GreenTest left running fail it, instead of a report on stderr.");

    public static final Setting<Boolean> JUNIT_ATTACH = Setting.bool("green.junit.attach", true,
            "Without -javaagent, the JUnit extension attaches green to the test JVM; false makes each @GreenTest fail instead.");

    public static final Setting<String> JUNIT_AGENT_JAR = Setting.text("green.junit.agentJar", "a path to green.jar",
            "The agent jar the JUnit extension attaches; by default the one on the test class path.");

    private static final Map<String, Setting<Boolean>> PATCHES;
    private static final List<Setting<?>> SETTINGS;

    static {
        Map<String, Setting<Boolean>> patches = new LinkedHashMap<>();
        for (String name : PATCH_NAMES) {
            patches.put(name, Setting.bool("green.patch." + name, true, patchDoc(name)));
        }
        PATCHES = Collections.unmodifiableMap(patches);
        List<Setting<?>> settings = new ArrayList<>();
        settings.add(DEBUG);
        settings.addAll(patches.values());
        settings.add(MAX_BLOCKING);
        settings.add(RUN_BATCH);
        settings.add(RELIEF);
        settings.add(RELIEF_AFTER);
        settings.add(RELIEF_THREADS);
        settings.add(SEED);
        settings.add(CLOCK);
        settings.add(JUNIT_MAX_BLOCKING);
        settings.add(JUNIT_LEFTOVER_GRACE);
        settings.add(JUNIT_FAIL_ON_LEFTOVERS);
        settings.add(JUNIT_ATTACH);
        settings.add(JUNIT_AGENT_JAR);
        SETTINGS = List.copyOf(settings);
    }

    private static String patchDoc(String name) {
        return switch (name) {
            case "poll" -> "Install the poll patch: blocking socket waits of fibers park on the hub.";
            case "sleep" -> "Install the sleep patch: Thread.sleep and TimeUnit.sleep in app classes sleep on hub timers.";
            case "thread" -> "Install the thread patch: new Thread(...) and Executors pools in app classes make fibers.";
            case "dns" -> "Install the dns patch: InetAddress look-ups run off the hub while the fiber parks.";
            case "url" -> "Install the url patch: URL connections in fibers (rides on poll and dns).";
            case "blocking" -> "Install the blocking patch: process pipes, System.in and file syncs of fibers block a worker thread, not the hub.";
            case "clock" -> "Install the clock patch when green.clock is virtual or switchable, or a seed is set: time reads in app classes, and the JDK's timed waits, follow the hub's clock.";
            default -> throw new AssertionError(name);
        };
    }

    private static volatile GreenConfig current;

    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Source> sources;

    private GreenConfig(Map<Setting<?>, Object> values, Map<Setting<?>, Source> sources) {
        this.values = values;
        this.sources = sources;
    }

    /** Every setting, in the order of the help table and the README. */
    public static List<Setting<?>> settings() {
        return SETTINGS;
    }

    /** The {@code green.patch.<name>} setting. */
    public static Setting<Boolean> patchSetting(String name) {
        Setting<Boolean> setting = PATCHES.get(name);
        if (setting == null) {
            throw new IllegalArgumentException("green: unknown patch '" + name + "'; valid patches: "
                    + String.join(", ", PATCH_NAMES));
        }
        return setting;
    }

    /**
     * The setting named by an agent-argument key: its alias ({@code runBatch}) or full key
     * ({@code green.runBatch}).
     *
     * @throws IllegalArgumentException with one line listing the valid keys
     */
    public static Setting<?> lookup(String name) {
        for (Setting<?> setting : SETTINGS) {
            if (setting.alias().equals(name) || setting.key().equals(name)) {
                return setting;
            }
        }
        throw new IllegalArgumentException("green: unknown setting '" + name + "'; " + validKeys());
    }

    private static String validKeys() {
        StringJoiner valid = new StringJoiner(", ");
        SETTINGS.forEach(s -> valid.add(s.alias()));
        return "valid keys: " + valid + " (or the same with the green. prefix)";
    }

    /**
     * Rejects a {@code green.*} system property that is no setting and no output of the agent.
     *
     * @throws IllegalArgumentException with one line naming the property and the valid keys
     */
    private static void checkPropertyNames(Properties systemProperties) {
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(Setting.PREFIX) && !OUTPUTS.contains(name)
                    && SETTINGS.stream().noneMatch(s -> s.key().equals(name))) {
                throw new IllegalArgumentException("green: unknown system property '-D" + name + "'; " + validKeys());
            }
        }
    }

    /**
     * Resolves every setting from agent arguments (already split into key and raw value, keys as
     * {@link #lookup} accepts them) over system properties over defaults.
     *
     * @throws IllegalArgumentException for the first unknown key (agent arguments first, then
     *     {@code green.*} system properties), duplicate, or bad value
     */
    public static GreenConfig resolve(Map<String, String> agentArguments, Properties systemProperties) {
        Map<Setting<?>, String> fromAgent = new IdentityHashMap<>();
        agentArguments.forEach((name, raw) -> {
            Setting<?> setting = lookup(name);
            if (fromAgent.put(setting, raw) != null) {
                throw new IllegalArgumentException("green: setting " + setting.alias() + " given twice in the agent arguments");
            }
        });
        checkPropertyNames(systemProperties);
        Map<Setting<?>, Object> values = new IdentityHashMap<>();
        Map<Setting<?>, Source> sources = new IdentityHashMap<>();
        for (Setting<?> setting : SETTINGS) {
            String property = systemProperties.getProperty(setting.key());
            if (fromAgent.containsKey(setting)) {
                values.put(setting, setting.parse(fromAgent.get(setting)));
                sources.put(setting, Source.AGENT_ARGUMENT);
            } else if (property != null) {
                values.put(setting, setting.parse(property));
                sources.put(setting, Source.SYSTEM_PROPERTY);
            } else {
                values.put(setting, setting.defaultValue());
                sources.put(setting, Source.DEFAULT);
            }
        }
        return new GreenConfig(values, sources);
    }

    /** The settings as the system properties give them (library mode). */
    public static GreenConfig fromSystemProperties() {
        return resolve(Map.of(), System.getProperties());
    }

    /**
     * The effective settings: what the agent installed, else (library mode) the system properties,
     * read once on first use.
     *
     * @throws IllegalArgumentException when a {@code green.*} system property has a bad value
     */
    public static GreenConfig current() {
        GreenConfig config = current;
        if (config == null) {
            synchronized (GreenConfig.class) {
                config = current;
                if (config == null) {
                    current = config = fromSystemProperties();
                }
            }
        }
        return config;
    }

    /**
     * Makes {@code config} the effective settings. Called by the agent once, before any patch is
     * installed, so runtime code never sees another snapshot.
     */
    public static void install(GreenConfig config) {
        synchronized (GreenConfig.class) {
            current = config;
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        Object value = values.get(setting);
        if (value == null) {
            throw new IllegalArgumentException("green: not a registered setting: " + setting.key());
        }
        return (T) value;
    }

    public Source source(Setting<?> setting) {
        return sources.get(setting);
    }

    public boolean debug() {
        return get(DEBUG);
    }

    /** Whether {@code green.patch.<name>} is on. */
    public boolean patchEnabled(String name) {
        return get(patchSetting(name));
    }

    public long maxBlockingMillis() {
        return get(MAX_BLOCKING);
    }

    public int runBatch() {
        return get(RUN_BATCH);
    }

    public boolean relief() {
        return get(RELIEF);
    }

    public long reliefAfterMillis() {
        return get(RELIEF_AFTER);
    }

    /** {@code green.seed}, if set. */
    public OptionalLong seed() {
        String raw = get(SEED);
        return raw.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(raw.strip()));
    }

    /**
     * Whether hub time is virtual: {@code green.clock=virtual}, or a seed without a clock given,
     * since under real time the timers would choose the interleaving as much as the seed does.
     */
    public boolean virtualClock() {
        return get(CLOCK).equals("virtual") || seed().isPresent() && source(CLOCK) == Source.DEFAULT;
    }

    /** Whether the {@code clock} patch is wanted: time is virtual, or may become so ({@code switchable}). */
    public boolean clockPatch() {
        return virtualClock() || get(CLOCK).equals("switchable");
    }

    /** Whether the program's main runs as a fiber: under a seed or virtual time, it must take part in the schedule. */
    public boolean mainOnFiber() {
        return seed().isPresent() || virtualClock();
    }

    public int reliefThreads() {
        return get(RELIEF_THREADS);
    }

    /** One line with every effective value and where it differs from the default, for a DEBUG log. */
    public String describe() {
        StringJoiner line = new StringJoiner(", ", "green settings: ", "");
        for (Setting<?> setting : SETTINGS) {
            Source source = sources.get(setting);
            line.add(setting.key() + "=" + values.get(setting)
                    + (source == Source.DEFAULT ? "" : " (" + source.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")"));
        }
        return line.toString();
    }

    /** The settings table for {@code java -jar green.jar --help}: key, default, valid values, doc. */
    public static String helpTable() {
        int width = 0;
        for (Setting<?> s : SETTINGS) {
            width = Math.max(width, s.key().length());
        }
        StringBuilder out = new StringBuilder();
        out.append("Settings: -javaagent:green.jar=<alias>=<value>,... or -D<key>=<value> (the agent argument wins)\n");
        for (Setting<?> s : SETTINGS) {
            out.append(String.format("  %-" + width + "s  default %-6s  %s%n      %s (agent argument: %s)%n",
                    s.key(), s.defaultValue(), s.doc(), s.expected(), s.alias()));
        }
        return out.toString();
    }
}
