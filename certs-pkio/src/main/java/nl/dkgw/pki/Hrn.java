package nl.dkgw.pki;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;

/**
 * Handelsregisternummer: the 20-digit number a TSP puts in the subject serialNumber of a company that has no OIN.
 * It is derived from the KvK number: prefix 00000003, the 8-digit KvK number, suffix 0000.
 */
public record Hrn(String value) {

    public Hrn {
        Objects.requireNonNull(value, "value");
        Oin asOin = Oin.parse(value);
        if (asOin.register() != OinRegister.KVK) {
            throw new InvalidOinException("HRN '" + value + "' must start with prefix " + OinRegister.KVK.prefix()
                    + " (KvK number), not " + asOin.prefix());
        }
    }

    public static Hrn parse(String text) {
        if (text == null) {
            throw new InvalidOinException("HRN is missing (null)");
        }
        return new Hrn(text.strip());
    }

    public static Optional<Hrn> fromCertificate(X509Certificate cert) {
        return Oin.fromCertificate(cert).filter(Oin::hasHrnShape).map(oin -> new Hrn(oin.value()));
    }

    public String kvkNumber() {
        return value.substring(8, 16);
    }

    /** Same digits, usable wherever the gateway compares identifiers (CPA PartyIds). */
    public Oin asOin() {
        return new Oin(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
