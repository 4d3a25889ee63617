package nl.dkgw.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import nl.dkgw.gateway.security.CryptoProviderChoice;
import org.junit.jupiter.api.Test;

class CryptoProviderInfoTest {

    private static String scrape(CryptoProviderChoice choice) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new CryptoProviderInfo(choice).bindTo(registry);
        return registry.scrape();
    }

    @Test
    void theChosenProviderIsOneLabelledSeries() {
        String scraped = scrape(new CryptoProviderChoice("native", "AmazonCorrettoCryptoProvider", "2.5.0", "loaded"));

        assertThat(scraped)
                .contains(
                        "dkgw_crypto_provider_info{name=\"AmazonCorrettoCryptoProvider\",provider=\"native\",version=\"2.5.0\"} 1");
        assertThat(scraped).doesNotContain("provider=\"jdk\"");
    }

    @Test
    void theJdkIsShownAsSuch() {
        assertThat(scrape(new CryptoProviderChoice("jdk", "SunRsaSign", "17", "security.crypto-provider is jdk")))
                .contains("dkgw_crypto_provider_info{name=\"SunRsaSign\",provider=\"jdk\",version=\"17\"} 1");
    }
}
