package green.agent.patch;

import java.util.List;

/**
 * The {@code blocking} patch: hooks at the entry of {@code jdk.internal.misc.Blocker.begin()} and
 * {@code end(boolean)}, which the JDK calls around the blocking native calls it knows (process
 * pipes, {@code System.in}, file sync and locks, {@code O_SYNC}/{@code O_DIRECT} file I/O); a fiber
 * makes such a call on a worker thread and then returns to the hub ({@code green.hooks.BlockerHook}),
 * except for writes to {@code System.out}/{@code err}, which stay. Ordinary file reads and writes
 * ({@code FileInputStream}, {@code FileChannel}) are not bracketed by the JDK and still block the hub.
 *
 * <p>Stateless; its hooks are put in as the class loads, or on retransformation.
 */
public final class BlockingPatch implements Patch {

    private static final String BLOCKER = "jdk/internal/misc/Blocker";
    private static final String HOOK = "green/hooks/BlockerHook";

    @Override
    public String name() {
        return "blocking";
    }

    /**
     * {@code Blocker} is loaded by the first {@code println}; hooking it then is a hello world's
     * first, cold, use of ASM: ~24 ms of start-up (benchmarks/README.md, section 5).
     */
    @Override
    public boolean hooksWaitForFibers() {
        return true;
    }

    @Override
    public List<EntryHook> entryHooks() {
        return List.of(
                EntryHook.notifying(BLOCKER, "begin", "()Z", HOOK, "begin"),
                EntryHook.notifying(BLOCKER, "end", "(Z)V", HOOK, "end"));
    }
}
