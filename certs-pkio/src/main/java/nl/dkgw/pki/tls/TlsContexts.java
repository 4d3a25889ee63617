package nl.dkgw.pki.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509KeyManager;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.validation.CertificateValidator;

/**
 * Builds JSSE contexts for mutual TLS: present our own certificate, accept a peer only when the
 * {@link CertificateValidator} accepts its chain. Every socket, server socket and engine made from the context
 * starts with {@link TlsPolicy} applied (protocols and cipher suites); client authentication and endpoint
 * identification remain the caller's choice.
 */
public final class TlsContexts {

    /**
     * Lifetime of resumable TLS sessions. A resumed session skips certificate validation, so it is kept well below
     * the CRL refresh interval (JSSE's default is 24 hours).
     */
    public static final int SESSION_TIMEOUT_SECONDS = 3600;

    private TlsContexts() {}

    public static SSLContext create(KeyMaterial own, TrustAnchors anchors, CertificateValidator validator) {
        return create(new OwnKeyManager(own), anchors, validator);
    }

    /** For key managers backed by something else, such as a PKCS#11 token. */
    public static SSLContext create(X509KeyManager keyManager, TrustAnchors anchors, CertificateValidator validator) {
        return create(keyManager, anchors, validator, Clock.systemUTC());
    }

    public static SSLContext create(
            X509KeyManager keyManager, TrustAnchors anchors, CertificateValidator validator, Clock clock) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            TrustManager trustManager =
                    new ValidatingTrustManager(validator, hostnameChecker(anchors), clock, anchors.certificates());
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, null);
            context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            context.getClientSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            return PolicyEnforcingContextSpi.wrap(context);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot create the TLS context: " + e.getMessage(), e);
        }
    }

    /** JSSE's own trust manager, used only for host name verification after our validator accepted the chain. */
    private static X509ExtendedTrustManager hostnameChecker(TrustAnchors anchors) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (var cert : anchors.certificates()) {
            store.setCertificateEntry("anchor-" + i++, cert);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager extended) {
                return extended;
            }
        }
        throw new IllegalStateException("JSSE offers no X509ExtendedTrustManager");
    }
}
