package nl.dkgw.gateway.msh;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.DeliveryChannel;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.msh.inbound.PayloadDecryption;
import nl.dkgw.gateway.msh.inbound.SignatureVerification;
import nl.dkgw.gateway.security.Canonicalization;
import nl.dkgw.gateway.security.KeyInfoContent;
import nl.dkgw.gateway.security.KeyTransport;
import nl.dkgw.gateway.security.MessageSigner;
import nl.dkgw.gateway.security.PartSpool;
import nl.dkgw.gateway.security.PayloadDecryptor;
import nl.dkgw.gateway.security.PayloadEncryptor;
import nl.dkgw.gateway.security.ReceiptReferences;
import nl.dkgw.gateway.security.ReceiptVerifier;
import nl.dkgw.gateway.security.SecurityFailureException;
import nl.dkgw.gateway.security.SignatureAlgorithms;
import nl.dkgw.gateway.security.SignatureVerifier;
import nl.dkgw.gateway.security.VerifiedSignature;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.gateway.xml.XmlElement;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.validation.CertificateValidator;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * What the signed and encrypted profiles add to the MSH: payloads encrypted for the receiver and decrypted on receipt,
 * outbound messages and acknowledgments signed with this node's signing key,
 * inbound signatures verified against the CPA's certificate for the sender (and PKIoverheid validation), and signed
 * receipts checked against the message they acknowledge.
 */
public final class MessageSecurity implements PayloadDecryption, SignatureVerification {

    private final Optional<KeyMaterial> signingKey;
    private final Optional<KeyMaterial> encryptionKey;
    private final CertificateValidator validator;
    private final MessageSigner signer;
    private final SignatureVerifier verifier = new SignatureVerifier();
    private final EnvelopeWriter envelopes = new EnvelopeWriter();
    private final PayloadEncryptor encryptor;
    private final PayloadDecryptor decryptor;
    private final ExpectedReceipts expectedReceipts = new ExpectedReceipts();

    public MessageSecurity(
            Optional<KeyMaterial> signingKey,
            Optional<KeyMaterial> encryptionKey,
            CertificateValidator validator,
            boolean compatibilityMode) {
        this(signingKey, encryptionKey, validator, compatibilityMode, KeyInfoContent.CHAIN);
    }

    /**
     * @param keyInfo which certificates this node's signatures carry in ds:KeyInfo (security.signature-key-info)
     */
    public MessageSecurity(
            Optional<KeyMaterial> signingKey,
            Optional<KeyMaterial> encryptionKey,
            CertificateValidator validator,
            boolean compatibilityMode,
            KeyInfoContent keyInfo) {
        this(signingKey, encryptionKey, validator, compatibilityMode, keyInfo, PartSpool.inTemporaryDirectory());
    }

    /**
     * @param keyInfo which certificates this node's signatures carry in ds:KeyInfo (security.signature-key-info)
     * @param spool   where encrypted and decrypted parts too large for memory are written as temporary files
     */
    public MessageSecurity(
            Optional<KeyMaterial> signingKey,
            Optional<KeyMaterial> encryptionKey,
            CertificateValidator validator,
            boolean compatibilityMode,
            KeyInfoContent keyInfo,
            PartSpool spool) {
        this.signer = new MessageSigner(Canonicalization.INCLUSIVE, keyInfo);
        this.signingKey = signingKey;
        this.encryptionKey = encryptionKey;
        this.validator = validator;
        this.encryptor = new PayloadEncryptor(compatibilityMode, KeyTransport.RSA_OAEP_MGF1P, spool);
        this.decryptor = new PayloadDecryptor(compatibilityMode, spool);
    }

    /**
     * Payloads as they go on the wire: encrypted for the receiver when the channel is encrypted, with the data
     * encryption and key transport algorithms the CPA names. An encrypted part larger than the spool's in-memory limit
     * is a {@link nl.dkgw.gateway.ebms.TemporaryFileContent}: the caller deletes it once it is stored ({@link
     * nl.dkgw.gateway.ebms.TemporaryFileContent#release}); a forgotten one is deleted when it is no longer reachable.
     */
    public List<Payload> encrypt(List<Payload> payloads, DeliveryChannel channel) throws SubmissionException {
        if (!channel.profile().encrypted()) {
            return payloads;
        }
        X509Certificate receiver = channel.encryptionCertificate()
                .orElseThrow(() -> new SubmissionException(
                        SubmissionFailure.NODE_MISCONFIGURED,
                        "CPA " + channel.cpaId() + " requires encryption ("
                                + channel.profile().code() + ") but names no encryption certificate for "
                                + channel.toParty().value()));
        try {
            return encryptor.encryptAll(
                    payloads, receiver, channel.encryptionAlgorithm().orElseThrow(), channel.keyTransport());
        } catch (SecurityFailureException e) {
            throw new SubmissionException(
                    SubmissionFailure.NODE_MISCONFIGURED, "cannot encrypt the payloads: " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts the payloads of a message received on an encrypted channel; SecurityFailure when that fails. Decrypted
     * parts larger than the spool's in-memory limit are temporary files the caller deletes once they are stored (see
     * {@link nl.dkgw.gateway.msh.inbound.InboundContext#releaseDecryptedPayloads()}).
     */
    @Override
    public List<Payload> decrypt(List<Payload> payloads, DeliveryChannel channel) throws EbmsException {
        if (!channel.profile().encrypted()) {
            return payloads;
        }
        KeyMaterial key = encryptionKey.orElseThrow(() -> new EbmsException(
                ErrorCode.SecurityFailure,
                "MIME",
                "the receiving gateway has no decryption key configured for CPA " + channel.cpaId()));
        try {
            return decryptor.decryptAll(payloads, key);
        } catch (SecurityFailureException e) {
            throw new EbmsException(ErrorCode.SecurityFailure, "MIME", e.getMessage());
        }
    }

    /**
     * The envelope of {@code message} as it goes on the wire: signed over header and payloads when the channel is
     * signed (written as a DOM tree for XML-DSig), otherwise written straight to bytes.
     */
    public byte[] seal(EbmsMessage message, List<Payload> payloads, DeliveryChannel channel)
            throws SubmissionException {
        return sealed(message, payloads, channel).bytes();
    }

    /**
     * A sealed envelope, and for a signed one what its signed receipt must carry, to be kept in {@link
     * #expectedReceipts()} once the message is stored.
     *
     * @param receipt what the Acknowledgment must carry; empty for an envelope that is not signed or asks for no
     *     Acknowledgment
     */
    record SealedEnvelope(byte[] bytes, Optional<ExpectedReceipts.Expected> receipt) {}

    /** As {@link #seal}, with what the receipt of a signed envelope must carry. */
    SealedEnvelope sealed(EbmsMessage message, List<Payload> payloads, DeliveryChannel channel)
            throws SubmissionException {
        if (!channel.profile().signed()) {
            return new SealedEnvelope(envelopes.bytes(message), Optional.empty());
        }
        KeyMaterial key = signingKey.orElseThrow(() -> new SubmissionException(
                SubmissionFailure.NODE_MISCONFIGURED,
                "CPA " + channel.cpaId() + " requires signed messages ("
                        + channel.profile().code()
                        + ") but this gateway has no signing key; configure security.signing-key"));
        try {
            Document signed = signer.sign(
                    envelopes.write(message),
                    payloads,
                    key,
                    channel.signatureAlgorithm().orElseThrow(),
                    channel.hashFunction().orElseThrow());
            if (message.ackRequested() == null) {
                // no Acknowledgment will come to let it go: kept, it would only push out one that will
                return new SealedEnvelope(SafeXml.serialize(signed), Optional.empty());
            }
            boolean signedReceiptAsked = message.ackRequested().signed();
            ExpectedReceipts.Expected receipt = new ExpectedReceipts.Expected(
                    signedReceiptAsked, signedReceiptAsked ? ReceiptReferences.ofSignedEnvelope(signed) : List.of());
            return new SealedEnvelope(SafeXml.serialize(signed), Optional.of(receipt));
        } catch (SecurityFailureException e) {
            throw new SubmissionException(
                    SubmissionFailure.NODE_MISCONFIGURED, "cannot sign the message: " + e.getMessage(), e);
        }
    }

    /** What the receipts of the signed messages this node stored lately must carry. */
    ExpectedReceipts expectedReceipts() {
        return expectedReceipts;
    }

    /**
     * Verifies the signature of an inbound message on a signed channel of the CPA; SecurityFailure says which check
     * failed. The sender's certificates in the CPA help build the signer's path.
     */
    @Override
    public VerifiedSignature verify(Document envelope, List<Payload> payloads, DeliveryChannel channel, Cpa cpa)
            throws EbmsException {
        X509Certificate expected = channel.signingCertificate()
                .orElseThrow(() -> new EbmsException(
                        ErrorCode.SecurityFailure,
                        "//ds:Signature",
                        "CPA " + channel.cpaId() + " names no signing certificate" + " for "
                                + channel.fromParty().value()));
        try {
            return verifier.verify(envelope, payloads, expected, cpa.certificatesOf(channel.fromParty()), validator);
        } catch (SecurityFailureException e) {
            throw new EbmsException(ErrorCode.SecurityFailure, "//ds:Signature", e.getMessage());
        }
    }

    /**
     * An MSH signal (Ping, Pong, StatusRequest, StatusResponse) as it goes on the wire: signed when the CPA names a
     * signing certificate for this party and this node has a signing key, so signals on a signed link are signed too.
     */
    public byte[] sealSignal(EbmsMessage signal, Cpa cpa, PartyId self) {
        if (signingKey.isEmpty() || cpa.signingCertificateOf(self).isEmpty()) {
            return envelopes.bytes(signal);
        }
        try {
            return SafeXml.serialize(signer.sign(
                    envelopes.write(signal),
                    List.of(),
                    signingKey.get(),
                    SignatureAlgorithms.RSA_SHA256,
                    SignatureAlgorithms.SHA256));
        } catch (SecurityFailureException e) {
            throw new IllegalStateException("cannot sign the " + e.getMessage(), e);
        }
    }

    /**
     * Verifies a signed MSH signal against the sender's signing certificate in the CPA. An unsigned signal passes:
     * signals are not business messages and Ping support is optional.
     *
     * @return the verified signature; empty for an unsigned signal
     */
    public Optional<VerifiedSignature> verifySignal(Document signal, Cpa cpa, PartyId from) throws EbmsException {
        if (signal.getElementsByTagNameNS(Namespaces.DS, "Signature").getLength() == 0) {
            return Optional.empty();
        }
        X509Certificate expected = cpa.signingCertificateOf(from)
                .orElseThrow(() -> new EbmsException(
                        ErrorCode.SecurityFailure,
                        "//ds:Signature",
                        "the signal is signed but CPA " + cpa.cpaId() + " names no signing certificate for "
                                + from.value()));
        try {
            return Optional.of(verifier.verify(signal, List.of(), expected, cpa.certificatesOf(from), validator));
        } catch (SecurityFailureException e) {
            throw new EbmsException(ErrorCode.SecurityFailure, "//ds:Signature", e.getMessage());
        }
    }

    /** Signs an Acknowledgment that carries the references of the message it acknowledges (a signed receipt). */
    public byte[] signReceipt(EbmsMessage ack, VerifiedSignature acknowledged, DeliveryChannel channel) {
        Document acknowledgment = envelopes.write(ack);
        ReceiptReferences.attach(acknowledgment, acknowledged.references());
        if (signingKey.isEmpty()) {
            return SafeXml.serialize(acknowledgment);
        }
        try {
            return SafeXml.serialize(signer.sign(
                    acknowledgment,
                    List.of(),
                    signingKey.get(),
                    channel.signatureAlgorithm().orElseThrow(),
                    channel.hashFunction().orElseThrow()));
        } catch (SecurityFailureException e) {
            throw new IllegalStateException("cannot sign the acknowledgment: " + e.getMessage(), e);
        }
    }

    /**
     * Checks a signed receipt: the acknowledgment is signed by the peer's certificate from the CPA and carries exactly
     * the references of the message we sent.
     *
     * @param sentReferences the ds:Reference elements of the signature of the message we sent ({@link
     *     ReceiptReferences#ofSignedEnvelope}, or what {@link ExpectedReceipts} kept of them)
     * @param peerCpaCertificates the peer's certificates in the CPA, offered for building the signer's path
     */
    public void checkReceipt(
            List<XmlElement> sentReferences,
            byte[] acknowledgmentEnvelope,
            X509Certificate peerSigningCertificate,
            List<X509Certificate> peerCpaCertificates)
            throws SecurityFailureException {
        Document ack;
        try {
            ack = SafeXml.parse(acknowledgmentEnvelope);
        } catch (SAXException e) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.MALFORMED_SIGNATURE,
                    "the acknowledgment cannot be read: " + e.getMessage());
        }
        verifier.verify(ack, List.of(), peerSigningCertificate, peerCpaCertificates, validator);
        ReceiptVerifier.check(sentReferences, ack);
    }

    /**
     * As {@link #checkReceipt(List, byte[], X509Certificate, List)}, for an acknowledgment whose signature was verified
     * already ({@link #verifySignal}): the signature is not verified again, only its signer compared with the CPA's and
     * the references it carries with those of the message we sent.
     *
     * @param acknowledgment the acknowledgment's envelope, the document {@code verified} was verified in
     */
    public void checkReceipt(
            List<XmlElement> sentReferences,
            Document acknowledgment,
            VerifiedSignature verified,
            X509Certificate peerSigningCertificate)
            throws SecurityFailureException {
        if (!verified.signer().equals(peerSigningCertificate)) {
            throw new SecurityFailureException(
                    SecurityFailureException.Reason.SIGNER_NOT_IN_CPA,
                    "the acknowledgment is signed with another certificate than the CPA names for the peer");
        }
        ReceiptVerifier.check(sentReferences, acknowledgment);
    }
}
