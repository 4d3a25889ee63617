package nl.dkgw.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Readiness asks the store whether it answers through the {@code StoreHealth} port, so this runs without a
 * database: the node is ready exactly while the store answers.
 */
class ReadinessTest {

    @Test
    void theNodeIsReadyOnlyWhileTheStoreAnswers() {
        AtomicBoolean answers = new AtomicBoolean(true);
        Readiness readiness = new Readiness(answers::get, Optional.empty(), List.of(), Clock.systemUTC());

        Readiness.Report up = readiness.check(true, Duration.ofHours(1));
        assertThat(up.ready()).isTrue();
        assertThat(up.checks().get("database")).isEqualTo(new Readiness.Check(true, "answers"));

        answers.set(false);
        Readiness.Report down = readiness.check(true, Duration.ofHours(1));
        assertThat(down.ready()).isFalse();
        assertThat(down.checks().get("database")).isEqualTo(new Readiness.Check(false, "the database does not answer"));
    }
}
