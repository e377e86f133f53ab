package green.agent.patch;

import java.util.List;

/**
 * The {@code blocking} patch, for the calls that block a fiber's thread and that no poller can
 * take:
 * <ul>
 *   <li>hooks at the entry of {@code jdk.internal.misc.Blocker.begin()} and {@code end(boolean)},
 *       which the JDK calls around the blocking native calls it knows (process pipes,
 *       {@code System.in}, file sync and locks, {@code O_SYNC}/{@code O_DIRECT} file I/O): a fiber
 *       makes such a call on a worker thread and then returns to the hub
 *       ({@code green.hooks.BlockerHook}), except for writes to {@code System.out}/{@code err},
 *       which stay;
 *   <li>hooks at the entry of ordinary file reads and writes, which the JDK does not bracket
 *       ({@code FileInputStream}, {@code FileOutputStream}, {@code FileChannelImpl.beginBlocking},
 *       through which {@code Files.*} go): a fiber that keeps making them gets its loop relieved
 *       ({@code green.hooks.FileHook}). {@code RandomAccessFile}, which the JDK's jar reader uses
 *       for every class it loads, is left alone.
 * </ul>
 *
 * <p>Stateless; its hooks are put in as the class loads, or on retransformation.
 */
public final class BlockingPatch implements Patch {

    private static final String BLOCKER = "jdk/internal/misc/Blocker";
    private static final String HOOK = "green/hooks/BlockerHook";
    private static final String FILE_HOOK = "green/hooks/FileHook";
    private static final String FILE_IN = "java/io/FileInputStream";
    private static final String FILE_OUT = "java/io/FileOutputStream";

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
                EntryHook.notifying(BLOCKER, "end", "(Z)V", HOOK, "end"),
                fileCall(FILE_IN, "read", "()I"),
                fileCall(FILE_IN, "read", "([B)I"),
                fileCall(FILE_IN, "read", "([BII)I"),
                fileCall(FILE_OUT, "write", "(I)V"),
                fileCall(FILE_OUT, "write", "([B)V"),
                fileCall(FILE_OUT, "write", "([BII)V"),
                fileCall("sun/nio/ch/FileChannelImpl", "beginBlocking", "()V"));
    }

    private static EntryHook fileCall(String owner, String method, String descriptor) {
        return EntryHook.notifying(owner, method, descriptor, FILE_HOOK, "blocking");
    }
}
