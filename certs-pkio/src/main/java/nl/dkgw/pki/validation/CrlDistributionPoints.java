package nl.dkgw.pki.validation;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/** The URIs in a certificate's CRL distribution points extension. */
public final class CrlDistributionPoints {
    private CrlDistributionPoints() {}

    public static List<String> of(X509Certificate cert) {
        byte[] extension = cert.getExtensionValue(Extension.cRLDistributionPoints.getId());
        List<String> result = new ArrayList<>();
        if (extension == null) {
            return result;
        }
        CRLDistPoint points =
                CRLDistPoint.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        for (DistributionPoint point : points.getDistributionPoints()) {
            DistributionPointName name = point.getDistributionPoint();
            if (name == null || name.getType() != DistributionPointName.FULL_NAME) {
                continue;
            }
            for (GeneralName general : GeneralNames.getInstance(name.getName()).getNames()) {
                if (general.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    result.add(ASN1IA5String.getInstance(general.getName()).getString());
                }
            }
        }
        return result;
    }
}
