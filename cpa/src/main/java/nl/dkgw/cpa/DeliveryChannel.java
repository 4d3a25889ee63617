package nl.dkgw.cpa;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything the message service handler needs to send one action of one service from one party to the other,
 * resolved from a CPA: the receiver's endpoint and the sender's messaging characteristics.
 *
 * @param endpoint            the To party's transport endpoint (https URI), after URL mapping
 * @param retries             ReliableMessaging/Retries (0 when the channel is not reliable)
 * @param retryInterval       ReliableMessaging/RetryInterval
 * @param persistDuration     PersistDuration; how long the sender keeps trying in total
 * @param hashFunction        SenderNonRepudiation/HashFunction (a digest algorithm URI), empty when unsigned
 * @param signatureAlgorithm  SenderNonRepudiation/SignatureAlgorithm URI, empty when unsigned
 * @param encryptionAlgorithm the data encryption algorithm URI SenderDigitalEnvelope/EncryptionAlgorithm names,
 *                            empty when not encrypted
 * @param signingCertificate  the From party's signing certificate named by the CPA, if any
 * @param encryptionCertificate the To party's encryption certificate named by the CPA, if any
 * @param keyTransport        the key transport URI SenderDigitalEnvelope/EncryptionAlgorithm names (an RSA
 *                            algorithm), empty when the CPA names none
 */
public record DeliveryChannel(
        String cpaId,
        PartyId fromParty,
        String fromRole,
        PartyId toParty,
        String toRole,
        String service,
        String serviceType,
        String action,
        URI endpoint,
        boolean ackRequested,
        boolean ackSignatureRequested,
        boolean duplicateElimination,
        SyncReplyMode syncReplyMode,
        boolean messageOrder,
        int retries,
        Duration retryInterval,
        Duration persistDuration,
        Optional<String> hashFunction,
        Optional<String> signatureAlgorithm,
        Optional<String> encryptionAlgorithm,
        Optional<X509Certificate> signingCertificate,
        Optional<X509Certificate> encryptionCertificate,
        Optional<String> keyTransport) {

    public Profile profile() {
        return Profile.of(ackRequested, signatureAlgorithm.isPresent(), encryptionAlgorithm.isPresent());
    }
}
