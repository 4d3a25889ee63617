package nl.dkgw.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's options and its summary table: medians per side and the ratio B/A of each round's pair. */
class CompareTest {

    private static Compare.Round round(int no, String side, long acked, double rate, double cpuMs, double tx) {
        return round(no, side, acked, rate, cpuMs, tx, Compare.Tls.NOT_COUNTED);
    }

    private static Compare.Round round(
            int no, String side, long acked, double rate, double cpuMs, double tx, Compare.Tls tls) {
        return new Compare.Round(
                no,
                side,
                acked,
                0,
                0,
                10,
                rate,
                cpuMs,
                cpuMs / 2,
                Double.NaN,
                tx,
                tx,
                50,
                "1.0 1.0 1.0",
                tls,
                Compare.Machine.NOT_MEASURED);
    }

    @Test
    void theRunnersCpuAndWhatElseTheMachineDidArePerMessageAndIdleAndStealAreShares() {
        // 100 messages; the nodes 300 + 150 ms, the database 50, the runner 100, the machine busy 700 of 1,000
        Compare.Round a = measured("A", new Compare.Machine(100, 700, 250, 50));
        Compare.Round b = measured("B", new Compare.Machine(50, 600, 400, 0));

        assertThat(a.runnerCpuPerMessage()).isEqualTo(1.0);
        assertThat(a.otherCpuPerMessage()).isEqualTo(1.0);
        assertThat(a.idlePercent()).isEqualTo(25.0);
        assertThat(a.stealPercent()).isEqualTo(5.0);
        assertThat(Compare.summary(List.of(a, b)))
                .contains("| CPU ms per message, the runner (load and scrapes) | 1.00 | 0.50 | 0.50 |")
                .contains("| CPU ms per message, everything else on the machine | 1.00 | 0.50 | 0.50 |")
                .contains("| machine CPU idle, % of the round | 25.0 | 40.0 | 1.60 |");
    }

    private static Compare.Round measured(String side, Compare.Machine machine) {
        return new Compare.Round(
                1, side, 100, 0, 0, 10, 10, 300, 150, 50, 1, 1, 50, "1.0 1.0 1.0", Compare.Tls.NOT_COUNTED, machine);
    }

    @Test
    void theSummaryGivesEachSidesMedianAndTheRatioOfEachRoundsPair() {
        List<Compare.Round> rounds = List.of(
                round(1, "A", 100, 50, 2000, 800),
                round(1, "B", 100, 100, 1000, 100),
                round(2, "B", 100, 90, 1200, 100),
                round(2, "A", 100, 45, 2400, 800));

        String summary = Compare.summary(rounds);

        assertThat(summary)
                .contains("| acknowledged msgs/s (steady) | 47.5 (45.0-50.0) | 95.0 (90.0-100.0) | 2.00 (2.00-2.00) |")
                .contains(
                        "| CPU ms per message, sender | 22.00 (20.00-24.00) | 11.00 (10.00-12.00) | 0.50 (0.50-0.50) |")
                .contains("| CPU ms per message, both nodes | 33.00 (30.00-36.00) | 16.50 (15.00-18.00) |")
                .contains("| store transactions per message, sender | 8.00 (8.00-8.00) | 1.00 (1.00-1.00) |"
                        + " 0.13 (0.13-0.13) |");
    }

    @Test
    void aSideWithoutTheTransactionCounterShowsNotAvailable() {
        List<Compare.Round> rounds =
                List.of(round(1, "A", 100, 50, 2000, Double.NaN), round(1, "B", 100, 50, 2000, 300));

        assertThat(Compare.summary(rounds)).contains("| store transactions per message, receiver | n/a | 3.00 | n/a |");
    }

    @Test
    void handshakesAndConnectionsPerMessageOfEachNodeAndNotAvailableForARevisionWithoutTheCounters() {
        List<Compare.Round> rounds = List.of(
                round(1, "A", 1000, 50, 2000, 8, Compare.Tls.NOT_COUNTED),
                round(1, "B", 1000, 50, 2000, 8, new Compare.Tls(8, 16, 16, 8)));

        assertThat(Compare.summary(rounds))
                .contains("| TLS handshakes per message, sender | n/a | 0.0080 | n/a |")
                .contains("| TLS handshakes per message, receiver | n/a | 0.0160 | n/a |")
                .contains("| TLS connections opened per message, sender | n/a | 0.0160 | n/a |")
                .contains("| TLS connections opened per message, receiver | n/a | 0.0080 | n/a |");
    }

    @Test
    void theWarmUpTellsHowManyConnectionsTheNodesSetUp() {
        assertThat(Compare.warmupConnections(new Compare.Tls(8, 9, 10, 7)))
                .isEqualTo("9 handshakes on the receiver and 8 on the sender, 10 connections opened by the sender and 7"
                        + " by the receiver");
        assertThat(Compare.warmupConnections(Compare.Tls.NOT_COUNTED)).isEqualTo("n/a");
    }

    @Test
    void aNodeThatCountsHandshakesButOpenedNoConnectionHasOpenedZero() {
        String counting = """
                dkgw_tls_handshakes_total{outcome="failed",side="server"} 0.0
                dkgw_tls_handshakes_total{outcome="succeeded",side="server"} 3.0
                """;
        String withConnections = counting + "dkgw_tls_connections_opened_total{peer=\"h:1\",side=\"client\"} 2.0\n";

        assertThat(Compare.tls(counting, withConnections)).isEqualTo(new Compare.Tls(3, 3, 0, 2));
        assertThat(Compare.tls("dkgw_store_transactions_total 1.0\n", withConnections)
                        .senderConnections())
                .isNaN();
    }

    @Test
    void theLatencyPhaseOffersBothSidesHalfTheSlowerSidesMedianRateUnlessARateIsGiven() {
        List<Compare.Round> rounds = List.of(
                round(1, "A", 100, 50, 2000, 8),
                round(1, "B", 100, 100, 1000, 8),
                round(2, "B", 100, 90, 1000, 8),
                round(2, "A", 100, 46, 2000, 8));
        String[] sides = {"--a-jar", "a.jar", "--a-chain", "a", "--b-jar", "b.jar", "--b-chain", "b"};

        assertThat(Compare.latencyRate(Compare.Options.parse(sides), rounds)).isEqualTo(24.0);
        String[] withRate = java.util.stream.Stream.concat(
                        java.util.Arrays.stream(sides), java.util.stream.Stream.of("--latency-rate", "30"))
                .toArray(String[]::new);
        assertThat(Compare.latencyRate(Compare.Options.parse(withRate), rounds)).isEqualTo(30.0);
        assertThat(Compare.latencyRate(Compare.Options.parse(sides), List.of())).isZero();
    }

    @Test
    void theAcknowledgedMessagesOfASearchPageWithTheTimeTheirRowChanged() {
        String page = """
                {"messages":[{"id":7,"messageId":"m-2@ggd","direction":"OUT","kind":"USER","status":"ACKNOWLEDGED",\
                "statusDetail":null,"createdAt":"2026-12-03T13:00:00.100Z","updatedAt":"2026-12-03T13:00:00.142315Z"},\
                {"id":6,"messageId":"m-1@ggd","direction":"OUT","kind":"USER","status":"PENDING",\
                "statusDetail":null,"createdAt":"2026-12-03T13:00:00.090Z","updatedAt":"2026-12-03T13:00:00.090Z"}],\
                "next":null}""";

        assertThat(Compare.acknowledgedOn(page))
                .containsExactly(
                        java.util.Map.entry("m-2@ggd", java.time.Instant.parse("2026-12-03T13:00:00.142315Z")));
    }

    @Test
    void latencyPercentilesAreNearestRank() {
        List<Double> millis = new java.util.ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            millis.add((double) i);
        }
        java.util.Collections.shuffle(millis, new java.util.Random(1));

        Latency.Percentiles p = Latency.Percentiles.of(millis);

        assertThat(p).isEqualTo(new Latency.Percentiles(1, 100, 198, 200));
        assertThat(Latency.Percentiles.of(List.of(7.0))).isEqualTo(new Latency.Percentiles(7, 7, 7, 7));
        assertThat(Latency.Percentiles.of(List.of()).p99()).isNaN();
    }

    @Test
    void theLatencyTableComparesTheSidesTurnByTurn() {
        String table = Compare.latencySummary(
                List.of(
                        latency("A", 1, new Latency.Percentiles(5, 20, 80, 120)),
                        latency("A", 2, new Latency.Percentiles(5, 30, 300, 400)),
                        latency("B", 1, new Latency.Percentiles(4, 10, 40, 90)),
                        latency("B", 2, new Latency.Percentiles(4, 15, 150, 200))),
                50,
                20);

        assertThat(table)
                .contains("50.0 msgs/s offered to each side for 20 s")
                .contains("| submit to acknowledgment p50, phase run first, ms | 20.0 | 10.0 | 0.50 |")
                .contains("| submit to acknowledgment p99, phase run first, ms | 80.0 | 40.0 | 0.50 |")
                .contains("| submit to acknowledgment max, phase run first, ms | 120.0 | 90.0 | 0.75 |")
                .contains("| submit to acknowledgment p99, phase run second, ms | 300.0 | 150.0 | 0.50 |")
                .contains("| A | 1 | 50.0 | 49.8 | 1000 | 0 | 1000 | 0 | 20.0 | 80.0 | 120.0 | -1.0 | 15.0 | 70.0 |")
                .contains("| B | 2 | 50.0 | 49.8 | 1000 | 0 | 1000 | 0 | 15.0 | 150.0 | 200.0 | -1.0 | 15.0 | 70.0 |");
        assertThat(Compare.latencySummary(List.of(), 0, 0)).isEmpty();
    }

    private static Latency latency(String side, int turn, Latency.Percentiles fromPost) {
        return new Latency(side, 50, 49.8, 1000, 0, 1000, 0, fromPost, new Latency.Percentiles(-1, 15, 70, 110), turn);
    }

    @Test
    void optionsWithDefaults() {
        Compare.Options o = Compare.Options.parse(
                "--a-jar", "a.jar", "--a-chain", "a", "--b-jar", "b.jar", "--b-chain", "b", "--b-jvm", "-Dx=1 -Dy=2");

        assertThat(o.rounds()).isEqualTo(4);
        assertThat(o.seconds()).isEqualTo(20);
        assertThat(o.window()).isEqualTo(200);
        assertThat(o.a().jar()).isEqualTo(Path.of("a.jar"));
        assertThat(o.a().jvmOptions()).isEmpty();
        assertThat(o.a().clients()).isEqualTo(8);
        assertThat(o.b().clients()).isEqualTo(8);
        assertThat(o.b().jvmOptions()).containsExactly("-Dx=1", "-Dy=2");
        assertThat(o.latencySeconds()).isEqualTo(20);
        assertThat(o.latencyRate()).isZero();
        assertThatThrownBy(() -> Compare.Options.parse("--a-jar", "a.jar")).hasMessageContaining("--a-chain");
    }

    @Test
    void clientsForBothSidesOrForOne() {
        String[] sides = {"--a-jar", "a.jar", "--a-chain", "a", "--b-jar", "b.jar", "--b-chain", "b"};
        Compare.Options both = Compare.Options.parse(concat(sides, "--clients", "16"));
        assertThat(both.a().clients()).isEqualTo(16);
        assertThat(both.b().clients()).isEqualTo(16);

        Compare.Options oneSide = Compare.Options.parse(concat(sides, "--clients", "16", "--b-clients", "24"));
        assertThat(oneSide.a().clients()).isEqualTo(16);
        assertThat(oneSide.b().clients()).isEqualTo(24);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
