package green.agent.patch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fixtures.ThreadCalls;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadPatchTest {

    private static final String HOOK = "green/hooks/ThreadHook.";
    private final TransformErrors errors = Rewrites.quietErrors();
    private final CallSiteTransformer transformer = new CallSiteTransformer(List.of(new ThreadPatch()), errors);

    @Test
    void rewritesConstructorsThreadMethodsPoolsAndBuilders() throws Exception {
        List<String> calls = Rewrites.calls(Rewrites.transform(transformer, "fixtures/ThreadCalls"));
        assertTrue(calls.contains(HOOK + "adopt (Ljava/lang/Thread;)Ljava/lang/Thread;"), calls.toString());
        for (String call : List.of("start (Ljava/lang/Thread;)V", "join (Ljava/lang/Thread;)V",
                "isAlive (Ljava/lang/Thread;)Z", "setDaemon (Ljava/lang/Thread;Z)V", "isDaemon (Ljava/lang/Thread;)Z",
                "setPriority (Ljava/lang/Thread;I)V", "getPriority (Ljava/lang/Thread;)I",
                "getState (Ljava/lang/Thread;)Ljava/lang/Thread$State;", "threadFactory ()Ljava/util/concurrent/ThreadFactory;",
                "builderStart (Ljava/lang/Thread$Builder;Ljava/lang/Runnable;)Ljava/lang/Thread;", "onSpinWait ()V",
                "currentThread ()Ljava/lang/Thread;")) {
            assertTrue(calls.contains(HOOK + call), call + " missing in " + calls);
        }
        assertTrue(calls.contains("java/util/concurrent/Executors.newFixedThreadPool (ILjava/util/concurrent/ThreadFactory;)"
                + "Ljava/util/concurrent/ExecutorService;"), calls.toString());
        assertTrue(calls.contains("java/util/concurrent/ThreadPoolExecutor.<init> (IIJLjava/util/concurrent/TimeUnit;"
                + "Ljava/util/concurrent/BlockingQueue;Ljava/util/concurrent/ThreadFactory;"
                + "Ljava/util/concurrent/RejectedExecutionHandler;)V"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("java/lang/Thread.start")), calls.toString());
        assertEquals(0, errors.count());
    }

    @Test
    void aSubclassConstructorsSuperCallIsLeftAloneButItsThreadMethodsAndSuperStartAreRewritten() throws Exception {
        List<String> calls = Rewrites.calls(Rewrites.transform(transformer, "fixtures/ThreadCalls$Worker"));
        assertEquals("java/lang/Thread.<init> (Ljava/lang/String;)V", calls.getFirst(), "super(name) stays");
        assertFalse(calls.stream().anyMatch(c -> c.contains("adopt")), calls.toString());
        assertTrue(calls.contains(HOOK + "isInterrupted (Ljava/lang/Thread;)Z"), calls.toString());
        assertTrue(calls.contains(HOOK + "superStart (Ljava/lang/Thread;)V"), calls.toString());
        assertFalse(calls.contains("java/lang/Thread.start ()V"), calls.toString());
    }

    @Test
    void rewrittenCodePassesTheVerifierAndRunsOnFibers() throws Exception {
        ClassLoader loader = Rewrites.loaderOf(Map.of(
                ThreadCalls.class.getName(), Rewrites.transform(transformer, "fixtures/ThreadCalls"),
                ThreadCalls.class.getName() + "$Worker", Rewrites.transform(transformer, "fixtures/ThreadCalls$Worker")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) loader.loadClass(ThreadCalls.class.getName())
                .getMethod("run", boolean.class).invoke(null, true);
        assertEquals(List.of("priority 11 rejected", "a:true prio=8",
                "plain named alive=false daemon=false prio=8 state=TERMINATED",
                "worker true:false alive=false override ran=true", "pool virtual=true name=pool-1-thread-2",
                "tpe virtual=true", "built true", "spin-wait ended"), seen);
    }
}
