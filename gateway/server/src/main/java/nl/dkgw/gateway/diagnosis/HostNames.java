package nl.dkgw.gateway.diagnosis;

import java.net.IDN;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The host names and addresses a server certificate is for, and whether a host is one of them (RFC 6125). */
final class HostNames {

    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private HostNames() {}

    /** The subjectAltName DNS names and IP addresses; the subject CN only when there are none. */
    static List<String> of(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (Integer.valueOf(DNS_NAME).equals(type)
                            || Integer.valueOf(IP_ADDRESS).equals(type)) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // fall back to the CN below
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn :
                        new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if ("CN".equalsIgnoreCase(rdn.getType())) {
                        names.add(String.valueOf(rdn.getValue()));
                    }
                }
            } catch (InvalidNameException e) {
                // no names at all
            }
        }
        return names;
    }

    static boolean matches(X509Certificate certificate, String host) {
        String h = normalise(host);
        return of(certificate).stream().anyMatch(name -> matches(normalise(name), h));
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static String normalise(String name) {
        String n = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        n = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        try {
            n = IDN.toASCII(n);
        } catch (IllegalArgumentException e) {
            // keep it as it is
        }
        return n.toLowerCase(Locale.ROOT);
    }
}
