package green.it;

import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.ThreadSubclasses: a subclass's own {@code start()} runs as written under the agent (it was
 * bypassed: the stand-in fiber started without it), its {@code super.start()} is what starts
 * the stand-in, once, and in its {@code run()} {@code Thread.currentThread()} is the subclass
 * object (a cast to it threw {@code ClassCastException}), {@code LockSupport.unpark} of it reaches
 * the stand-in (it was lost: a hang), and its uncaught exception goes to the handler set on it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadSubclassesIT {
    static final List<String> EXPECTED = List.of(
            "starting logged",
            "running logged, current thread is this: true",
            "logged alive after join: false",
            "twice ran once",
            "second super.start(): IllegalThreadStateException",
            "inline ran, state NEW",
            "inline state after start: NEW",
            "counted 1000, state TERMINATED",
            "anonymous ran as anonymous",
            "parker released",
            "handler got \"failing failed\" from renamed-in-run, the subclass object: true",
            "done");

    @Test
    void overridesOfStartRunAsWrittenWithAndWithoutTheAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("ThreadSubclasses"));
        assertOutput(runs.plain(), EXPECTED);
    }
}
