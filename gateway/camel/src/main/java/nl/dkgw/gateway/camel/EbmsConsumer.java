package nl.dkgw.gateway.camel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.gateway.api.FailureReports;
import nl.dkgw.gateway.api.InboundDelivery;
import nl.dkgw.gateway.api.LargeFiles;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.ebms.Payload;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the messages of the endpoint's CPA, service and action (selected in the database), one exchange each: the
 * messages the gateway received, or (with {@code consume=failed}) the outbound messages whose delivery finally failed
 * and was not reported yet. Each message is first claimed for this node with a lease, so consumers on other nodes of
 * the same database never hand the same message to their routes; a dead node's claims are taken over when the lease
 * ends. A received message is marked processed (a failure marked reported) only after the route completed it without
 * an exception; after a failed exchange the claim is kept for {@code retryDelay}, so the message is offered again
 * after that back-off and the messages behind it are claimed meanwhile.
 */
public final class EbmsConsumer extends ScheduledPollConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(EbmsConsumer.class);

    /**
     * A first payload up to this size is the body as bytes, as it always was; a larger one (or one of unknown size) is
     * a {@link PayloadStream}, read from the store as the route reads it: 1 MiB.
     */
    static final long BYTES_UP_TO = 1024 * 1024;

    private final EbmsEndpoint endpoint;

    public EbmsConsumer(EbmsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected int poll() throws Exception {
        InboundDelivery inbound = endpoint.ebms().inbound();
        FailureReports failures = endpoint.ebms().failures();
        MessageRoute route = new MessageRoute(endpoint.getCpaId(), endpoint.getService(), endpoint.getAction());
        Duration lease = Duration.ofMillis(endpoint.getClaimLease());
        List<MessageSummary> claimed = endpoint.consumesFailures()
                ? failures.claim(route, endpoint.getMaxMessagesPerPoll(), lease)
                : inbound.claim(route, endpoint.getMaxMessagesPerPoll(), lease);
        int handed = 0;
        for (MessageSummary m : claimed) {
            if (!isRunAllowed()) {
                if (endpoint.consumesFailures()) {
                    failures.release(m.pk());
                } else {
                    inbound.release(m.pk());
                }
                continue;
            }
            if (endpoint.consumesFailures()) {
                reportFailure(m);
                handed++;
                continue;
            }
            Optional<ReceivedMessage> full = inbound.fetch(m.pk());
            if (full.isEmpty() || full.get().message().status() != MessageSummary.Status.RECEIVED) {
                inbound.release(m.pk());
                continue;
            }
            handed++;
            deliver(full.get());
        }
        return handed;
    }

    private void deliver(ReceivedMessage received) {
        Exchange exchange = createExchange(false);
        PayloadStream streamed = null;
        try {
            MessageSummary m = received.message();
            Message in = exchange.getIn();
            List<Payload> payloads = received.payloads();
            if (!payloads.isEmpty()) {
                Payload first = payloads.get(0);
                long size = first.size();
                if (size >= 0 && size <= BYTES_UP_TO) {
                    in.setBody(first.data());
                } else {
                    streamed = new PayloadStream(first.content());
                    in.setBody(streamed);
                }
                in.setHeader(Exchange.CONTENT_TYPE, first.contentType());
            }
            headers(in, m);
            in.setHeader(EbmsConstants.FROM_PARTY, m.fromParty());
            in.setHeader(EbmsConstants.PAYLOADS, payloads);
            List<Map<String, Object>> files = files(m.pk());
            if (!files.isEmpty()) {
                in.setHeader(EbmsConstants.FILES, files);
            }
            if (process(exchange, m, "it stays RECEIVED and is offered again after the back-off")) {
                endpoint.ebms().inbound().complete(m.pk());
            }
        } finally {
            closeQuietly(streamed);
            releaseExchange(exchange, false);
        }
    }

    private static void closeQuietly(PayloadStream streamed) {
        if (streamed != null) {
            streamed.release();
        }
    }

    /** The Grote Berichten files of a received message; none when the node has GB off or the message announced none. */
    private List<Map<String, Object>> files(long pk) {
        LargeFiles largeFiles = endpoint.ebms().largeFiles();
        if (largeFiles == null) {
            return List.of();
        }
        List<ReceivedFile> files;
        try {
            files = largeFiles.files(pk);
        } catch (IllegalStateException off) {
            return List.of();
        }
        List<Map<String, Object>> described = new ArrayList<>();
        for (ReceivedFile f : files) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(EbmsConstants.FILE_TRANSFER_ID, f.transferId());
            d.put(EbmsConstants.FILE_FILENAME, f.filename());
            d.put(EbmsConstants.FILE_CONTENT_TYPE_KEY, f.contentType());
            d.put(EbmsConstants.FILE_SIZE, f.size());
            d.put(EbmsConstants.FILE_CHECKSUM, f.checksum());
            d.put(
                    EbmsConstants.FILE_PATH,
                    f.path() == null ? null : f.path().toAbsolutePath().toString());
            described.add(Collections.unmodifiableMap(d));
        }
        return List.copyOf(described);
    }

    private void reportFailure(MessageSummary m) {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            headers(in, m);
            in.setHeader(EbmsConstants.SOURCE_ID, m.sourceId());
            in.setHeader(EbmsConstants.STATUS, m.status().name());
            in.setHeader(EbmsConstants.FAILURE_REASON, m.statusDetail());
            in.setHeader(EbmsConstants.FAILED_AT, String.valueOf(m.updatedAt()));
            if (process(exchange, m, "its failure is reported again after the back-off")) {
                endpoint.ebms().failures().reported(m.pk());
                LOG.atInfo()
                        .addKeyValue("event", "ebms.failure.reported")
                        .addKeyValue("messageId", m.messageId())
                        .addKeyValue("cpaId", m.cpaId())
                        .addKeyValue("action", m.action())
                        .addKeyValue("sourceId", m.sourceId())
                        .log("failed message reported");
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static void headers(Message in, MessageSummary m) {
        in.setHeader(EbmsConstants.MESSAGE_ID, m.messageId());
        in.setHeader(EbmsConstants.CONVERSATION_ID, m.conversationId());
        in.setHeader(EbmsConstants.CPA_ID, m.cpaId());
        in.setHeader(EbmsConstants.SERVICE, m.service());
        in.setHeader(EbmsConstants.ACTION, m.action());
        in.setHeader(EbmsConstants.MESSAGE_PK, m.pk());
    }

    /**
     * Runs the route; true when it completed. On failure the claim is kept for the endpoint's {@code retryDelay}
     * (database clock): the message comes again after that, and meanwhile the polls claim the messages behind it, so
     * messages a route keeps rejecting do not block the newer ones.
     */
    private boolean process(Exchange exchange, MessageSummary m, String consequence) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() == null) {
            return true;
        }
        Duration delay = Duration.ofMillis(endpoint.getRetryDelay());
        if (endpoint.consumesFailures()) {
            endpoint.ebms().failures().retryLater(m.pk(), delay);
        } else {
            endpoint.ebms().inbound().retryLater(m.pk(), delay);
        }
        // the exception's class only: its message may quote the payload
        LOG.atWarn()
                .addKeyValue("event", "ebms.route.failed")
                .addKeyValue("messageId", m.messageId())
                .addKeyValue("cpaId", m.cpaId())
                .addKeyValue("action", m.action())
                .addKeyValue("error", exchange.getException().getClass().getName())
                .addKeyValue("retryInMillis", endpoint.getRetryDelay())
                .log("route failed on ebMS message; {}", consequence);
        return false;
    }
}
