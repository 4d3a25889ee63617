package nl.dkgw.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeWriter;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * One test PKI per test JVM (parties a and b exchange messages; c is revoked by the revocation test only), and
 * builders for ebMS envelopes and payloads.
 */
final class SecurityFixtures {

    static final String A = "a";
    static final String B = "b";
    static final String C = "c";

    private static TestPki pki;

    private SecurityFixtures() {}

    static synchronized TestPki pki() {
        if (pki == null) {
            try {
                Path dir = Files.createTempDirectory("dkgw-security-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(dir)));
                pki = TestPki.generate(
                        dir,
                        List.of(
                                new TestPki.PartySpec(A, "00000099000000001000"),
                                new TestPki.PartySpec(B, "00000099000000002000"),
                                new TestPki.PartySpec(C, "00000099000000003000")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pki;
    }

    static KeyMaterial signingKey(String party) {
        return pki().keyMaterial(party, TestPki.Usage.SIGNING);
    }

    static X509Certificate signingCertificate(String party) {
        return pki().certificate(party, TestPki.Usage.SIGNING);
    }

    static KeyMaterial encryptionKey(String party) {
        return pki().keyMaterial(party, TestPki.Usage.ENCRYPTION);
    }

    static X509Certificate encryptionCertificate(String party) {
        return pki().certificate(party, TestPki.Usage.ENCRYPTION);
    }

    /** Chain, validity, key usage, OIN and the CRL of every CA, from the test PKI's CRL directory. */
    static CertificateValidator validator() {
        return PkioCertificateValidator.builder(pki().trustAnchors())
                .crlSource(new DirectoryCrlSource(pki().crlDirectory()))
                .build();
    }

    /** A user message from a to b whose manifest names the payloads, as the EnvelopeWriter writes it. */
    static Document envelope(List<Payload> payloads) {
        return envelope(payloads, true);
    }

    static Document envelope(List<Payload> payloads, boolean syncReply) {
        List<String> manifest = new ArrayList<>();
        payloads.forEach(p -> manifest.add("cid:" + p.contentId()));
        MessageHeader header = new MessageHeader(
                "dgl_00000099000000001000_00000099000000002000_1",
                "conv-1",
                PartyId.oin("00000099000000001000"),
                "Verzender",
                PartyId.oin("00000099000000002000"),
                "Ontvanger",
                "dgl:ontvangen:1.0",
                "urn:osb:services",
                "verstrekkingAanAfnemer",
                "msg-" + System.nanoTime() + "@a.example",
                Instant.now(),
                null,
                null,
                true);
        EbmsMessage message = new EbmsMessage(
                header,
                new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, true),
                syncReply,
                null,
                null,
                List.of(),
                payloads.isEmpty() ? null : manifest,
                null,
                null,
                payloads);
        return new EnvelopeWriter().write(message);
    }

    /** An Acknowledgment from b to a for the given message id. */
    static Document acknowledgmentEnvelope(String refToMessageId) {
        MessageHeader header = new MessageHeader(
                "dgl_00000099000000001000_00000099000000002000_1",
                "conv-1",
                PartyId.oin("00000099000000002000"),
                "Ontvanger",
                PartyId.oin("00000099000000001000"),
                "Verzender",
                Namespaces.MSH_SERVICE,
                null,
                "Acknowledgment",
                "ack-" + System.nanoTime() + "@b.example",
                Instant.now(),
                refToMessageId,
                null,
                false);
        EbmsMessage ack = new EbmsMessage(
                header,
                null,
                false,
                null,
                new EbmsMessage.Acknowledgment(Instant.now(), refToMessageId),
                List.of(),
                null,
                null,
                null,
                List.of());
        return new EnvelopeWriter().write(ack);
    }

    static Payload xmlPayload(String id, String text) {
        return new Payload(
                id + "@dkgw.test",
                "text/xml; charset=UTF-8",
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><bericht xmlns=\"urn:test\"><tekst>" + text
                                + "</tekst></bericht>")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes that are not XML and not valid UTF-8: every byte value, twice. */
    static Payload binaryPayload(String id) {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        return new Payload(id + "@dkgw.test", "application/octet-stream", data);
    }

    /** What the receiving side gets: the envelope serialised and parsed again. */
    static Document overTheWire(Document envelope) {
        try {
            return SafeXml.parse(SafeXml.serialize(envelope));
        } catch (SAXException e) {
            throw new IllegalStateException(e);
        }
    }

    static Element first(Document doc, String namespace, String localName) {
        return (Element) doc.getElementsByTagNameNS(namespace, localName).item(0);
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort clean-up of a temporary directory
        }
    }
}
