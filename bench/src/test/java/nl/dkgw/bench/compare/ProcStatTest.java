package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import org.junit.jupiter.api.Test;

/** CPU ticks from a /proc/<pid>/stat line, and a server's with its children. */
class ProcStatTest {

    @Test
    void userPlusSystemTicks() {
        String line = "4242 (java) S 1 4242 4242 0 -1 4194560 90210 0 12 0 1234 567 0 0 20 0 61 0 8731 "
                + "3858255872 123456 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";
        assertThat(ProcStat.cpuTicks(line)).isEqualTo(1234 + 567);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        String line = "77 (my (odd) name) R 1 77 77 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 0 0";
        assertThat(ProcStat.cpuTicks(line)).isEqualTo(30);
    }

    @Test
    void theMachineIsBusyIdleAndStolenTimeOfAllItsCpus() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        ProcStat.Machine earlier = ProcStat.Machine.of("cpu  1000 10 200 5000 100 0 30 40 0 0");
        ProcStat.Machine later = ProcStat.Machine.of("cpu  1500 10 260 5300 120 0 40 70 0 0");

        assertThat(earlier).isEqualTo(new ProcStat.Machine(1240, 5100, 40));
        assertThat(later.since(earlier)).isEqualTo(new ProcStat.Machine(570, 320, 30));
        assertThat(later.since(earlier).total()).isEqualTo(920);
        assertThatThrownBy(() -> ProcStat.Machine.of("cpu0 1 2 3 4 5 6 7 8"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theParentAndTheEndedChildrensTicks() {
        String line = "4300 (postgres) S 4242 4300 4300 0 -1 0 0 0 0 0 10 20 300 40 20 0 1 0 5 0 0";
        assertThat(ProcStat.parentPid(line)).isEqualTo(4242);
        assertThat(ProcStat.endedChildrenTicks(line)).isEqualTo(340);
    }

    @Test
    void aServerCountsItsRunningChildren() throws Exception {
        long self = ProcessHandle.current().pid();
        // works a while, says so, then waits on its input: still running, with CPU time of its own
        Process child = new ProcessBuilder(
                        "sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done; echo worked; read line")
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("worked");
            double childCpu = ProcStat.cpuMillis(child.pid(), 100);
            double ownCpu = ProcStat.cpuMillis(self, 100);

            assertThat(childCpu).isPositive();
            // each sum only grows, and the server's is read last
            assertThat(ProcStat.serverCpuMillis(self, 100)).isGreaterThanOrEqualTo(ownCpu + childCpu);
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcStat.cpuTicks("no such thing")).isInstanceOf(IllegalArgumentException.class);
    }
}
