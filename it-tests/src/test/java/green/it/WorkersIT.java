package green.it;

import static green.it.GreenAssertions.assertAllOnHub;
import static green.it.GreenAssertions.assertOutput;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** demo.Workers: {@code class Worker extends Thread}, start/isAlive/join/setDaemon/interrupt. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkersIT {
    static final List<String> EXPECTED = List.of(
            "worker-0 daemon=false alive-before-start=false",
            "worker-1 daemon=true alive-before-start=false",
            "worker-2 daemon=false alive-before-start=false",
            "worker-3 daemon=true alive-before-start=false",
            "worker-4 daemon=false alive-before-start=false",
            "worker-5 daemon=true alive-before-start=false",
            "worker-6 daemon=false alive-before-start=false",
            "worker-7 daemon=true alive-before-start=false",
            "worker-0 alive-while-held=true",
            "worker-1 alive-while-held=true",
            "worker-2 alive-while-held=true",
            "worker-3 alive-while-held=true",
            "worker-4 alive-while-held=true",
            "worker-5 alive-while-held=true",
            "worker-6 alive-while-held=true",
            "worker-7 alive-while-held=true",
            "worker-0 result=3682471 alive-after-join=false",
            "worker-1 result=7574159 alive-after-join=false",
            "worker-2 result=11549477 alive-after-join=false",
            "worker-3 result=15395729 alive-after-join=false",
            "worker-4 result=19383278 alive-after-join=false",
            "worker-5 result=23283590 alive-after-join=false",
            "worker-6 result=27200729 alive-after-join=false",
            "worker-7 result=30763619 alive-after-join=false",
            "sleeper interrupted alive=false",
            "workers n=8 total=138833052");

    @Test
    void withoutAgentWorkersReportInOrder() {
        assertOutput(ChildJvm.demo("Workers").run(), EXPECTED);
    }

    @Test
    void withAgentSameOutputAndWorkersRunAsFibers() {
        AgentGate.requireActive();
        Differential.Runs runs = Differential.run(ChildJvm.demo("Workers"));
        assertOutput(runs.green(), EXPECTED);
        assertAllOnHub(runs.green(), "worker_thread", 8);
    }
}
