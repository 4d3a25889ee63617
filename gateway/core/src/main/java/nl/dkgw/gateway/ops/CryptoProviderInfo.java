package nl.dkgw.gateway.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import nl.dkgw.gateway.security.CryptoProviderChoice;

/**
 * The JCA provider this node's cryptography runs on, as an info metric: {@code dkgw_crypto_provider_info} with the
 * labels {@code provider} ({@code native} or {@code jdk}), {@code name} and {@code version}, always 1.
 */
final class CryptoProviderInfo implements MeterBinder {

    static final String NAME = "dkgw.crypto.provider.info";

    private final CryptoProviderChoice choice;

    CryptoProviderInfo(CryptoProviderChoice choice) {
        this.choice = choice;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(NAME, () -> 1)
                .tag("provider", choice.provider())
                .tag("name", choice.name())
                .tag("version", choice.version())
                .description("the JCA provider this node's RSA, AES-GCM, digests and TLS run on: native (Amazon "
                        + "Corretto Crypto Provider) or jdk (security.crypto-provider)")
                .register(registry);
    }
}
