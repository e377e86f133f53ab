package green.it;

import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.DeepRecursion: threads constructed with their own stack size recurse a million frames deep.
 * As fibers they would overflow (their frames run on the hub thread's default-sized stack), so the
 * thread patch leaves them platform threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeepRecursionIT {
    static final List<String> EXPECTED = List.of(
            "constructor with stack size: 1000000",
            "builder with stack size: 1000000");

    @Test
    void threadsGivenAStackSizeReachTheSameDepthWithAndWithoutTheAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("DeepRecursion"));
        assertOutput(runs.green(), EXPECTED);
    }
}
