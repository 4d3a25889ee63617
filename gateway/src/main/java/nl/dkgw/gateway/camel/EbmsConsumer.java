package nl.dkgw.gateway.camel;

import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.api.ReceivedMessage;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.StoredMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the messages the gateway received on the endpoint's CPA (and service and action), one exchange each. A message
 * is marked processed only after the route completed it without an exception; a failed one stays RECEIVED and is
 * offered again at a later poll.
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
        List<StoredMessage> received = endpoint.gateway().received(endpoint.getCpaId(), MessageStatus.RECEIVED,
                endpoint.getMaxMessagesPerPoll());
        int handed = 0;
        for (StoredMessage m : received) {
            if (!isRunAllowed()) {
                break;
            }
            if (!matches(m)) {
                continue;
            }
            Optional<ReceivedMessage> full = endpoint.gateway().fetch(m.pk());
            if (full.isEmpty() || full.get().message().status() != MessageStatus.RECEIVED) {
                continue;
            }
            handed++;
            deliver(full.get());
        }
        if (handed == 0 && received.size() >= endpoint.getMaxMessagesPerPoll()) {
            LOG.atWarn().addKeyValue("event", "ebms.consumer.crowded").addKeyValue("cpaId", endpoint.getCpaId())
                    .addKeyValue("service", endpoint.getService()).addKeyValue("action", endpoint.getAction())
                    .addKeyValue("waiting", received.size())
                    .log("the first {} received messages of the CPA are all for other services or actions and wait"
                            + " for their routes; messages for this route behind them are not seen until those are"
                            + " processed (raise maxMessagesPerPoll)", received.size());
        }
        return handed;
    }

    private boolean matches(StoredMessage m) {
        return (endpoint.getService() == null || endpoint.getService().equals(m.service()))
                && (endpoint.getAction() == null || endpoint.getAction().equals(m.action()));
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
            in.setHeader(EbmsConstants.MESSAGE_ID, m.messageId());
            in.setHeader(EbmsConstants.CONVERSATION_ID, m.conversationId());
            in.setHeader(EbmsConstants.CPA_ID, m.cpaId());
            in.setHeader(EbmsConstants.SERVICE, m.service());
            in.setHeader(EbmsConstants.ACTION, m.action());
            in.setHeader(EbmsConstants.FROM_PARTY, m.fromParty());
            in.setHeader(EbmsConstants.MESSAGE_PK, m.pk());
            in.setHeader(EbmsConstants.PAYLOADS, payloads);
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.getException() == null) {
                endpoint.gateway().markProcessed(m.pk());
            } else {
                getExceptionHandler().handleException("route failed on received ebMS message " + m.messageId()
                        + "; it stays RECEIVED and is offered again", exchange, exchange.getException());
            }
        } finally {
            releaseExchange(exchange, false);
        }
    }
}
