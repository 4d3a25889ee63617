package nl.dkgw.gateway.diagnosis;

import java.nio.file.Path;
import java.util.Objects;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.KeySourceLoader;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.CrlSource;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.HttpCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;

/**
 * What a node connects to a partner with: its TLS client key, the trust anchors and the validator that judges a
 * partner's chain. {@link #load} builds them from the configuration the way a node does, without starting one.
 */
public record NodeCredentials(KeyMaterial clientKey, TrustAnchors anchors, CertificateValidator validator) {

    public NodeCredentials {
        Objects.requireNonNull(clientKey, "clientKey");
        Objects.requireNonNull(anchors, "anchors");
        Objects.requireNonNull(validator, "validator");
    }

    /**
     * Loads tls.client-key (default: tls.server-key), tls.trust-store and the revocation settings; relative paths
     * are resolved against {@code baseDir}.
     *
     * @throws IllegalArgumentException naming the missing or unreadable setting
     */
    public static NodeCredentials load(GatewayConfig config, Path baseDir) {
        GatewayConfig.Tls tls = config.tls();
        if (tls.trustStore() == null || tls.trustStore().isBlank()) {
            throw new IllegalArgumentException("configuration key tls.trust-store is required");
        }
        KeySourceLoader keys = new KeySourceLoader(baseDir);
        KeyMaterial clientKey = keys.load(tls.clientKey(), "tls.client-key");
        String password = tls.trustStorePassword();
        TrustAnchors anchors = TrustAnchors.fromKeyStore(
                baseDir.resolve(tls.trustStore()), password == null ? new char[0] : password.toCharArray());
        PkioCertificateValidator.Builder builder = PkioCertificateValidator.builder(anchors)
                .intermediates(keys.intermediates(tls.intermediates(), "tls.intermediates"));
        if (tls.crlCheck()) {
            CrlSource online =
                    HttpCrlSource.builder().refreshInterval(tls.crlRefresh()).build();
            CrlSource source = tls.crlDir() == null
                    ? online
                    : CrlSource.firstOf(new DirectoryCrlSource(baseDir.resolve(tls.crlDir())), online);
            builder.crlSource(source).crlGrace(tls.crlGrace());
        }
        return new NodeCredentials(clientKey, anchors, builder.build());
    }
}
