package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.A;
import static nl.dkgw.gateway.security.SecurityFixtures.envelope;
import static nl.dkgw.gateway.security.SecurityFixtures.overTheWire;
import static nl.dkgw.gateway.security.SecurityFixtures.signingCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.signingKey;
import static nl.dkgw.gateway.security.SecurityFixtures.validator;
import static nl.dkgw.gateway.security.SecurityFixtures.xmlPayload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.apache.xml.security.transforms.params.XPathContainer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Signatures laid out the way a deployed adapter (ebms-core, read from its public source) makes them verify too:
 * another SOAP prefix, the XPath relying on the envelope's prefix declaration, ds:KeyValue next to an X509Data with
 * only the signer's certificate (so the verifier needs the CA certificates it was configured with).
 */
class AdapterStyleSignatureTest {

    private final List<Payload> payloads = List.of(xmlPayload("adapter", "van een ander"));

    @Test
    void adapterStyleSignatureVerifiesWithKnownIntermediates() throws Exception {
        Document signed =
                overTheWire(adapterStyleSign(withSoapPrefix(envelope(payloads), "SOAP-ENV"), payloads, signingKey(A)));
        assertThat(new String(SafeXml.serialize(signed), StandardCharsets.UTF_8))
                .contains("@SOAP-ENV:actor")
                .contains("<SOAP-ENV:Header");

        List<X509Certificate> cas = SecurityFixtures.pki().caCertificates();
        VerifiedSignature verified = new SignatureVerifier(cas, Clock.systemUTC())
                .verify(signed, payloads, signingCertificate(A), validator());
        assertThat(verified.references()).hasSize(2);
    }

    @Test
    void withoutTheCaCertificatesTheChainCannotBeBuilt() throws Exception {
        Document signed =
                overTheWire(adapterStyleSign(withSoapPrefix(envelope(payloads), "SOAP-ENV"), payloads, signingKey(A)));

        assertThatThrownBy(() -> new SignatureVerifier().verify(signed, payloads, signingCertificate(A), validator()))
                .isInstanceOf(SecurityFailureException.class)
                .hasMessageContaining("trusted root")
                .satisfies(e -> assertThat(((SecurityFailureException) e).reason())
                        .isEqualTo(Reason.SIGNER_CERTIFICATE_INVALID));
    }

    /** The same envelope with another prefix for the SOAP namespace. */
    private static Document withSoapPrefix(Document envelope, String prefix) throws Exception {
        String xml = new String(SafeXml.serialize(envelope), StandardCharsets.UTF_8)
                .replace("SOAP:", prefix + ":")
                .replace("xmlns:SOAP=", "xmlns:" + prefix + "=");
        return SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Document adapterStyleSign(Document envelope, List<Payload> payloads, KeyMaterial key)
            throws Exception {
        Santuario.init();
        String prefix = envelope.lookupPrefix(Namespaces.SOAP);
        Element header = SoapParts.header(envelope);
        XMLSignature signature =
                new XMLSignature(envelope, null, SignatureAlgorithms.RSA_SHA256, Canonicalization.INCLUSIVE.uri());
        header.appendChild(signature.getElement());
        signature.addResourceResolver(new CidResolver(payloads));
        Transforms transforms = new Transforms(envelope);
        transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
        XPathContainer xpath = new XPathContainer(envelope);
        xpath.setXPath("not(ancestor-or-self::node()[@" + prefix + ":actor=\"" + Namespaces.ACTOR_NEXT_MSH
                + "\"]|ancestor-or-self::node()[@" + prefix + ":actor=\"" + Namespaces.SOAP_ACTOR_NEXT + "\"])");
        transforms.addTransform(Transforms.TRANSFORM_XPATH, xpath.getElementPlusReturns());
        transforms.addTransform(Canonicalization.INCLUSIVE.uri());
        signature.addDocument("", transforms, SignatureAlgorithms.SHA256);
        for (Payload p : payloads) {
            signature.addDocument(CidResolver.uriOf(p), null, SignatureAlgorithms.SHA256);
        }
        signature.addKeyInfo(key.certificate().getPublicKey());
        signature.addKeyInfo(key.certificate());
        signature.sign(key.privateKey());
        return envelope;
    }
}
