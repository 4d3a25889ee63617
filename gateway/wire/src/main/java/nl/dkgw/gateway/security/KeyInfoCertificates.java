package nl.dkgw.gateway.security;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.dkgw.gateway.ebms.Namespaces;
import org.w3c.dom.Element;

/** The X.509 certificates a ds:Signature carries in ds:KeyInfo/ds:X509Data, and which of them is the signer's. */
final class KeyInfoCertificates {

    /** How many certificates, parsed, are kept for the next signature that carries them. */
    static final int REMEMBERED = 64;

    // A peer sends the same few certificates in every signature: decoding and parsing them each time was a twelfth of
    // the allocations of a signed message's round trip. Keyed by the encoded text, so a certificate is only reused for
    // exactly the same bytes; least recently used out first, so a stream of new certificates only churns the cache.
    private static final Map<String, X509Certificate> RECENT = new LinkedHashMap<>(REMEMBERED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, X509Certificate> eldest) {
            return size() > REMEMBERED;
        }
    };

    private KeyInfoCertificates() {}

    static List<X509Certificate> of(Element signature) throws SecurityFailureException {
        List<X509Certificate> result = new ArrayList<>();
        Element keyInfo = SoapParts.child(signature, Namespaces.DS, "KeyInfo");
        if (keyInfo == null) {
            return result;
        }
        for (Element data : SoapParts.children(keyInfo, Namespaces.DS, "X509Data")) {
            for (Element encoded : SoapParts.children(data, Namespaces.DS, "X509Certificate")) {
                try {
                    result.add(certificate(encoded.getTextContent().trim()));
                } catch (CertificateException | IllegalArgumentException e) {
                    throw new SecurityFailureException(
                            SecurityFailureException.Reason.MALFORMED_SIGNATURE,
                            "a ds:X509Certificate in the signature's ds:KeyInfo is not a readable X.509 "
                                    + "certificate: " + e.getMessage(),
                            e);
                }
            }
        }
        return result;
    }

    private static X509Certificate certificate(String base64) throws CertificateException {
        synchronized (RECENT) {
            X509Certificate known = RECENT.get(base64);
            if (known != null) {
                return known;
            }
        }
        byte[] der = Base64.getMimeDecoder().decode(base64);
        X509Certificate parsed = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        synchronized (RECENT) {
            RECENT.put(base64, parsed);
        }
        return parsed;
    }

    /** How many parsed certificates are kept now. */
    static int remembered() {
        synchronized (RECENT) {
            return RECENT.size();
        }
    }

    /** The signer: the first end-entity (non-CA) certificate, or the first certificate when all are CAs. */
    static X509Certificate signer(List<X509Certificate> certificates) {
        return certificates.stream()
                .filter(c -> c.getBasicConstraints() < 0)
                .findFirst()
                .orElse(certificates.get(0));
    }
}
