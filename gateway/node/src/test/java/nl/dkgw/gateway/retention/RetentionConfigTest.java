package nl.dkgw.gateway.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention section: P30D by default, set in gateway.yml, overridden by DKGW_RETENTION_PERIOD. */
class RetentionConfigTest {

    @TempDir
    Path dir;

    @Test
    void retentionPeriodDefaultsToThirtyDaysAndCanBeSetAndOverridden() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yml"), "node:\n  id: n1\n");
        Path set = Files.writeString(dir.resolve("set.yml"), "retention:\n  period: P7D\n");
        GatewayConfigLoader loader = new GatewayConfigLoader();

        assertThat(loader.load(empty, Map.of()).retention().period()).isEqualTo(Duration.ofDays(30));
        assertThat(loader.load(set, Map.of()).retention().period()).isEqualTo(Duration.ofDays(7));
        assertThat(loader.load(set, Map.of("DKGW_RETENTION_PERIOD", "PT36H"))
                        .retention()
                        .period())
                .isEqualTo(Duration.ofHours(36));
    }
}
