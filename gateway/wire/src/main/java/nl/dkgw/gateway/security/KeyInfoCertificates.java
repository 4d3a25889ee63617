package nl.dkgw.gateway.security;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import org.w3c.dom.Element;

/** The X.509 certificates a ds:Signature carries in ds:KeyInfo/ds:X509Data, and which of them is the signer's. */
final class KeyInfoCertificates {

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
                    byte[] der = Base64.getMimeDecoder()
                            .decode(encoded.getTextContent().trim());
                    result.add((X509Certificate)
                            CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
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

    /** The signer: the first end-entity (non-CA) certificate, or the first certificate when all are CAs. */
    static X509Certificate signer(List<X509Certificate> certificates) {
        return certificates.stream()
                .filter(c -> c.getBasicConstraints() < 0)
                .findFirst()
                .orElse(certificates.get(0));
    }
}
