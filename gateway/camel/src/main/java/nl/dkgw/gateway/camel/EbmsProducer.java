package nl.dkgw.gateway.camel;

import jakarta.activation.DataHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmissionRefusedException;
import nl.dkgw.gateway.api.SubmitResult;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.attachment.AttachmentMessage;
import org.apache.camel.support.DefaultProducer;

/**
 * Submits an exchange as an ebMS message; the message is stored with its delivery task when this returns. A
 * submission that is not accepted fails the exchange with its {@link SubmissionRefusedException} and names the reason and
 * the remedy in the exchange properties {@link EbmsConstants#SUBMISSION_FAILURE} and
 * {@link EbmsConstants#SUBMISSION_REMEDY}.
 */
public final class EbmsProducer extends DefaultProducer {

    private final EbmsEndpoint endpoint;

    public EbmsProducer(EbmsEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        if (endpoint.isLargeFile()) {
            sendFile(exchange, in);
            return;
        }
        try (ExchangeParts taken = new ExchangeParts()) {
            List<Submission.Part> parts = new ArrayList<>();
            parts.add(Submission.Part.of(endpoint.getContentType(), taken.body(in)));
            parts.addAll(attachments(exchange.getMessage(AttachmentMessage.class), taken));
            in = exchange.getMessage();
            Submission submission = new Submission(
                    endpoint.getCpaId(),
                    endpoint.getService(),
                    endpoint.getAction(),
                    parts,
                    in.getHeader(EbmsConstants.CONVERSATION_ID, String.class),
                    null,
                    messageId(in),
                    in.getHeader(EbmsConstants.SOURCE_ID, String.class));
            // stored when submit returns: what was spooled for it is deleted on leaving this block
            accepted(exchange, in, endpoint.ebms().messages().submit(submission));
        }
    }

    /** The body, streamed, through Grote Berichten: stored in the node's file store and announced. */
    private void sendFile(Exchange exchange, Message in) throws Exception {
        String name = in.getHeader(EbmsConstants.FILE_NAME, String.class);
        if (name == null || name.isBlank()) {
            name = in.getHeader(Exchange.FILE_NAME_ONLY, String.class);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a large file needs a name: set the header " + EbmsConstants.FILE_NAME);
        }
        String type = in.getHeader(EbmsConstants.FILE_CONTENT_TYPE, String.class);
        InputStream content = in.getBody(InputStream.class);
        if (content == null) {
            throw new InvalidPayloadException(exchange, InputStream.class, in);
        }
        try (content) {
            FileSubmission file = new FileSubmission(
                    endpoint.getCpaId(),
                    endpoint.getService(),
                    endpoint.getAction(),
                    content,
                    name,
                    type == null || type.isBlank() ? endpoint.getContentType() : type,
                    in.getHeader(EbmsConstants.CONVERSATION_ID, String.class),
                    messageId(in),
                    in.getHeader(EbmsConstants.SOURCE_ID, String.class));
            accepted(exchange, in, endpoint.ebms().largeFiles().send(file.withMode(endpoint.largeFileMode())));
        }
    }

    private static void accepted(Exchange exchange, Message in, SubmitResult result) throws SubmissionRefusedException {
        if (result instanceof SubmitResult.Refused refused) {
            exchange.setProperty(
                    EbmsConstants.SUBMISSION_FAILURE, refused.reason().name());
            exchange.setProperty(
                    EbmsConstants.SUBMISSION_REMEDY, refused.reason().remedy().name());
            throw new SubmissionRefusedException(refused);
        }
        MessageSummary stored = ((SubmitResult.Accepted) result).message();
        in.setHeader(EbmsConstants.MESSAGE_ID, stored.messageId());
        in.setHeader(EbmsConstants.CONVERSATION_ID, stored.conversationId());
        in.setHeader(EbmsConstants.STATUS, stored.status().name());
    }

    private String messageId(Message in) {
        String id = in.getHeader(EbmsConstants.MESSAGE_ID, String.class);
        if (id == null || id.isBlank()) {
            return null;
        }
        return id.contains("@") ? id : id + "@" + endpoint.getMessageIdDomain();
    }

    private static List<Submission.Part> attachments(AttachmentMessage am, ExchangeParts taken) throws IOException {
        List<Submission.Part> parts = new ArrayList<>();
        if (am != null && am.hasAttachments()) {
            for (Map.Entry<String, DataHandler> a : am.getAttachments().entrySet()) {
                String type = a.getValue().getContentType();
                parts.add(new Submission.Part(
                        type == null ? "application/octet-stream" : type, taken.attachment(a.getValue()), a.getKey()));
            }
        }
        return parts;
    }
}
