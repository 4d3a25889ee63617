package nl.dkgw.routes.delivery;

import java.nio.file.Path;
import java.util.List;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step of a receiving flow: a message that announced Grote Berichten files (header
 * {@link FlowHeaders#FILES}) has its files delivered, as they are, to the flow's destination, and the route stops
 * there (the payload is the GB metadata, not the flow's XML; the gateway verified size and checksum). A message
 * without files passes on to the flow's schema and ordinary delivery.
 * <ul>
 *   <li>directory: the message's directory with its files ({@link DirectoryDelivery});</li>
 *   <li>queue: one JMS message per file, a reference, never the content: body the file's path, headers
 *       {@code DkgwFileName}, {@code DkgwFileContentType}, {@code DkgwFileSize}, {@code DkgwFileChecksum},
 *       {@code DkgwFilePath}, {@code DkgwFileIndex}, {@code DkgwFileCount}, the MessageId, ConversationId and flow,
 *       and Artemis duplicate id {@code <MessageId>#<transfer id>};</li>
 *   <li>webhook: one POST per file, the body streamed from disk ({@link Webhook#postFile});</li>
 *   <li>table: refused, a table takes payloads: the message goes to the flow's inbound dead-letter endpoint.</li>
 * </ul>
 * Any failure fails the exchange: the message stays RECEIVED and its files are delivered again after the back-off
 * (the directory keeps what was complete, the queue's duplicate ids drop a repeated file reference).
 */
final class FileDelivery implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FileDelivery.class);
    private static final String ARTEMIS_DUPLICATE_ID = "_AMQ_DUPL_ID";

    private final String flow;
    private final String queue;
    private final Webhook webhook;
    private final DirectoryDelivery directory;
    private final boolean table;
    private volatile ProducerTemplate producer;

    FileDelivery(String flow, String queue, Webhook webhook, DirectoryDelivery directory, boolean table) {
        this.flow = flow;
        this.queue = queue;
        this.webhook = webhook;
        this.directory = directory;
        this.table = table;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        ReceivedFiles files = ReceivedFiles.of(exchange.getMessage());
        if (files.isEmpty()) {
            return;
        }
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow);
        if (table) {
            throw new FlowRejectedException(
                    FlowRejectedException.Kind.INVALID,
                    List.of("the message announces Grote Berichten files, which a table destination cannot take;"
                            + " deliver the flow to a directory, queue or webhook"));
        }
        String where;
        if (directory != null) {
            Path delivered = directory.deliver(exchange, files);
            where = delivered.toString();
        } else if (queue != null) {
            toQueue(exchange, files);
            where = "queue " + queue;
        } else {
            int count = files.files().size();
            for (int i = 0; i < count; i++) {
                webhook.postFile(exchange, files.files().get(i), i + 1, count);
            }
            where = "webhook";
        }
        long bytes = files.files().stream().mapToLong(ReceivedFiles.File::size).sum();
        LOG.atInfo()
                .addKeyValue("event", "flow.files-delivered")
                .addKeyValue("flow", flow)
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .addKeyValue("files", files.files().size())
                .addKeyValue("bytes", bytes)
                .addKeyValue("to", where)
                .log("received Grote Berichten files delivered");
        exchange.setRouteStop(true);
    }

    private void toQueue(Exchange exchange, ReceivedFiles files) throws Exception {
        ProducerTemplate template = producer;
        if (template == null) {
            template = exchange.getContext().createProducerTemplate();
            producer = template;
        }
        var in = exchange.getMessage();
        String messageId = in.getHeader(FlowHeaders.MESSAGE_ID, String.class);
        String conversationId = in.getHeader(FlowHeaders.CONVERSATION_ID, String.class);
        int count = files.files().size();
        for (int i = 0; i < count; i++) {
            ReceivedFiles.File file = files.files().get(i);
            int index = i + 1;
            Exchange sent = template.send("jms:queue:" + queue, x -> {
                var m = x.getMessage();
                m.setBody(file.path().toString());
                m.setHeader(FlowHeaders.MESSAGE_ID, messageId);
                if (conversationId != null) {
                    m.setHeader(FlowHeaders.CONVERSATION_ID, conversationId);
                }
                m.setHeader(FlowHeaders.FLOW, flow);
                m.setHeader(FlowHeaders.FILE_NAME, file.filename());
                m.setHeader(FlowHeaders.FILE_CONTENT_TYPE, file.contentType());
                m.setHeader(FlowHeaders.FILE_SIZE, file.size());
                m.setHeader(FlowHeaders.FILE_CHECKSUM, file.checksum());
                m.setHeader(FlowHeaders.FILE_PATH, file.path().toString());
                m.setHeader(FlowHeaders.FILE_INDEX, index);
                m.setHeader(FlowHeaders.FILE_COUNT, count);
                m.setHeader(ARTEMIS_DUPLICATE_ID, messageId + "#" + file.transferId());
            });
            if (sent.getException() != null) {
                throw sent.getException();
            }
        }
    }
}
