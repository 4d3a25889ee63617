package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Figures read from a node's /metrics. */
class PrometheusTextTest {

    static final String SCRAPE = """
            # HELP dkgw_store_transactions_total units of work run against the message store
            # TYPE dkgw_store_transactions_total counter
            dkgw_store_transactions_total{kind="autocommit"} 1523.0
            dkgw_store_transactions_total{kind="transaction"} 402.0
            # HELP dkgw_messages_acknowledged_total reliable messages acknowledged
            # TYPE dkgw_messages_acknowledged_total counter
            dkgw_messages_acknowledged_total{cpa_id="cpa-1"} 300.0
            dkgw_messages_acknowledged_total{cpa_id="cpa-2"} 2.0
            dkgw_messages_acknowledged_total_created{cpa_id="cpa-1"} 1.7649E9
            dkgw_delivery_queue_depth 7.0
            dkgw_delivery_queue_depth_max 9.0
            """;

    @Test
    void sumsEverySampleOfTheMetricOverItsLabels() {
        assertThat(PrometheusText.sum(SCRAPE, "dkgw_store_transactions_total")).hasValue(1925.0);
        assertThat(PrometheusText.sum(SCRAPE, "dkgw_messages_acknowledged_total"))
                .as("not the _created sample of another name")
                .hasValue(302.0);
    }

    @Test
    void aMetricWithoutLabels() {
        assertThat(PrometheusText.sum(SCRAPE, "dkgw_delivery_queue_depth")).hasValue(7.0);
    }

    @Test
    void aMetricTheNodeDoesNotExportIsMissingNotZero() {
        assertThat(PrometheusText.sum(SCRAPE, "dkgw_messages_failed_total")).isEqualTo(OptionalDouble.empty());
        assertThat(PrometheusText.sum(SCRAPE, "dkgw_store")).isEmpty();
    }
}
