package nl.dkgw.routes.source;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JMS queue whose messages are files, sent as they are through Grote Berichten (a flow with
 * {@code send.large-files: true} and {@code send.sources.jms-queue}). Each message is a {@link BytesMessage} whose
 * body is the file, with the string properties {@code DkgwFileName} (required; letters, digits, {@code . _ -}, at
 * most 200 characters, as the GB metadata allows: another name is refused by the gateway) and {@code DkgwFileContentType} (default
 * {@code application/octet-stream}). The body is streamed from the broker into the node's file store (on Artemis a
 * large message, never held in memory). The queue is consumed in a JMS transaction that commits only after the file
 * was stored and its metadata message accepted; a failure before that rolls back and the broker redelivers, with the
 * same JMSMessageID (or the producer's {@code DkgwSourceId}), hence the same MessageId: a file stored and announced
 * already is not stored or sent again. A message the gateway refuses for good (no or a bad file name, not a
 * BytesMessage, unknown CPA or action) is acknowledged and a notice goes to the flow's dead-letter endpoint: no body,
 * the headers {@link FlowHeaders#REJECT_KIND} {@code REFUSED}, {@link FlowHeaders#REJECT_REASON}, the file name and
 * the JMSMessageID; the file itself is not kept. Several concurrent consumers may read the queue (see
 * {@link JmsSourceRoute}): each file is still sent once, in no particular order.
 */
public final class JmsFileSourceRoute extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(JmsFileSourceRoute.class);
    private static final String JMS_MESSAGE_ID = "JMSMessageID";
    private static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";
    /** Why a JMS message cannot be a file for Grote Berichten: it is refused for good, never redelivered. */
    private static final String NOT_A_FILE = "DkgwNotAFile";

    private final String flow;
    private final String queue;
    private final String deadLetter;
    private final String largeFileEndpoint;
    private final int consumers;

    /**
     * @param largeFileEndpoint an {@code ebms:} producer with {@code largeFile=true}
     * @param deadLetter the flow's {@code send.dead-letter} endpoint, for the notices of files refused for good
     * @param consumers how many concurrent consumers read the queue, each in its own JMS transaction
     */
    public JmsFileSourceRoute(String flow, String queue, String deadLetter, String largeFileEndpoint, int consumers) {
        this.flow = flow;
        this.queue = queue;
        this.deadLetter = deadLetter;
        this.largeFileEndpoint = largeFileEndpoint;
        this.consumers = consumers;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        from(TransactedQueue.uri(queue, consumers) + "&mapJmsMessage=false")
                .routeId("flow-" + flow + "-jms-file-source")
                .process(this::file)
                .choice()
                .when(exchangeProperty(NOT_A_FILE).isNotNull())
                .process(this::notAFile)
                .to(deadLetter)
                .otherwise()
                .doTry()
                .to(largeFileEndpoint)
                .process(this::offered)
                .doCatch(Exception.class)
                .onWhen(SubmissionRefusal::forGood)
                .process(this::refused)
                .to(deadLetter)
                .end()
                .end();
    }

    /** Makes the body a stream of the file, or says in {@link #NOT_A_FILE} why the message is not a file. */
    private void file(Exchange exchange) throws JMSException {
        Message in = exchange.getMessage();
        Object jms = in.getBody();
        if (!(jms instanceof BytesMessage bytes)) {
            exchange.setProperty(
                    NOT_A_FILE,
                    "a file on queue " + queue + " must be a JMS BytesMessage, not "
                            + (jms == null ? "an empty message" : jms.getClass().getSimpleName()));
            return;
        }
        String name = bytes.getStringProperty(FlowHeaders.FILE_NAME);
        if (name == null || name.isBlank()) {
            exchange.setProperty(
                    NOT_A_FILE,
                    "a file on queue " + queue + " needs the string property " + FlowHeaders.FILE_NAME
                            + " (its name in the GB metadata)");
            return;
        }
        String type = bytes.getStringProperty(FlowHeaders.FILE_CONTENT_TYPE);
        String sourceId = bytes.getStringProperty(FlowHeaders.SOURCE_ID);
        if (sourceId == null || sourceId.isBlank()) {
            sourceId = "jms-" + bytes.getJMSMessageID();
        }
        in.setHeader(FlowHeaders.SOURCE_ID, sourceId);
        in.setHeader(FlowHeaders.MESSAGE_ID, MessageIdOf.event(flow, sourceId));
        in.setHeader(FlowHeaders.FLOW, flow);
        in.setHeader(FlowHeaders.FILE_NAME, name);
        in.setHeader(FlowHeaders.FILE_CONTENT_TYPE, type == null || type.isBlank() ? DEFAULT_CONTENT_TYPE : type);
        in.setBody(new BytesMessageStream(bytes));
    }

    private void offered(Exchange exchange) {
        LOG.atInfo()
                .addKeyValue("event", "flow.file-submitted")
                .addKeyValue("flow", flow)
                .addKeyValue("sourceId", exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .log("file from JMS stored and announced through Grote Berichten");
    }

    private void notAFile(Exchange exchange) {
        String reason = exchange.getProperty(NOT_A_FILE, String.class);
        notice(exchange, reason);
        LOG.atWarn()
                .addKeyValue("event", "flow.file-refused")
                .addKeyValue("flow", flow)
                .addKeyValue("jmsMessageId", exchange.getMessage().getHeader(JMS_MESSAGE_ID))
                .log("JMS message refused as a file: {}", reason);
    }

    private void refused(Exchange exchange) {
        String reason = SubmissionRefusal.reason(exchange);
        notice(exchange, reason);
        exchange.getMessage()
                .setHeader(
                        FlowHeaders.SUBMISSION_FAILURE,
                        exchange.getProperty(FlowHeaders.SUBMISSION_FAILURE, String.class));
        exchange.getMessage()
                .setHeader(
                        FlowHeaders.SUBMISSION_REMEDY,
                        exchange.getProperty(FlowHeaders.SUBMISSION_REMEDY, String.class));
        SubmissionRefusal.log(flow, exchange, reason);
    }

    /** The dead-letter notice: headers only, the file is not copied there. */
    private void notice(Exchange exchange, String reason) {
        Message message = exchange.getMessage();
        message.setBody("");
        message.removeHeader(FlowHeaders.MESSAGE_ID);
        message.setHeader(FlowHeaders.FLOW, flow);
        message.setHeader(FlowHeaders.REJECT_KIND, SubmissionRefusal.KIND);
        message.setHeader(FlowHeaders.REJECT_REASON, reason);
    }
}
