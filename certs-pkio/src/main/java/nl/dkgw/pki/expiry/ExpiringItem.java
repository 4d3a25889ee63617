package nl.dkgw.pki.expiry;

import java.time.Duration;
import java.time.Instant;

/**
 * Something with an end date the gateway depends on.
 *
 * @param kind what it is
 * @param name what the operator calls it (the key material's name, the anchor's or CRL issuer's subject)
 * @param subject the certificate subject or CRL issuer
 * @param expiresAt notAfter of a certificate, nextUpdate of a CRL
 * @param remaining time left at the moment of the report (negative when already expired)
 */
public record ExpiringItem(Kind kind, String name, String subject, Instant expiresAt, Duration remaining) {

    /** The kinds of things that expire. */
    public enum Kind {
        /** A certificate of our own key material (own certificate or its CA certificates). */
        OWN_CERTIFICATE,
        /** A trust anchor. */
        TRUST_ANCHOR,
        /** A CRL (expires at its nextUpdate). */
        CRL
    }

    public boolean expired() {
        return remaining.isNegative() || remaining.isZero();
    }

    /** One readable line, e.g. for logs and health details. */
    public String describe() {
        String when = expired()
                ? "expired " + (-remaining.toDays()) + " days ago (" + expiresAt + ")"
                : "expires in " + remaining.toDays() + " days (" + expiresAt + ")";
        return kind + " " + name + " [" + subject + "] " + when;
    }
}
