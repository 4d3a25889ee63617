package nl.dkgw.gateway.msh;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import nl.dkgw.gateway.api.HourlyTraffic;
import nl.dkgw.gateway.api.MessageFilter;
import nl.dkgw.gateway.api.MessageSearch;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PayloadSummary;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.MessageQueries;

/** The operator's {@link MessageSearch} over the store's read-only queries, in the API's values. */
public final class OperatorQueries implements MessageSearch {

    private final MessageQueries queries;

    public OperatorQueries(MessageQueries queries) {
        this.queries = queries;
    }

    @Override
    public List<MessageSummary> search(MessageFilter filter) {
        return ApiValues.summaries(queries.search(ApiValues.query(filter)));
    }

    @Override
    public List<MessageSummary> signalsAbout(String cpaId, String messageId) {
        return ApiValues.summaries(queries.signalsAbout(cpaId, messageId));
    }

    @Override
    public List<PayloadSummary> payloads(long pk) {
        return queries.payloadInfo(pk).stream()
                .map(p -> new PayloadSummary(p.index(), p.contentId(), p.contentType(), p.size()))
                .toList();
    }

    @Override
    public Optional<Payload> payload(long pk, int index) {
        return queries.payload(pk, index);
    }

    @Override
    public List<HourlyTraffic> trafficByHour(Instant since) {
        return queries.trafficByHour(since).stream()
                .map(t -> new HourlyTraffic(
                        t.cpaId(),
                        t.hour(),
                        MessageSummary.Direction.valueOf(t.direction().name()),
                        ApiValues.status(t.status()),
                        t.count()))
                .toList();
    }
}
