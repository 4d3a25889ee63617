package nl.dkgw.gateway.msh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** What the sender keeps of the receipts it expects: bounded, the oldest let go first, a message let go once acked. */
class ExpectedReceiptsTest {

    private static final ExpectedReceipts.Expected ASKED = new ExpectedReceipts.Expected(true, List.of());
    private static final ExpectedReceipts.Expected NOT_ASKED = new ExpectedReceipts.Expected(false, List.of());

    @Test
    void aMessageIsFoundByItsCpaAndMessageIdUntilItIsForgotten() {
        ExpectedReceipts receipts = new ExpectedReceipts(4);
        receipts.expect("cpa-1", "m1@dkgw", ASKED);
        receipts.expect("cpa-2", "m1@dkgw", NOT_ASKED);

        assertThat(receipts.find("cpa-1", "m1@dkgw")).contains(ASKED);
        assertThat(receipts.find("cpa-2", "m1@dkgw")).contains(NOT_ASKED);
        assertThat(receipts.find("cpa-1", "m2@dkgw")).isEmpty();

        receipts.forget("cpa-1", "m1@dkgw");

        assertThat(receipts.find("cpa-1", "m1@dkgw")).isEmpty();
        assertThat(receipts.find("cpa-2", "m1@dkgw")).contains(NOT_ASKED);
    }

    @Test
    void pastTheLimitTheOldestIsLetGo() {
        ExpectedReceipts receipts = new ExpectedReceipts(3);
        for (int i = 1; i <= 5; i++) {
            receipts.expect("cpa", "m" + i, ASKED);
        }

        assertThat(receipts.size()).isEqualTo(3);
        assertThat(receipts.find("cpa", "m1")).isEmpty();
        assertThat(receipts.find("cpa", "m2")).isEmpty();
        assertThat(receipts.find("cpa", "m3")).isPresent();
        assertThat(receipts.find("cpa", "m5")).isPresent();
    }

    @Test
    void messagesForgottenOnTimeLeaveNoKeysBehindPastTwiceTheLimit() {
        ExpectedReceipts receipts = new ExpectedReceipts(3);
        for (int i = 1; i <= 100; i++) {
            receipts.expect("cpa", "m" + i, ASKED);
            receipts.forget("cpa", "m" + i);
        }
        receipts.expect("cpa", "last", ASKED);

        assertThat(receipts.ordered()).isLessThanOrEqualTo(6);
        assertThat(receipts.size()).isEqualTo(1);
        assertThat(receipts.find("cpa", "last")).contains(ASKED);
    }

    @Test
    void manyThreadsExpectingAndForgettingAtOnceKeepTheBound() throws Exception {
        ExpectedReceipts receipts = new ExpectedReceipts(50);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                running.add(pool.submit(() -> {
                    for (int i = 0; i < 5000; i++) {
                        receipts.expect("cpa", thread + "-" + i, ASKED);
                        if (i % 2 == 0) {
                            receipts.forget("cpa", thread + "-" + i);
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        receipts.expect("cpa", "after", ASKED);

        assertThat(receipts.size()).isLessThanOrEqualTo(50);
        assertThat(receipts.ordered()).isLessThanOrEqualTo(100);
        assertThat(receipts.find("cpa", "after")).contains(ASKED);
    }

    @Test
    void theDefaultLimitIsTheDocumentedOne() {
        ExpectedReceipts receipts = new ExpectedReceipts();
        for (int i = 0; i <= ExpectedReceipts.MOST_KEPT; i++) {
            receipts.expect("cpa", "m" + i, ASKED);
        }

        assertThat(receipts.size()).isEqualTo(ExpectedReceipts.MOST_KEPT);
        assertThat(receipts.find("cpa", "m0")).isEmpty();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new ExpectedReceipts(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
