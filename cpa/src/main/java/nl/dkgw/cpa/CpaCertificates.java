package nl.dkgw.cpa;

import jakarta.xml.bind.JAXBElement;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.dkgw.xsd.cppa.Certificate;
import nl.dkgw.xsd.cppa.CertificateRefType;
import nl.dkgw.xsd.xmldsig.KeyInfoType;
import nl.dkgw.xsd.xmldsig.X509DataType;

/** Reads the X.509 certificate a CPA Certificate element carries in ds:KeyInfo/ds:X509Data/ds:X509Certificate. */
final class CpaCertificates {

    private CpaCertificates() {}

    static Optional<X509Certificate> of(CertificateRefType ref) {
        if (ref == null || !(ref.getCertId() instanceof Certificate certificate)) {
            return Optional.empty();
        }
        return of(certificate);
    }

    static Optional<X509Certificate> of(Certificate certificate) {
        KeyInfoType keyInfo = certificate.getKeyInfo();
        if (keyInfo == null) {
            return Optional.empty();
        }
        for (Object content : keyInfo.getContent()) {
            if (content instanceof JAXBElement<?> element && element.getValue() instanceof X509DataType data) {
                for (Object item : data.getX509IssuerSerialOrX509SKIOrX509SubjectName()) {
                    if (item instanceof JAXBElement<?> e
                            && "X509Certificate".equals(e.getName().getLocalPart())
                            && e.getValue() instanceof byte[] der) {
                        return Optional.of(decode(der, certificate.getCertId()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every certificate a CPA Certificate element carries: its own and any CA certificates that ds:X509Data holds
     * next to it (unreadable ones are left out; the validator reports those when the CPA is imported).
     */
    static List<X509Certificate> allOf(Certificate certificate) {
        List<X509Certificate> result = new ArrayList<>();
        KeyInfoType keyInfo = certificate.getKeyInfo();
        if (keyInfo == null) {
            return result;
        }
        for (Object content : keyInfo.getContent()) {
            if (content instanceof JAXBElement<?> element && element.getValue() instanceof X509DataType data) {
                for (Object item : data.getX509IssuerSerialOrX509SKIOrX509SubjectName()) {
                    if (item instanceof JAXBElement<?> e
                            && "X509Certificate".equals(e.getName().getLocalPart())
                            && e.getValue() instanceof byte[] der) {
                        try {
                            result.add(decode(der, certificate.getCertId()));
                        } catch (IllegalArgumentException unreadable) {
                            // not usable for path building; CPA validation names it
                        }
                    }
                }
            }
        }
        return result;
    }

    static X509Certificate decode(byte[] der, String certId) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(
                    "Certificate " + certId + " does not hold a readable X.509 certificate: " + e.getMessage(), e);
        }
    }
}
