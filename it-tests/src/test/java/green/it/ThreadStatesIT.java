package green.it;

import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * demo.ThreadStates: {@code getState()} of threads in each kind of wait reads the same with and
 * without the agent: a fiber sleeping on a hub timer is {@code TIMED_WAITING}, one waiting on the
 * hub for a socket is {@code RUNNABLE} as a platform thread in native code is.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ThreadStatesIT {
    static final List<String> EXPECTED = List.of(
            "before start: NEW",
            "sleeper: TIMED_WAITING",
            "waiter: WAITING",
            "timed waiter: TIMED_WAITING",
            "parker: WAITING",
            "acceptor: RUNNABLE",
            "blocked: BLOCKED",
            "reader: RUNNABLE",
            "reader after a byte: TERMINATED",
            "all: TERMINATED");

    @Test
    void everyKindOfWaitReadsTheSameWithAndWithoutTheAgent() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("ThreadStates"));
        assertOutput(runs.plain(), EXPECTED);
    }
}
