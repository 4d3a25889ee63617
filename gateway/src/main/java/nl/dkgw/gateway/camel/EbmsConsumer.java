package nl.dkgw.gateway.camel;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.StoredMessage;
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

    private final EbmsEndpoint endpoint;

    public EbmsConsumer(EbmsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected int poll() throws Exception {
        Gateway gateway = endpoint.gateway();
        Store store = gateway.store();
        String nodeId = gateway.nodeId();
        RouteFilter filter = new RouteFilter(endpoint.getCpaId(), endpoint.getService(), endpoint.getAction());
        // leases on the database's clock, as delivery tasks' are: nodes whose clocks differ still agree on expiry
        Instant now = store.databaseClock().now();
        Instant leaseUntil = now.plusMillis(endpoint.getClaimLease());
        List<StoredMessage> claimed = endpoint.consumesFailures()
                ? store.routeClaims()
                        .claimUnreportedFailures(filter, nodeId, now, leaseUntil, endpoint.getMaxMessagesPerPoll())
                : store.routeClaims().claimReceived(filter, nodeId, now, leaseUntil, endpoint.getMaxMessagesPerPoll());
        int handed = 0;
        for (StoredMessage m : claimed) {
            if (!isRunAllowed()) {
                store.routeClaims().release(m.pk(), nodeId);
                continue;
            }
            if (endpoint.consumesFailures()) {
                reportFailure(m);
                handed++;
                continue;
            }
            Optional<ReceivedMessage> full = gateway.fetch(m.pk());
            if (full.isEmpty() || full.get().message().status() != MessageStatus.RECEIVED) {
                store.routeClaims().release(m.pk(), nodeId);
                continue;
            }
            handed++;
            deliver(full.get());
        }
        return handed;
    }

    private void deliver(ReceivedMessage received) {
        Exchange exchange = createExchange(false);
        try {
            StoredMessage m = received.message();
            Message in = exchange.getIn();
            List<Payload> payloads = received.payloads();
            if (!payloads.isEmpty()) {
                in.setBody(payloads.get(0).data());
                in.setHeader(Exchange.CONTENT_TYPE, payloads.get(0).contentType());
            }
            headers(in, m);
            in.setHeader(EbmsConstants.FROM_PARTY, m.fromParty());
            in.setHeader(EbmsConstants.PAYLOADS, payloads);
            if (process(exchange, m, "it stays RECEIVED and is offered again after the back-off")) {
                endpoint.gateway().markProcessed(m.pk());
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private void reportFailure(StoredMessage m) {
        Exchange exchange = createExchange(false);
        try {
            Message in = exchange.getIn();
            headers(in, m);
            in.setHeader(EbmsConstants.SOURCE_ID, m.sourceId());
            in.setHeader(EbmsConstants.STATUS, m.status().name());
            in.setHeader(EbmsConstants.FAILURE_REASON, m.statusDetail());
            in.setHeader(EbmsConstants.FAILED_AT, String.valueOf(m.updatedAt()));
            if (process(exchange, m, "its failure is reported again after the back-off")) {
                endpoint.gateway().store().failureReports().markReported(m.pk());
                LOG.atInfo().addKeyValue("event", "ebms.failure.reported").addKeyValue("messageId", m.messageId())
                        .addKeyValue("cpaId", m.cpaId()).addKeyValue("action", m.action())
                        .addKeyValue("sourceId", m.sourceId()).log("failed message reported");
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }

    private static void headers(Message in, StoredMessage m) {
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
    private boolean process(Exchange exchange, StoredMessage m, String consequence) {
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() == null) {
            return true;
        }
        Store store = endpoint.gateway().store();
        store.routeClaims().hold(m.pk(), endpoint.gateway().nodeId(),
                store.databaseClock().now().plusMillis(endpoint.getRetryDelay()));
        // the exception's class only: its message may quote the payload
        LOG.atWarn().addKeyValue("event", "ebms.route.failed").addKeyValue("messageId", m.messageId())
                .addKeyValue("cpaId", m.cpaId()).addKeyValue("action", m.action())
                .addKeyValue("error", exchange.getException().getClass().getName())
                .addKeyValue("retryInMillis", endpoint.getRetryDelay())
                .log("route failed on ebMS message; {}", consequence);
        return false;
    }
}
