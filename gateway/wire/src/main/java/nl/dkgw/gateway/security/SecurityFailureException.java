package nl.dkgw.gateway.security;

import java.util.Objects;

/**
 * A signature, certificate, receipt or encryption check failed. The message says in plain words which check failed
 * and on what (which reference, which algorithm, which certificate); {@link #reason()} names the check for code that
 * must tell them apart. The MSH answers an inbound failure with an ebMS error of code {@code SecurityFailure}.
 */
public class SecurityFailureException extends Exception {

    /** The check that failed. */
    public enum Reason {
        /** The SOAP header carries no ds:Signature although the profile requires one. */
        NOT_SIGNED,
        /** More than one ds:Signature in the SOAP header. */
        MORE_THAN_ONE_SIGNATURE,
        /** The ds:Signature is incomplete or cannot be processed (missing SignedInfo, unreadable certificate...). */
        MALFORMED_SIGNATURE,
        /** A digest, signature, canonicalisation or transform algorithm that is not accepted (SHA-1, MD5, ...). */
        ALGORITHM_REFUSED,
        /** The references do not have the ebMS 2.0 layout (one URI="" with the ebMS transforms, cid: for parts). */
        REFERENCE_LAYOUT,
        /**
         * An element below a SOAP header block, or in the Body, carries SOAP:actor nextMSH or soap/actor/next, which
         * the ebMS XPath filter leaves out of the signature: content injected after signing.
         */
        UNSIGNED_CONTENT,
        /** A payload part is not covered by a cid: reference. */
        PAYLOAD_NOT_SIGNED,
        /** A reference's digest does not match the content: the envelope or a payload part was changed. */
        DIGEST_MISMATCH,
        /** The signature value does not verify with the public key of the certificate in ds:KeyInfo. */
        SIGNATURE_VALUE_INVALID,
        /** ds:KeyInfo holds no X.509 certificate. */
        SIGNER_CERTIFICATE_MISSING,
        /** The certificate in ds:KeyInfo is not the signing certificate the CPA names for the sending party. */
        SIGNER_NOT_IN_CPA,
        /** The signer's certificate fails chain, validity, key usage or revocation checks. */
        SIGNER_CERTIFICATE_INVALID,
        /** A signed Acknowledgment does not carry the references of the message it acknowledges. */
        RECEIPT_MISMATCH,
        /** A payload part that had to be encrypted is not an xenc:EncryptedData document. */
        NOT_ENCRYPTED,
        /** The payload part was encrypted for another certificate than ours. */
        WRONG_RECIPIENT,
        /** Decryption failed: wrong key, or the ciphertext was changed (integrity check failed). */
        DECRYPTION_FAILED,
        /** Signing or encrypting on our side failed (key, provider or configuration problem). */
        OUTBOUND_FAILED
    }

    private final Reason reason;

    public SecurityFailureException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public SecurityFailureException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
