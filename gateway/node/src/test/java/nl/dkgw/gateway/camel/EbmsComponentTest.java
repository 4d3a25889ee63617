package nl.dkgw.gateway.camel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.activation.DataHandler;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.NodeInternals;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.LargeFiles;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.testkit.Slow;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ebms component between two real nodes: to() submits idempotently, from() hands over and marks processed. */
@Slow
class EbmsComponentTest {

    @TempDir
    static Path dir;

    static LocalChain chain;
    static String cpaId;
    static CamelContext sender;
    static CamelContext receiver;
    static final List<Exchange> received = new CopyOnWriteArrayList<>();
    static final AtomicInteger failuresLeft = new AtomicInteger();
    static final Duration RETRY_DELAY = Duration.ofMillis(700);
    static final AtomicBoolean poisonCured = new AtomicBoolean();
    static final List<Instant> poisonAttempts = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        chain = LocalChain.start(dir, Map.of(), Duration.ofSeconds(1), List.of(), SyncReplyMode.NONE);
        cpaId = FlowCpa.add(chain, Profile.OSB_RM);
        sender = new DefaultCamelContext();
        sender.addComponent("ebms", new EbmsComponent(chain.consumer()));
        sender.start();
        receiver = new DefaultCamelContext();
        receiver.addComponent("ebms", new EbmsComponent(chain.provider()));
        receiver.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(defaultErrorHandler().logExhaustedMessageHistory(false));
                from("ebms:" + cpaId + "?service=RAW(" + FlowCpa.SERVICE + ")&action=" + FlowCpa.TEST_RESULT
                                + "&delay=100&maxMessagesPerPoll=1&retryDelay=" + RETRY_DELAY.toMillis())
                        .process(e -> {
                            if ("poison".equals(e.getMessage().getBody(String.class)) && !poisonCured.get()) {
                                poisonAttempts.add(NodeInternals.store(chain.provider())
                                        .databaseClock()
                                        .now());
                                throw new IllegalStateException("the internal system refuses this one");
                            }
                            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                                throw new IllegalStateException("internal system down");
                            }
                            received.add(e.copy());
                        });
            }
        });
        receiver.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (receiver != null) {
            receiver.close();
        }
        if (sender != null) {
            sender.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private static String uri(String action) {
        return "ebms:" + cpaId + "?service=RAW(" + FlowCpa.SERVICE + ")&action=" + action + "&contentType=text/plain";
    }

    /** Grote Berichten through the component ({@code largeFile=true}) is tested with GB on in routes' LargeFileFlowsTest. */
    @Test
    void aLargeFileNeedsGroteBerichtenOnTheComponentAndOnTheNode() throws Exception {
        // a component made without GB refuses the option when the producer is made
        try (CamelContext noGb = new DefaultCamelContext()) {
            noGb.addComponent(
                    "ebms",
                    new EbmsComponent(
                            chain.consumer().messages(),
                            chain.consumer().inbound(),
                            chain.consumer().failureReports()));
            noGb.start();
            assertThatThrownBy(() -> noGb.getEndpoint(uri(FlowCpa.TEST_RESULT) + "&largeFile=true")
                            .createProducer())
                    .hasMessageContaining("largeFile")
                    .hasMessageContaining("no Grote Berichten");
        }
        // this chain's nodes run with gb.enabled: false, which the node says
        Exchange off = sender.createProducerTemplate().send(uri(FlowCpa.TEST_RESULT) + "&largeFile=true", e -> {
            e.getMessage().setBody(new java.io.ByteArrayInputStream(new byte[] {1, 2, 3}));
            e.getMessage().setHeader(EbmsConstants.FILE_NAME, "a.bin");
        });
        assertThat(off.getException()).isInstanceOf(IllegalStateException.class).hasMessageContaining("gb.enabled");
    }

    @Test
    void theLargeFileModeOptionGoesWithTheFileAndAnotherValueIsRefused() throws Exception {
        List<FileSubmission.Mode> modes = new CopyOnWriteArrayList<>();
        LargeFiles recording = new LargeFiles() {
            @Override
            public SubmitResult send(FileSubmission submission) {
                modes.add(submission.mode());
                return new SubmitResult.Refused(SubmissionFailure.MALFORMED, "recorded only");
            }

            @Override
            public List<ReceivedFile> files(long messagePk) {
                return List.of();
            }

            @Override
            public InputStream open(ReceivedFile file) {
                throw new UnsupportedOperationException();
            }
        };
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addComponent(
                    "ebms",
                    new EbmsComponent(
                            chain.consumer().messages(),
                            chain.consumer().inbound(),
                            chain.consumer().failureReports(),
                            recording));
            camel.start();
            ProducerTemplate template = camel.createProducerTemplate();
            for (String option : List.of("&largeFileMode=push", "&largeFileMode=PULL", "")) {
                template.send(uri(FlowCpa.TEST_RESULT) + "&largeFile=true" + option, e -> {
                    e.getMessage().setBody(new ByteArrayInputStream(new byte[] {1}));
                    e.getMessage().setHeader(EbmsConstants.FILE_NAME, "a.bin");
                });
            }
            assertThat(modes).containsExactly(FileSubmission.Mode.PUSH, FileSubmission.Mode.PULL, null);
            assertThatThrownBy(() -> camel.getEndpoint(uri(FlowCpa.TEST_RESULT) + "&largeFile=true&largeFileMode=both")
                            .createProducer())
                    .hasMessageContaining("largeFileMode 'both'");
        }
    }

    @Test
    void aBodyAndItsAttachmentsTravelAndTheReceivingRouteMarksTheMessageProcessed() {
        ProducerTemplate template = sender.createProducerTemplate();
        Exchange sent = template.send(uri(FlowCpa.TEST_RESULT), e -> {
            e.getMessage().setBody("first payload");
            e.getMessage().setHeader(EbmsConstants.CONVERSATION_ID, "conv-1");
            e.getMessage(AttachmentMessage.class)
                    .addAttachment(
                            "extra@dkgw",
                            new DataHandler(new ByteArrayDataSource(
                                    "extra".getBytes(StandardCharsets.UTF_8), "application/octet-stream")));
        });
        assertThat(sent.getException()).isNull();
        String messageId = sent.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class);
        assertThat(messageId).contains("@");
        assertThat(sent.getMessage().getHeader(EbmsConstants.CONVERSATION_ID)).isEqualTo("conv-1");

        Exchange got = await().atMost(Duration.ofSeconds(30)).until(() -> find(messageId), e -> e != null);
        assertThat(got.getMessage().getBody(String.class)).isEqualTo("first payload");
        assertThat(got.getMessage().getHeader(EbmsConstants.ACTION)).isEqualTo(FlowCpa.TEST_RESULT);
        assertThat(got.getMessage().getHeader(EbmsConstants.CONVERSATION_ID)).isEqualTo("conv-1");
        @SuppressWarnings("unchecked")
        List<Payload> payloads = got.getMessage().getHeader(EbmsConstants.PAYLOADS, List.class);
        assertThat(payloads).hasSize(2);
        assertThat(new String(payloads.get(1).data(), StandardCharsets.UTF_8)).isEqualTo("extra");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(messageId)).isEqualTo(MessageStatus.PROCESSED));
    }

    @Test
    void theSameMessageIdHeaderGivesTheSameMessageSentOnce() {
        ProducerTemplate template = sender.createProducerTemplate();
        Exchange first = template.send(uri(FlowCpa.TEST_RESULT), e -> {
            e.getMessage().setBody("once");
            e.getMessage().setHeader(EbmsConstants.MESSAGE_ID, "source-42");
            e.getMessage().setHeader(EbmsConstants.SOURCE_ID, "outbox-row-42");
        });
        Exchange again = template.send(uri(FlowCpa.TEST_RESULT), e -> {
            e.getMessage().setBody("once");
            e.getMessage().setHeader(EbmsConstants.MESSAGE_ID, "source-42");
        });
        assertThat(first.getMessage().getHeader(EbmsConstants.MESSAGE_ID)).isEqualTo("source-42@dkgw");
        assertThat(again.getMessage().getHeader(EbmsConstants.MESSAGE_ID)).isEqualTo("source-42@dkgw");
        await().atMost(Duration.ofSeconds(30)).until(() -> find("source-42@dkgw") != null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> chain.consumer()
                                .report("source-42@dkgw")
                                .orElseThrow()
                                .message()
                                .status()
                        == MessageStatus.ACKNOWLEDGED);
        assertThat(received)
                .filteredOn(e -> "source-42@dkgw".equals(e.getMessage().getHeader(EbmsConstants.MESSAGE_ID)))
                .hasSize(1);
        assertThat(chain.consumer()
                        .report("source-42@dkgw")
                        .orElseThrow()
                        .message()
                        .sourceId())
                .isEqualTo("outbox-row-42");
    }

    @Test
    void aFailingRouteLeavesTheMessageReceivedUntilItSucceeds() {
        failuresLeft.set(2);
        Exchange sent = sender.createProducerTemplate()
                .send(uri(FlowCpa.TEST_RESULT), e -> e.getMessage().setBody("retry me"));
        String messageId = sent.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> find(messageId) != null);
        assertThat(failuresLeft.get()).isZero();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(status(messageId)).isEqualTo(MessageStatus.PROCESSED));
    }

    /**
     * The route takes one message per poll and keeps failing on an older message: that message waits out its back-off
     * (database clock) while the newer one is delivered, and is offered again after the back-off.
     */
    @Test
    void aMessageTheRouteKeepsRejectingDoesNotBlockNewerOnes() {
        try {
            String poison = sender.createProducerTemplate()
                    .send(uri(FlowCpa.TEST_RESULT), e -> e.getMessage().setBody("poison"))
                    .getMessage()
                    .getHeader(EbmsConstants.MESSAGE_ID, String.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> !poisonAttempts.isEmpty());
            String newer = sender.createProducerTemplate()
                    .send(uri(FlowCpa.TEST_RESULT), e -> e.getMessage().setBody("behind the poison"))
                    .getMessage()
                    .getHeader(EbmsConstants.MESSAGE_ID, String.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> find(newer) != null);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(status(newer)).isEqualTo(MessageStatus.PROCESSED));
            assertThat(status(poison)).isEqualTo(MessageStatus.RECEIVED);

            await().atMost(Duration.ofSeconds(30)).until(() -> poisonAttempts.size() >= 2);
            assertThat(Duration.between(poisonAttempts.get(0), poisonAttempts.get(1)))
                    .as("offered again only after its back-off")
                    .isGreaterThanOrEqualTo(RETRY_DELAY);
        } finally {
            poisonCured.set(true);
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> received.stream()
                        .anyMatch(e -> "poison".equals(e.getMessage().getBody(String.class))));
    }

    /** The route takes one message per poll: older messages of other actions must not hide its own from it. */
    @Test
    void messagesOfOtherActionsAreLeftForOtherRoutesAndDoNotHideThisRoutesMessages() {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Exchange sent = sender.createProducerTemplate()
                    .send(uri(FlowCpa.VACCINATION), e -> e.getMessage().setBody("not for the test-result route"));
            others.add(sent.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class));
        }
        String messageId = others.get(0);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> others.stream().allMatch(id -> status(id) == MessageStatus.RECEIVED));
        assertThat(chain.provider().received(cpaId, FlowCpa.SERVICE, FlowCpa.VACCINATION, MessageStatus.RECEIVED, 10))
                .extracting(StoredMessage::messageId)
                .containsAll(others);
        assertThat(chain.provider().received(cpaId, FlowCpa.SERVICE, FlowCpa.TEST_RESULT, MessageStatus.RECEIVED, 10))
                .extracting(StoredMessage::messageId)
                .doesNotContainAnyElementsOf(others);
        Exchange marker = sender.createProducerTemplate()
                .send(uri(FlowCpa.TEST_RESULT), e -> e.getMessage().setBody("marker"));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> find(marker.getMessage().getHeader(EbmsConstants.MESSAGE_ID, String.class)) != null);
        assertThat(status(messageId)).isEqualTo(MessageStatus.RECEIVED);
    }

    @Test
    void aRefusedSubmissionFailsTheExchangeWithTheGatewaysReason() {
        ProducerTemplate template = sender.createProducerTemplate();
        assertThatThrownBy(() -> template.sendBody(uri("NoSuchAction"), "x"))
                .isInstanceOf(CamelExecutionException.class)
                .rootCause()
                .hasMessageContaining("NoSuchAction");
        assertThatThrownBy(() -> template.sendBody("ebms:" + cpaId + "?action=X", "x"))
                .hasMessageContaining("needs service and action");
    }

    private static Exchange find(String messageId) {
        return received.stream()
                .filter(e -> messageId.equals(e.getMessage().getHeader(EbmsConstants.MESSAGE_ID)))
                .findFirst()
                .orElse(null);
    }

    private static MessageStatus status(String messageId) {
        return chain.provider().received(cpaId, null, 1000).stream()
                .filter(m -> m.messageId().equals(messageId))
                .map(StoredMessage::status)
                .findFirst()
                .orElse(null);
    }
}
