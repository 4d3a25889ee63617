package nl.dkgw.chain.simulator;

import java.io.InputStream;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.ebms.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EchoService of the compliance simulator: every EchoRequest its node receives is answered with an EchoResponse
 * in the same conversation carrying the same payloads, then marked processed. A duplicate is never echoed twice:
 * the node's duplicate elimination stores a MessageId once. An EchoRequest that announced Grote Berichten files is
 * echoed once the files arrived, by sending the same files back through Grote Berichten.
 */
final class EchoService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EchoService.class);

    private final GatewayNode node;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dkgw-echo");
        t.setDaemon(true);
        return t;
    });

    EchoService(GatewayNode node) {
        this.node = node;
        poller.scheduleWithFixedDelay(this::echoAll, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void echoAll() {
        try {
            List<MessageSummary> waiting =
                    node.inbound().received(MessageRoute.any(), MessageSummary.Status.RECEIVED, 50);
            for (MessageSummary m : waiting) {
                if (SimulatorKind.ECHO_REQUEST.equals(m.action())) {
                    echo(m);
                }
            }
        } catch (RuntimeException e) {
            LOG.atWarn().addKeyValue("event", "echo.failed").log("echo round failed: {}", e.getMessage());
        }
    }

    private void echo(MessageSummary m) {
        List<ReceivedFile> files = announcedFiles(m.pk());
        if (!files.isEmpty()) {
            echoFiles(m, files);
            return;
        }
        ReceivedMessage received = node.inbound().fetch(m.pk()).orElse(null);
        if (received == null) {
            return;
        }
        List<Submission.Part> parts = received.payloads().stream()
                .map((Payload p) -> Submission.Part.of(p.contentType(), p.data()))
                .toList();
        try {
            SubmitResult result = node.messages()
                    .submit(new Submission(
                            m.cpaId(),
                            m.service(),
                            SimulatorKind.ECHO_RESPONSE,
                            parts,
                            m.conversationId(),
                            null,
                            null));
            if (result instanceof SubmitResult.Refused refused) {
                throw new IllegalStateException(refused.reason() + ": " + refused.detail());
            }
            MessageSummary answer = ((SubmitResult.Accepted) result).message();
            node.inbound().complete(m.pk());
            LOG.atInfo()
                    .addKeyValue("event", "echo.sent")
                    .addKeyValue("messageId", answer.messageId())
                    .addKeyValue("refToMessageId", m.messageId())
                    .addKeyValue("cpaId", m.cpaId())
                    .log("echoed a message");
        } catch (Exception e) {
            LOG.atWarn()
                    .addKeyValue("event", "echo.failed")
                    .addKeyValue("messageId", m.messageId())
                    .addKeyValue("cpaId", m.cpaId())
                    .log("cannot echo: {}", e.getMessage());
            node.inbound().complete(m.pk());
        }
    }

    /** The Grote Berichten files a message announced; none when it announced none or GB is off. */
    private List<ReceivedFile> announcedFiles(long pk) {
        try {
            return node.largeFiles().files(pk);
        } catch (IllegalStateException gbOff) {
            return List.of();
        }
    }

    /**
     * A message that announced files is echoed once they all arrived and were verified: each file is sent back
     * through Grote Berichten (its own metadata message, EchoResponse, same conversation), so the other side
     * downloads the same bytes from this simulator. A file that failed is not echoed.
     */
    private void echoFiles(MessageSummary m, List<ReceivedFile> files) {
        if (files.stream().anyMatch(f -> f.status() == ReceivedFile.Status.DOWNLOADING)) {
            return; // the next round looks again
        }
        try {
            if (files.stream().anyMatch(f -> f.status() != ReceivedFile.Status.COMPLETED)) {
                throw new IllegalStateException("a file it announced did not arrive intact");
            }
            for (ReceivedFile f : files) {
                SubmitResult result;
                try (InputStream content = node.largeFiles().open(f)) {
                    result = node.largeFiles()
                            .send(new FileSubmission(
                                    m.cpaId(),
                                    m.service(),
                                    SimulatorKind.ECHO_RESPONSE,
                                    content,
                                    f.filename(),
                                    f.contentType(),
                                    m.conversationId()));
                }
                if (result instanceof SubmitResult.Refused refused) {
                    throw new IllegalStateException(refused.reason() + ": " + refused.detail());
                }
                LOG.atInfo()
                        .addKeyValue("event", "echo.sent")
                        .addKeyValue(
                                "messageId",
                                ((SubmitResult.Accepted) result).message().messageId())
                        .addKeyValue("refToMessageId", m.messageId())
                        .addKeyValue("cpaId", m.cpaId())
                        .addKeyValue("bytes", f.size())
                        .log("echoed a file through Grote Berichten");
            }
        } catch (Exception e) {
            LOG.atWarn()
                    .addKeyValue("event", "echo.failed")
                    .addKeyValue("messageId", m.messageId())
                    .addKeyValue("cpaId", m.cpaId())
                    .log("cannot echo its files: {}", e.getMessage());
        }
        node.inbound().complete(m.pk());
    }

    @Override
    public void close() {
        poller.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
