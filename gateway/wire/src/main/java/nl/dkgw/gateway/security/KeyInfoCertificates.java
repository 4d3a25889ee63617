package nl.dkgw.gateway.security;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.dkgw.gateway.ebms.Namespaces;
import org.w3c.dom.Element;

/** The X.509 certificates a ds:Signature carries in ds:KeyInfo/ds:X509Data, and which of them is the signer's. */
final class KeyInfoCertificates {

    /** How many certificates, parsed, are kept for the next signature that carries them. */
    static final int REMEMBERED = 64;

    // A peer sends the same few certificates in every signature: decoding and parsing them each time was a twelfth of
    // the allocations of a signed message's round trip. Keyed by the encoded text, so a certificate is only reused for
    // exactly the same bytes. When full, any one is let go for the next: a stream of new certificates only churns the
    // cache. Without a lock: every signature checked passes here, from many threads at once, and a monitor around a
    // least-recently-used map made them queue (issue 15: waits of 20 ms or more on a loaded receiver).
    private static final Map<String, X509Certificate> RECENT = new ConcurrentHashMap<>();

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
        X509Certificate known = RECENT.get(base64);
        if (known != null) {
            return known;
        }
        byte[] der = Base64.getMimeDecoder().decode(base64);
        X509Certificate parsed = (X509Certificate)
                CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        Iterator<String> any = RECENT.keySet().iterator();
        while (RECENT.size() >= REMEMBERED && any.hasNext()) {
            any.next();
            any.remove();
        }
        RECENT.put(base64, parsed);
        return parsed;
    }

    /** How many parsed certificates are kept now. */
    static int remembered() {
        return RECENT.size();
    }

    /** The signer: the first end-entity (non-CA) certificate, or the first certificate when all are CAs. */
    static X509Certificate signer(List<X509Certificate> certificates) {
        return certificates.stream()
                .filter(c -> c.getBasicConstraints() < 0)
                .findFirst()
                .orElse(certificates.get(0));
    }
}
