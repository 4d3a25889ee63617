package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import org.junit.jupiter.api.Test;

/** With bodies over the spool threshold on disk, the budget counts only what a request holds in memory. */
class InboundMemoryBudgetSpoolingTest {

    private static final long MIB = 1024 * 1024;
    private static final long THRESHOLD = MIB;

    @Test
    void aSpooledBodyOfAnySizeCountsItsSoapPartOnly() {
        InboundMemoryBudget budget = new InboundMemoryBudget(128 * MIB, Duration.ZERO, THRESHOLD);
        long soapPart = SoapWithAttachments.MAX_SOAP_PART_BYTES;

        try (InboundMemoryBudget.Reservation gigabyte = budget.open()) {
            assertThat(gigabyte.growTo(1024 * MIB)).isEqualTo(InboundMemoryBudget.Verdict.GRANTED);
            assertThat(budget.reservedBytes()).isEqualTo(soapPart * InboundMemoryBudget.EXPANSION_FACTOR);
        }
        assertThat(budget.reservedBytes()).isZero();
        assertThat(budget.largestBody()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aBodyInMemoryCountsAllOfItAsBefore() {
        InboundMemoryBudget budget = new InboundMemoryBudget(128 * MIB, Duration.ZERO, THRESHOLD);
        try (InboundMemoryBudget.Reservation small = budget.open()) {
            assertThat(small.growTo(THRESHOLD)).isEqualTo(InboundMemoryBudget.Verdict.GRANTED);
            assertThat(budget.reservedBytes()).isEqualTo(THRESHOLD * InboundMemoryBudget.EXPANSION_FACTOR);
        }
        assertThat(budget.heldInMemory(1000)).isEqualTo(1000);
        assertThat(budget.heldInMemory(THRESHOLD + 1)).isEqualTo(THRESHOLD + 1);
        assertThat(budget.heldInMemory(Long.MAX_VALUE)).isEqualTo(SoapWithAttachments.MAX_SOAP_PART_BYTES);
    }

    @Test
    void aBudgetTooSmallForTheSoapPartOfASpooledBodyStillRefusesLargeBodies() {
        InboundMemoryBudget budget = new InboundMemoryBudget(6 * MIB, Duration.ZERO, THRESHOLD);
        assertThat(budget.largestBody()).isEqualTo(MIB);
        try (InboundMemoryBudget.Reservation r = budget.open()) {
            assertThat(r.growTo(MIB + 1)).isEqualTo(InboundMemoryBudget.Verdict.NEVER_FITS);
            assertThat(r.growTo(MIB)).isEqualTo(InboundMemoryBudget.Verdict.GRANTED);
        }
    }

    @Test
    void withoutSpoolingEveryBodyCountsWhole() {
        InboundMemoryBudget budget = new InboundMemoryBudget(60 * MIB, Duration.ZERO);
        assertThat(budget.largestBody()).isEqualTo(10 * MIB);
        try (InboundMemoryBudget.Reservation r = budget.open()) {
            assertThat(r.growTo(10 * MIB + 1)).isEqualTo(InboundMemoryBudget.Verdict.NEVER_FITS);
        }
    }

    @Test
    void othersHoldingTheBudgetMakeASpooledBodyWaitAndThenBusy() {
        InboundMemoryBudget budget = new InboundMemoryBudget(30 * MIB, Duration.ZERO, THRESHOLD);
        try (InboundMemoryBudget.Reservation first = budget.open();
                InboundMemoryBudget.Reservation second = budget.open()) {
            assertThat(first.growTo(500 * MIB)).isEqualTo(InboundMemoryBudget.Verdict.GRANTED);
            assertThat(second.growTo(500 * MIB)).isEqualTo(InboundMemoryBudget.Verdict.BUSY);
        }
    }
}
