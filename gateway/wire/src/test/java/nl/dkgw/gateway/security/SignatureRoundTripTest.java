package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.binaryPayload;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.first;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A message signed by {@link MessageSigner} verifies with {@link SignatureVerifier} after travelling as bytes. */
class SignatureRoundTripTest {

    static Stream<Arguments> payloadSets() {
        return Stream.of(
                Arguments.of("no payload", List.of()),
                Arguments.of("one XML payload", List.of(xmlPayload("one", "Hallo"))),
                Arguments.of(
                        "several payloads",
                        List.of(xmlPayload("p1", "een"), xmlPayload("p2", "twee"), binaryPayload("p3"))),
                Arguments.of("one binary payload", List.of(binaryPayload("bin"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloadSets")
    void signedMessageVerifies(String description, List<Payload> payloads) throws Exception {
        Document signed = new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);

        VerifiedSignature verified =
                new SignatureVerifier().verify(overTheWire(signed), payloads, signingCertificate(A), validator());

        assertThat(verified.signer()).isEqualTo(signingCertificate(A));
        assertThat(verified.references()).hasSize(1 + payloads.size());
        assertThat(verified.references().get(0).getAttribute("URI")).isEmpty();
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(verified.references().get(i + 1).getAttribute("URI"))
                    .isEqualTo("cid:" + payloads.get(i).contentId());
        }
    }

    @ParameterizedTest
    @EnumSource(Canonicalization.class)
    void inclusiveAndExclusiveCanonicalizationBothVerify(Canonicalization canonicalization) throws Exception {
        List<Payload> payloads = List.of(xmlPayload("c14n", "canonical"));
        Document signed = new MessageSigner(canonicalization)
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);

        Element c14n = first(signed, Namespaces.DS, "CanonicalizationMethod");
        assertThat(c14n.getAttribute("Algorithm")).isEqualTo(canonicalization.uri());
        assertThat(new SignatureVerifier()
                        .verify(overTheWire(signed), payloads, signingCertificate(A), validator())
                        .references())
                .hasSize(2);
    }

    static Stream<Arguments> sha2Algorithms() {
        return Stream.of(
                Arguments.of(SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA256),
                Arguments.of(SignatureAlgorithms.RSA_SHA384, SignatureAlgorithms.SHA384),
                Arguments.of(SignatureAlgorithms.RSA_SHA512, SignatureAlgorithms.SHA512),
                Arguments.of(SignatureAlgorithms.RSA_SHA256, SignatureAlgorithms.SHA512));
    }

    @ParameterizedTest
    @MethodSource("sha2Algorithms")
    void everySha2CombinationTheCpaMayNameVerifies(String signatureAlgorithm, String digestAlgorithm) throws Exception {
        List<Payload> payloads = List.of(binaryPayload("alg"));
        Document signed = new MessageSigner()
                .sign(envelope(payloads), payloads, signingKey(A), signatureAlgorithm, digestAlgorithm);

        assertThat(first(signed, Namespaces.DS, "SignatureMethod").getAttribute("Algorithm"))
                .isEqualTo(signatureAlgorithm);
        assertThat(first(signed, Namespaces.DS, "DigestMethod").getAttribute("Algorithm"))
                .isEqualTo(digestAlgorithm);
        new SignatureVerifier().verify(overTheWire(signed), payloads, signingCertificate(A), validator());
    }

    @Test
    void signatureHasTheEbmsLayout() throws Exception {
        List<Payload> payloads = List.of(xmlPayload("layout", "x"));
        Document signed = new MessageSigner()
                .sign(
                        envelope(payloads),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256);

        Element signature = first(signed, Namespaces.DS, "Signature");
        assertThat(signature.getParentNode().getLocalName()).isEqualTo("Header");
        assertThat(signature.getParentNode().getNamespaceURI()).isEqualTo(Namespaces.SOAP);
        Element envelopeReference = first(signed, Namespaces.DS, "Reference");
        List<String> transforms = SoapParts.children(
                        SoapParts.child(envelopeReference, Namespaces.DS, "Transforms"), Namespaces.DS, "Transform")
                .stream()
                .map(t -> t.getAttribute("Algorithm"))
                .toList();
        assertThat(transforms)
                .containsExactly(
                        "http://www.w3.org/2000/09/xmldsig#enveloped-signature",
                        "http://www.w3.org/TR/1999/REC-xpath-19991116",
                        Canonicalization.INCLUSIVE.uri());
        assertThat(first(signed, Namespaces.DS, "XPath").getTextContent())
                .isEqualTo("not(ancestor-or-self::node()[@SOAP:actor=\"urn:oasis:names:tc:ebxml-msg:actor:nextMSH\"] | "
                        + "ancestor-or-self::node()[@SOAP:actor=\"http://schemas.xmlsoap.org/soap/actor/next\"])");
        assertThat(first(signed, Namespaces.DS, "X509Certificate")).isNotNull();
    }

    @Test
    void headerElementsForTheNextMshAreLeftOutOfTheSignature() throws Exception {
        List<Payload> payloads = List.of(xmlPayload("next", "x"));
        Document signed = overTheWire(new MessageSigner()
                .sign(
                        envelope(payloads, true),
                        payloads,
                        signingKey(A),
                        SignatureAlgorithms.RSA_SHA256,
                        SignatureAlgorithms.SHA256));
        // eb:SyncReply carries SOAP:actor=".../soap/actor/next": an intermediary may change it, so it is unsigned.
        Element syncReply = first(signed, Namespaces.EB, "SyncReply");
        syncReply.getParentNode().removeChild(syncReply);

        new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator());
    }
}
