package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.first;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Verifying a signature costs time linear in the envelope, however deep its trees: a header block for the next MSH
 * (left out of the signature by design, so anyone on the way may fill it) holding elements nested tens of thousands
 * deep verifies, and a change to the signed part next to it is still found. Before the fix, both Santuario's
 * enveloped-signature filter and the actor filter walked from every node to the root: 16,000 levels took seconds and
 * 100,000 well over half a minute. The trees here are built in the DOM, past the parser's depth limit
 * ({@code SafeXml.MAX_DEPTH}), to test the verifier on its own.
 *
 * <p>The one time bound (the issue asks for it): {@value #BOUND_SECONDS} s for the largest tree, ten times what a
 * loaded machine needs after the fix and a fraction of what it took before; each size gets the same bound, so a cost
 * that grows faster than the size fails at the larger ones.
 */
class DeepTreeVerificationTest {

    private static final int BOUND_SECONDS = 10;

    private final List<Payload> payloads = List.of(xmlPayload("deep", "x"));

    @ParameterizedTest(name = "{0} levels")
    @ValueSource(ints = {10_000, 50_000, 100_000})
    void aDeepTreeInAHeaderBlockForTheNextMshVerifiesInLinearTime(int depth) throws Exception {
        Document signed = signedWithDeepHeaderBlock(depth);

        VerifiedSignature verified = assertTimeoutPreemptively(
                Duration.ofSeconds(BOUND_SECONDS),
                () -> new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator()));

        assertThat(verified.signer()).isEqualTo(signingCertificate(A));
    }

    @ParameterizedTest(name = "{0} levels")
    @ValueSource(ints = {100_000})
    void aChangeToTheSignedPartBesideADeepTreeIsStillFound(int depth) throws Exception {
        Document signed = signedWithDeepHeaderBlock(depth);
        first(signed, Namespaces.EB, "Action").setTextContent("SomethingElse");

        assertTimeoutPreemptively(
                Duration.ofSeconds(BOUND_SECONDS),
                () -> assertThatThrownBy(() ->
                                new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator()))
                        .isInstanceOfSatisfying(
                                SecurityFailureException.class,
                                e -> assertThat(e.getMessage()).contains("digest")));
    }

    /** A signed envelope (as received) to which a header block for the next MSH, nested {@code depth} deep, is added. */
    private Document signedWithDeepHeaderBlock(int depth) throws Exception {
        Document doc = overTheWire(new MessageSigner()
                .sign(
                        envelope(payloads, true),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
        Element header = first(doc, Namespaces.SOAP, "Header");
        Element hop = doc.createElementNS("urn:test:next", "t:Hop");
        hop.setAttributeNS(Namespaces.SOAP, "SOAP:actor", Namespaces.SOAP_ACTOR_NEXT);
        header.insertBefore(hop, header.getFirstChild());
        // built from the bottom up: appending below a deep element costs the DOM a walk over its ancestors
        Element tree = doc.createElementNS("urn:test:next", "t:a");
        tree.setTextContent("bottom");
        for (int i = 1; i < depth; i++) {
            Element parent = doc.createElementNS("urn:test:next", "t:a");
            parent.appendChild(tree);
            tree = parent;
        }
        hop.appendChild(tree);
        return doc;
    }
}
