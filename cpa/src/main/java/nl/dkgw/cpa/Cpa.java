package nl.dkgw.cpa;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A parsed Collaboration Protocol Agreement as the message service handler sees it.
 * Resolution failures are reported as {@link CpaResolutionException} with a reason the MSH maps to an ebMS error.
 */
public interface Cpa {

    String cpaId();

    /** Status value (agreed, signed, proposed). */
    String status();

    Instant start();

    Instant end();

    /** True when the status is agreed or signed and {@code now} lies within Start and End. */
    boolean isActive(Instant now);

    /** The PartyId of each PartyInfo (first PartyId element of each), in document order. */
    List<PartyId> parties();

    /** The role name of the party in this CPA (one role per party in Digikoppeling). */
    Optional<String> roleOf(PartyId party);

    /** The channel for {@code from} sending {@code service}/{@code action} to {@code to}. */
    DeliveryChannel resolve(PartyId from, PartyId to, String service, String action) throws CpaResolutionException;

    /**
     * The channel for an outbound message when the application names only service and action: the sending party
     * is {@code from} when given, otherwise the only party that can send this action.
     */
    DeliveryChannel resolveOutbound(String service, String action, Optional<PartyId> from)
            throws CpaResolutionException;

    /** The endpoint of the party's default delivery channel: where MSH signals (Acknowledgment, MessageError, Pong) go. */
    URI signalEndpointOf(PartyId party) throws CpaResolutionException;

    /**
     * The syncReplyMode of the party's default MSH delivery channel: whether the MSH signals that answer the party's
     * own signals and errors (a Pong, a StatusResponse, a MessageError) come back on the same HTTP connection
     * ({@link SyncReplyMode#MSH_SIGNALS_ONLY}) or as messages of their own ({@link SyncReplyMode#NONE}, also when the
     * party or its default channel cannot be found).
     */
    SyncReplyMode signalSyncReplyModeOf(PartyId party);

    /** The TLS client certificate the CPA names for the party, if it names one. */
    Optional<X509Certificate> clientCertificateOf(PartyId party);

    /**
     * The certificate the party signs with (SenderNonRepudiation/SigningCertificateRef of its default MSH channel,
     * or else of any of its channels), if the CPA names one: what a signed acknowledgment from that party is
     * checked against.
     */
    Optional<X509Certificate> signingCertificateOf(PartyId party);

    /**
     * Every certificate in the party's Certificate elements (its own certificates and any CA certificates the CPA
     * carries for it), in document order: candidates for building the path of the party's signing certificate. Being
     * in the CPA makes no certificate trusted.
     */
    List<X509Certificate> certificatesOf(PartyId party);

    /** The CPA document as it was imported. */
    String xml();
}
