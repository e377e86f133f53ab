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
    void rewritesConstructorsPoolsBuildersAndStatics() throws Exception {
        List<String> calls = Rewrites.calls(Rewrites.transform(transformer, "fixtures/ThreadCalls"));
        for (String call : List.of("adopt (Ljava/lang/Thread;)Ljava/lang/Thread;", "threadFactory ()Ljava/util/concurrent/ThreadFactory;",
                "builderStart (Ljava/lang/Thread$Builder;Ljava/lang/Runnable;)Ljava/lang/Thread;", "onSpinWait ()V",
                "currentThread ()Ljava/lang/Thread;")) {
            assertTrue(calls.contains(HOOK + call), call + " missing in " + calls);
        }
        assertTrue(calls.contains("java/util/concurrent/Executors.newFixedThreadPool (ILjava/util/concurrent/ThreadFactory;)"
                + "Ljava/util/concurrent/ExecutorService;"), calls.toString());
        assertTrue(calls.contains("java/util/concurrent/ThreadPoolExecutor.<init> (IIJLjava/util/concurrent/TimeUnit;"
                + "Ljava/util/concurrent/BlockingQueue;Ljava/util/concurrent/ThreadFactory;"
                + "Ljava/util/concurrent/RejectedExecutionHandler;)V"), calls.toString());
        // instance methods are the business of the hooks inside java.lang.Thread, whoever calls them
        assertTrue(calls.contains("java/lang/Thread.start ()V") && calls.contains("java/lang/Thread.join ()V"), calls.toString());
        assertEquals(0, errors.count());
    }

    @Test
    void aSubclassAnnouncesItselfBeforeItsSuperCallAndItsStaticCallsAreRewritten() throws Exception {
        List<String> calls = Rewrites.calls(Rewrites.transform(transformer, "fixtures/ThreadCalls$Worker"));
        assertEquals(HOOK + "subclassConstructed ()V", calls.getFirst(), calls.toString());
        assertEquals("java/lang/Thread.<init> (Ljava/lang/String;)V", calls.get(1), "super(name) stays");
        assertFalse(calls.stream().anyMatch(c -> c.contains("adopt")), calls.toString());
        assertTrue(calls.contains(HOOK + "onSpinWait ()V"), "Worker.onSpinWait() " + calls);
    }

    @Test
    void aClassThatNamesOnlyTheSubclassIsRewrittenToo() throws Exception {
        List<String> calls = Rewrites.calls(Rewrites.transform(transformer, "fixtures/ThreadCalls$NamesOnlyTheSubclass"));
        assertTrue(calls.contains(HOOK + "currentThread ()Ljava/lang/Thread;"), calls.toString());
        assertFalse(calls.stream().anyMatch(c -> c.contains(".currentThread") && !c.startsWith(HOOK)), calls.toString());
    }

    @Test
    void rewrittenCodePassesTheVerifierAndRunsOnFibers() throws Exception {
        ClassLoader loader = Rewrites.loaderOf(Map.of(
                ThreadCalls.class.getName(), Rewrites.transform(transformer, "fixtures/ThreadCalls"),
                ThreadCalls.class.getName() + "$Worker", Rewrites.transform(transformer, "fixtures/ThreadCalls$Worker"),
                ThreadCalls.class.getName() + "$NamesOnlyTheSubclass",
                Rewrites.transform(transformer, "fixtures/ThreadCalls$NamesOnlyTheSubclass")));
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) loader.loadClass(ThreadCalls.class.getName())
                .getMethod("run", boolean.class).invoke(null, true);
        assertEquals(List.of("a:true", "plain named virtual=true state=TERMINATED", "pool virtual=true name=pool-1-thread-2",
                "tpe virtual=true", "built true", "spin-wait ended", "current true"), seen);
    }
}
