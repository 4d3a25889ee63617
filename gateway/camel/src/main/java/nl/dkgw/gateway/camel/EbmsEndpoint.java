package nl.dkgw.gateway.camel;

import java.util.Locale;
import nl.dkgw.gateway.api.FileSubmission;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.ScheduledPollEndpoint;

/**
 * An ebMS 2.0 (Digikoppeling) endpoint: one CPA, optionally narrowed to a service and action.
 * <ul>
 *   <li>Producer: submits the body (and any Camel attachments as further payloads) under the CPA's service and action;
 *       the header {@code DkgwMessageId}, when present, is the idempotent MessageId (an id without {@code @} gets
 *       {@code @messageIdDomain} appended). Afterwards {@code DkgwMessageId} and {@code DkgwConversationId} hold what
 *       was stored. The exchange fails with the gateway's reason when the submission is refused. With
 *       {@code largeFile=true} the body is streamed into the node's Grote Berichten file store instead and announced
 *       by a metadata message (same headers, same idempotency), pulled or pushed as {@code largeFileMode} says.</li>
 *   <li>Consumer: polls the messages this node received on the CPA (filtered by service and action in the database),
 *       claims each for {@code claimLease} so no other node on the same database hands it to a route meanwhile,
 *       hands it to the route with its first payload as body, and marks it processed only when the route completed
 *       without an exception; otherwise it stays RECEIVED, the claim is kept for {@code retryDelay} and it comes again
 *       after that (the messages behind it are taken meanwhile). A message that announced Grote Berichten files
 *       carries them in the header {@code DkgwFiles}.
 *       With {@code consume=failed} the consumer takes instead the outbound messages of the CPA, service and action
 *       whose delivery finally failed and whose failure was not reported yet: one exchange each, without body (never
 *       the payload), with the MessageId, CPA, service, action, source id and reason as headers; the failure counts
 *       as reported only when the route completed.</li>
 * </ul>
 */
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "ebms",
        title = "ebMS 2.0 (Digikoppeling)",
        syntax = "ebms:cpaId",
        category = {Category.MESSAGING},
        headersClass = EbmsConstants.class)
public final class EbmsEndpoint extends ScheduledPollEndpoint {

    @UriPath(description = "The CPA id of the agreement to send or receive under")
    @Metadata(required = true)
    private String cpaId;

    @UriParam(
            description = "The ebMS Service (value as in the CPA). Required for producers; consumers take every"
                    + " service when not set.")
    private String service;

    @UriParam(description = "The ebMS Action. Required for producers; consumers take every action when not set.")
    private String action;

    @UriParam(
            label = "producer",
            defaultValue = "application/xml",
            description = "The content type of the payload made from the body")
    private String contentType = "application/xml";

    @UriParam(
            label = "producer",
            defaultValue = "dkgw",
            description = "Appended as @domain to a DkgwMessageId header that has no @ (ebMS MessageIds are msg-ids)")
    private String messageIdDomain = "dkgw";

    @UriParam(
            label = "producer",
            defaultValue = "false",
            description = "Send the body as a Grote Berichten file: streamed (an InputStream, a file) into the node's"
                    + " GB file store and announced by a metadata message, never read into memory. Needs gb.enabled"
                    + " on the node. The file name is the DkgwFileName header, else CamelFileNameOnly.")
    private boolean largeFile;

    @UriParam(
            label = "producer",
            enums = "pull,push",
            description = "With largeFile: how the file travels, pull (the receiver fetches it from this node) or push"
                    + " (this node uploads it to the receiver first). Not set: the node's gb.mode-by-cpa for the CPA,"
                    + " else gb.mode.")
    private String largeFileMode;

    @UriParam(
            label = "consumer",
            defaultValue = "50",
            description = "How many received messages one poll takes at most")
    private int maxMessagesPerPoll = 50;

    @UriParam(
            label = "consumer",
            defaultValue = "received",
            enums = "received,failed",
            description = "What the consumer takes: received messages (received), or outbound messages whose"
                    + " delivery finally failed, to report them (failed)")
    private String consume = "received";

    @UriParam(
            label = "consumer",
            defaultValue = "120000",
            description = "How long (milliseconds) a consumer's claim on a message lasts; another node on the same"
                    + " database takes the message over only after that. Longer than the route can take.")
    private long claimLease = 120_000;

    @UriParam(
            label = "consumer",
            defaultValue = "30000",
            description = "How long (milliseconds) a message the route failed on waits before it is offered again;"
                    + " meanwhile the consumer takes the messages behind it")
    private long retryDelay = 30_000;

    public EbmsEndpoint(String uri, EbmsComponent component, String cpaId) {
        super(uri, component);
        this.cpaId = cpaId;
    }

    EbmsComponent ebms() {
        return (EbmsComponent) getComponent();
    }

    @Override
    public Producer createProducer() {
        if (service == null || action == null) {
            throw new IllegalArgumentException("ebms producer " + getEndpointUri() + " needs service and action");
        }
        if (largeFileMode != null && largeFileMode() == null) {
            throw new IllegalArgumentException("ebms producer " + getEndpointUri() + " has largeFileMode '"
                    + largeFileMode + "'; it is pull or push");
        }
        if (largeFile && ebms().largeFiles() == null) {
            throw new IllegalArgumentException("ebms producer " + getEndpointUri()
                    + " asks for largeFile, but the component has no Grote Berichten");
        }
        return new EbmsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        EbmsConsumer consumer = new EbmsConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getCpaId() {
        return cpaId;
    }

    public void setCpaId(String cpaId) {
        this.cpaId = cpaId;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getAction() {
        return action;
    }

    public void setAction(String action) {
        this.action = action;
    }

    public String getContentType() {
        return contentType;
    }

    public void setContentType(String contentType) {
        this.contentType = contentType;
    }

    public String getMessageIdDomain() {
        return messageIdDomain;
    }

    public void setMessageIdDomain(String messageIdDomain) {
        this.messageIdDomain = messageIdDomain;
    }

    public boolean isLargeFile() {
        return largeFile;
    }

    public String getLargeFileMode() {
        return largeFileMode;
    }

    public void setLargeFileMode(String largeFileMode) {
        this.largeFileMode = largeFileMode;
    }

    /** The mode asked for with largeFileMode; null when not set (or not a mode: the producer is then refused). */
    FileSubmission.Mode largeFileMode() {
        if (largeFileMode == null) {
            return null;
        }
        return switch (largeFileMode.trim().toLowerCase(Locale.ROOT)) {
            case "pull" -> FileSubmission.Mode.PULL;
            case "push" -> FileSubmission.Mode.PUSH;
            default -> null;
        };
    }

    public void setLargeFile(boolean largeFile) {
        this.largeFile = largeFile;
    }

    public String getConsume() {
        return consume;
    }

    public void setConsume(String consume) {
        if (!"received".equals(consume) && !"failed".equals(consume)) {
            throw new IllegalArgumentException("ebms option consume must be received or failed, not " + consume);
        }
        this.consume = consume;
    }

    public boolean consumesFailures() {
        return "failed".equals(consume);
    }

    public long getClaimLease() {
        return claimLease;
    }

    public void setClaimLease(long claimLease) {
        if (claimLease <= 0) {
            throw new IllegalArgumentException("ebms option claimLease must be positive: " + claimLease);
        }
        this.claimLease = claimLease;
    }

    public long getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(long retryDelay) {
        if (retryDelay <= 0) {
            throw new IllegalArgumentException("ebms option retryDelay must be positive: " + retryDelay);
        }
        this.retryDelay = retryDelay;
    }

    public int getMaxMessagesPerPoll() {
        return maxMessagesPerPoll;
    }

    public void setMaxMessagesPerPoll(int maxMessagesPerPoll) {
        this.maxMessagesPerPoll = maxMessagesPerPoll;
    }
}
