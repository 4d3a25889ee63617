package nl.dkgw.gateway.msh.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.Profile;
import nl.dkgw.gateway.ebms.EbmsError;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.EbmsMessage;
import nl.dkgw.gateway.ebms.EnvelopeReader;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Namespaces;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.msh.MessageSecurity;
import nl.dkgw.gateway.store.HeaderValueLimits;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.testpki.TestPki;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * Each inbound check on its own: what it accepts and what it refuses, with which ebMS error code and location. No
 * HTTP, no store, no second node: messages are written and parsed with the real envelope classes, CPAs generated and
 * parsed with the real CPA classes ({@link InboundCheckFixture}). The checks together, on the wire, are covered by
 * the slow {@code inbound.HostileInboundSuite}.
 */
class InboundChecksTest {

    static InboundCheckFixture f;

    @BeforeAll
    static void fixture() throws Exception {
        f = InboundCheckFixture.get();
    }

    static EbmsError refused(InboundCheck check, InboundContext c) {
        EbmsException e = catchThrowableOfType(EbmsException.class, () -> check.check(c));
        assertThat(e).as("%s refuses", check.getClass().getSimpleName()).isNotNull();
        return e.error();
    }

    static void accepted(InboundCheck check, InboundContext c) {
        assertThatCode(() -> check.check(c))
                .as("%s accepts", check.getClass().getSimpleName())
                .doesNotThrowAnyException();
    }

    @Nested
    class CpaCheckTest {
        final CpaRegistry registry =
                id -> Optional.of(f.cpa(Profile.OSB_RM)).filter(c -> c.cpaId().equals(id));

        @Test
        void aKnownCpaInForceIsAcceptedAndRecorded() throws Exception {
            InboundContext c = f.message(Profile.OSB_RM).context();
            accepted(new CpaCheck(registry), c);
            assertThat(c.cpa().cpaId()).isEqualTo(f.cpa(Profile.OSB_RM).cpaId());
        }

        @Test
        void anUnknownCpaIsNotRecognised() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.cpaId = "no-such-cpa";
            EbmsError error = refused(new CpaCheck(registry), m.context());
            assertThat(error.code()).isEqualTo(ErrorCode.ValueNotRecognized);
            assertThat(error.location()).isEqualTo("//eb:MessageHeader/eb:CPAId");
            assertThat(error.description()).contains("no-such-cpa");
        }

        @Test
        void aCpaNotInForceIsInconsistent() throws Exception {
            Cpa cpa = f.cpa(Profile.OSB_RM);
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            InboundContext after = new InboundContext(
                    m.context().message(),
                    m.context().envelope(),
                    m.clientCertificate,
                    InboundCheckFixture.END.plusSeconds(1));
            EbmsError error = refused(new CpaCheck(registry), after);
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.description()).contains(cpa.cpaId()).contains("not in force");
        }
    }

    @Nested
    class ChannelCheckTest {
        @Test
        void whatTheCpaAgreesIsAcceptedAndTheChannelRecorded() throws Exception {
            InboundContext c = f.message(Profile.OSB_RM).context();
            c.cpa(f.cpa(Profile.OSB_RM));
            accepted(new ChannelCheck(), c);
            assertThat(c.channel()).isEqualTo(f.channel(Profile.OSB_RM));
        }

        @Test
        void anActionTheCpaDoesNotHaveIsNotRecognised() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.action = "Delete";
            InboundContext c = m.context();
            c.cpa(f.cpa(Profile.OSB_RM));
            EbmsError error = refused(new ChannelCheck(), c);
            assertThat(error.code()).isEqualTo(ErrorCode.ValueNotRecognized);
            assertThat(error.location()).isEqualTo("//eb:MessageHeader/eb:Action");
        }

        @Test
        void theWrongRoleIsNotRecognised() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.fromRole = m.toRole;
            InboundContext c = m.context();
            c.cpa(f.cpa(Profile.OSB_RM));
            EbmsError error = refused(new ChannelCheck(), c);
            assertThat(error.code()).isEqualTo(ErrorCode.ValueNotRecognized);
            assertThat(error.location()).startsWith("//eb:MessageHeader/eb:From");
        }

        @Test
        void aToPartyNotInTheCpaIsNamedAtTheToPartyId() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.to = PartyId.oin("00000099000000009000");
            InboundContext c = m.context();
            c.cpa(f.cpa(Profile.OSB_RM));
            EbmsError error = refused(new ChannelCheck(), c);
            assertThat(error.code()).isEqualTo(ErrorCode.ValueNotRecognized);
            assertThat(error.location()).isEqualTo("//eb:MessageHeader/eb:To/eb:PartyId");
        }
    }

    @Nested
    class ClientCertificateCheckTest {
        @Test
        void theFromPartysOwnCertificateIsAccepted() throws Exception {
            accepted(new ClientCertificateCheck(), f.message(Profile.OSB_RM).resolved(Profile.OSB_RM));
        }

        @Test
        void anotherOrganisationsCertificateIsASecurityFailure() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.clientCertificate = f.pki.certificate("peer", TestPki.Usage.TLS_CLIENT);
            EbmsError error = refused(new ClientCertificateCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.SecurityFailure);
            assertThat(error.description())
                    .contains(InboundCheckFixture.PEER_OIN)
                    .contains(InboundCheckFixture.US_OIN);
        }

        @Test
        void noCertificateIsASecurityFailure() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.clientCertificate = null;
            EbmsError error = refused(new ClientCertificateCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.SecurityFailure);
            assertThat(error.location()).isEqualTo("TLS");
        }

        @Test
        void aFromPartyOutsideTheCpaIsLeftToTheChannelCheck() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.from = PartyId.oin("00000099000000009000");
            m.clientCertificate = f.pki.certificate("peer", TestPki.Usage.TLS_CLIENT);
            accepted(new ClientCertificateCheck(), m.resolved(Profile.OSB_RM));
        }
    }

    @Nested
    class HeaderLengthCheckTest {
        @Test
        void ordinaryValuesAreAccepted() throws Exception {
            accepted(new HeaderLengthCheck(), f.message(Profile.OSB_RM).context());
        }

        @Test
        void aValueLongerThanTheStoreKeepsIsInconsistentNamingTheElement() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.conversationId = "c".repeat(HeaderValueLimits.IDENTIFIER + 1);
            EbmsError error = refused(new HeaderLengthCheck(), m.context());
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.location()).contains("ConversationId");
            assertThat(error.description()).contains(Integer.toString(HeaderValueLimits.IDENTIFIER));
        }
    }

    @Nested
    class ManifestCheckTest {
        @Test
        void aManifestReferencingEveryPartIsAccepted() throws Exception {
            accepted(new ManifestCheck(), f.message(Profile.OSB_RM).context());
        }

        @Test
        void aMessageWithoutPartsNeedsNoManifest() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.manifest = null;
            m.payloads.clear();
            accepted(new ManifestCheck(), m.context());
        }

        @Test
        void partsWithoutAManifestAreInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.manifest = null;
            assertThat(refused(new ManifestCheck(), m.context()).code()).isEqualTo(ErrorCode.Inconsistent);
        }

        @Test
        void aReferenceToAMissingPartIsAMimeProblem() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.manifest.add("cid:missing@us.test");
            EbmsError error = refused(new ManifestCheck(), m.context());
            assertThat(error.code()).isEqualTo(ErrorCode.MimeProblem);
            assertThat(error.location()).contains("cid:missing@us.test");
        }

        @Test
        void aReferenceOutsideTheMessageIsNotSupported() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.manifest.add("https://elsewhere.test/report.xml");
            assertThat(refused(new ManifestCheck(), m.context()).code()).isEqualTo(ErrorCode.NotSupported);
        }

        @Test
        void aPartTheManifestDoesNotReferenceIsInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.payloads.add(new Payload("extra@us.test", "text/plain", "x".getBytes()));
            EbmsError error = refused(new ManifestCheck(), m.context());
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.description()).contains("extra@us.test");
        }
    }

    @Nested
    class MessageOrderCheckTest {
        @Test
        void aMessageWithoutMessageOrderIsAccepted() throws Exception {
            accepted(new MessageOrderCheck(), f.message(Profile.OSB_RM).resolved(Profile.OSB_RM));
        }

        @Test
        void messageOrderIsNotSupported() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.sequenceNumber = 1L;
            EbmsError error = refused(new MessageOrderCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.NotSupported);
            assertThat(error.location()).isEqualTo("//eb:MessageOrder");
        }
    }

    @Nested
    class ReliabilityCheckTest {
        @Test
        void whatTheCpaAgreesIsAcceptedOnAReliableAndABestEffortChannel() throws Exception {
            accepted(new ReliabilityCheck(), f.message(Profile.OSB_RM).resolved(Profile.OSB_RM));
            accepted(new ReliabilityCheck(), f.message(Profile.OSB_BE).resolved(Profile.OSB_BE));
        }

        @Test
        void aMissingAckRequestedOnAReliableChannelIsInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.ackRequested = null;
            EbmsError error = refused(new ReliabilityCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.location()).isEqualTo("//eb:AckRequested");
        }

        @Test
        void anAckRequestedOnABestEffortChannelIsInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_BE);
            m.ackRequested = new EbmsMessage.AckRequested(Namespaces.ACTOR_TO_PARTY_MSH, false);
            assertThat(refused(new ReliabilityCheck(), m.resolved(Profile.OSB_BE))
                            .code())
                    .isEqualTo(ErrorCode.Inconsistent);
        }

        @Test
        void anAcknowledgmentAskedOfAnIntermediaryIsNotSupported() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.ackRequested = new EbmsMessage.AckRequested(Namespaces.SOAP_ACTOR_NEXT, false);
            assertThat(refused(new ReliabilityCheck(), m.resolved(Profile.OSB_RM))
                            .code())
                    .isEqualTo(ErrorCode.NotSupported);
        }

        @Test
        void duplicateEliminationOtherThanAgreedIsInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.duplicateElimination = !f.channel(Profile.OSB_RM).duplicateElimination();
            EbmsError error = refused(new ReliabilityCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.location()).isEqualTo("//eb:MessageHeader/eb:DuplicateElimination");
        }
    }

    @Nested
    class SyncReplyCheckTest {
        @Test
        void syncReplyAsAgreedIsAccepted() throws Exception {
            accepted(new SyncReplyCheck(), f.message(Profile.OSB_RM).resolved(Profile.OSB_RM));
        }

        @Test
        void syncReplyTheCpaDoesNotAgreeIsInconsistent() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.syncReply = !m.syncReply;
            EbmsError error = refused(new SyncReplyCheck(), m.resolved(Profile.OSB_RM));
            assertThat(error.code()).isEqualTo(ErrorCode.Inconsistent);
            assertThat(error.location()).isEqualTo("//eb:SyncReply");
        }
    }

    @Nested
    class TimeToLiveCheckTest {
        @Test
        void aMessageWithoutTimeToLiveOrWithinItIsAccepted() throws Exception {
            accepted(new TimeToLiveCheck(), f.message(Profile.OSB_RM).context());
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.timeToLive = InboundCheckFixture.NOW.plusSeconds(60);
            accepted(new TimeToLiveCheck(), m.context());
        }

        @Test
        void aMessagePastItsTimeToLiveIsRefused() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM);
            m.timeToLive = InboundCheckFixture.NOW.minusSeconds(1);
            assertThat(refused(new TimeToLiveCheck(), m.context()).code()).isEqualTo(ErrorCode.TimeToLiveExpired);
        }
    }

    @Nested
    class DecryptionCheckTest {
        final MessageSecurity noKeys = new MessageSecurity(Optional.empty(), Optional.empty(), null, false);

        @Test
        void onAChannelWithoutEncryptionThePayloadsPassAsTheyAre() throws Exception {
            InboundContext c = f.message(Profile.OSB_RM_S).resolved(Profile.OSB_RM_S);
            accepted(new DecryptionCheck(noKeys), c);
            assertThat(c.payloads()).isEqualTo(c.message().payloads());
        }

        @Test
        void onAnEncryptedChannelAPartThatCannotBeDecryptedIsASecurityFailure() throws Exception {
            EbmsError error = refused(
                    new DecryptionCheck(noKeys), f.message(Profile.OSB_RM_E).resolved(Profile.OSB_RM_E));
            assertThat(error.code()).isEqualTo(ErrorCode.SecurityFailure);
        }
    }

    @Nested
    class SignatureCheckTest {
        final MessageSecurity receiver = new MessageSecurity(Optional.empty(), Optional.empty(), validator(), false);
        final MessageSecurity noKeys = receiver;

        /** Chain, validity, OIN and CRLs against the test PKI, as a node validates a sender's signing certificate. */
        static CertificateValidator validator() {
            return PkioCertificateValidator.builder(f.pki.trustAnchors())
                    .crlSource(new DirectoryCrlSource(f.pki.crlDirectory()))
                    .build();
        }

        /** The message as "us" sends it on a signed channel: sealed with its key, then read as the receiver reads it. */
        InboundContext signed(InboundCheckFixture.Message m, Profile profile) throws Exception {
            MessageSecurity sender = new MessageSecurity(
                    Optional.of(f.pki.keyMaterial("us", TestPki.Usage.TLS_CLIENT)),
                    Optional.empty(),
                    validator(),
                    false);
            InboundContext plain = m.context();
            Document envelope = SafeXml.parse(sender.seal(plain.message(), m.payloads, f.channel(profile)));
            InboundContext c = new InboundContext(
                    new EnvelopeReader().read(envelope, m.payloads),
                    envelope,
                    m.clientCertificate,
                    InboundCheckFixture.NOW);
            c.cpa(f.cpa(profile));
            c.channel(f.channel(profile));
            return c;
        }

        @Test
        void aMessageSignedWithTheCertificateTheCpaNamesIsAcceptedAndItsSignatureRecorded() throws Exception {
            InboundContext c = signed(f.message(Profile.OSB_RM_S), Profile.OSB_RM_S);
            accepted(new SignatureCheck(receiver), c);
            assertThat(c.signature()).isNotNull();
        }

        @Test
        void aPayloadChangedAfterSigningIsASecurityFailure() throws Exception {
            InboundCheckFixture.Message m = f.message(Profile.OSB_RM_S);
            InboundContext c = signed(m, Profile.OSB_RM_S);
            m.payloads.set(
                    0,
                    new Payload(
                            m.payloads.get(0).contentId(), "application/xml", "<report>changed</report>".getBytes()));
            InboundContext tampered = new InboundContext(
                    new EnvelopeReader().read(c.envelope(), m.payloads),
                    c.envelope(),
                    m.clientCertificate,
                    InboundCheckFixture.NOW);
            tampered.cpa(c.cpa());
            tampered.channel(c.channel());
            assertThat(refused(new SignatureCheck(receiver), tampered).code()).isEqualTo(ErrorCode.SecurityFailure);
        }

        @Test
        void onAnUnsignedChannelNoSignatureIsAsked() throws Exception {
            InboundContext c = f.message(Profile.OSB_RM).resolved(Profile.OSB_RM);
            accepted(new SignatureCheck(noKeys), c);
            assertThat(c.signature()).isNull();
        }

        @Test
        void onASignedChannelAnUnsignedMessageIsASecurityFailure() throws Exception {
            EbmsError error = refused(
                    new SignatureCheck(noKeys), f.message(Profile.OSB_RM_S).resolved(Profile.OSB_RM_S));
            assertThat(error.code()).isEqualTo(ErrorCode.SecurityFailure);
        }
    }

    /** A check added to msh.inbound without a test here fails this (the sources of the core module are read). */
    @Test
    void everyCheckClassHasItsTestHere() throws Exception {
        List<String> tested = Arrays.stream(InboundChecksTest.class.getDeclaredClasses())
                .map(Class::getSimpleName)
                .toList();
        Path sources = Path.of("../core/src/main/java/nl/dkgw/gateway/msh/inbound");
        List<String> checks;
        try (var files = Files.list(sources)) {
            checks = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith("Check.java") && !n.equals("InboundCheck.java"))
                    .map(n -> n.replace(".java", "Test"))
                    .toList();
        }
        assertThat(checks).hasSizeGreaterThanOrEqualTo(11);
        assertThat(tested).containsAll(checks);
    }
}
