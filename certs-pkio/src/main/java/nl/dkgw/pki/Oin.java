package nl.dkgw.pki;

import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Organisatie-identificatienummer: 20 digits, an 8-digit register prefix, the main number and a 000/0000 suffix.
 * PKIoverheid certificates carry it in the subject serialNumber (OID 2.5.4.5).
 */
public record Oin(String value) {

    public static final int LENGTH = 20;

    public Oin {
        Objects.requireNonNull(value, "value");
        String problem = OinSyntax.problemWith(value);
        if (problem != null) {
            throw new InvalidOinException(problem);
        }
    }

    /** Parses a 20-digit OIN; surrounding white space is ignored. */
    public static Oin parse(String text) {
        if (text == null) {
            throw new InvalidOinException("OIN is missing (null)");
        }
        return new Oin(text.strip());
    }

    /** The OIN (or HRN) in the certificate's subject serialNumber, if present and well-formed. */
    public static Optional<Oin> fromCertificate(X509Certificate cert) {
        return SubjectSerialNumber.of(cert).flatMap(text -> {
            try {
                return Optional.of(parse(text));
            } catch (InvalidOinException e) {
                return Optional.empty();
            }
        });
    }

    /** Builds an OIN from a register and its main number, adding the right suffix. */
    public static Oin of(OinRegister register, String mainNumber) {
        return parse(register.prefix() + mainNumber + register.suffix());
    }

    public String prefix() {
        return value.substring(0, 8);
    }

    public OinRegister register() {
        return OinRegister.byPrefix(prefix()).orElseThrow();
    }

    /** The number from the register, without prefix and suffix. */
    public String mainNumber() {
        OinRegister register = register();
        return value.substring(8, 8 + register.mainNumberLength());
    }

    public boolean isTest() {
        return register() == OinRegister.TEST;
    }

    /** A KvK-based number is what a TSP puts in the certificate as HRN for a company without an OIN. */
    public boolean hasHrnShape() {
        return register() == OinRegister.KVK;
    }

    @Override
    public String toString() {
        return value;
    }

    /** The syntax rules, kept apart so Hrn can reuse them. */
    static final class OinSyntax {
        private OinSyntax() {}

        static String problemWith(String value) {
            if (value.length() != LENGTH) {
                return "OIN '" + value + "' has " + value.length() + " characters; an OIN has exactly 20 digits";
            }
            if (!value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return "OIN '" + value + "' contains characters other than digits; an OIN has exactly 20 digits";
            }
            String prefix = value.substring(0, 8);
            Optional<OinRegister> register = OinRegister.byPrefix(prefix);
            if (register.isEmpty()) {
                return "OIN '" + value + "' has unknown prefix " + prefix + "; known prefixes are "
                        + Arrays.stream(OinRegister.values())
                                .map(r -> r.prefix() + " " + r.name())
                                .collect(Collectors.joining(", "));
            }
            OinRegister r = register.get();
            String suffix = value.substring(8 + r.mainNumberLength());
            if (!suffix.equals(r.suffix())) {
                return "OIN '" + value + "' breaks the suffix rule: with prefix " + prefix + " (" + r.description()
                        + ") the " + r.mainNumberLength() + "-digit main number is followed by '" + r.suffix()
                        + "', but the OIN ends in '" + suffix + "'";
            }
            return null;
        }
    }
}
