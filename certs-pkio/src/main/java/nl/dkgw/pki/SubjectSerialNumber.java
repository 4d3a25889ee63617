package nl.dkgw.pki;

import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Reads the subject serialNumber attribute (OID 2.5.4.5) where PKIoverheid puts the OIN. */
public final class SubjectSerialNumber {
    private SubjectSerialNumber() {}

    public static Optional<String> of(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.SERIALNUMBER)) {
            ASN1Encodable value = rdn.getFirst().getValue();
            String text = value instanceof ASN1String s ? s.getString() : IETFUtils.valueToString(value);
            return Optional.of(text.strip());
        }
        return Optional.empty();
    }
}
