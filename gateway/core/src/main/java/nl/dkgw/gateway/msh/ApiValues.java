package nl.dkgw.gateway.msh;

import java.util.List;
import nl.dkgw.gateway.api.MessageFilter;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.store.DeliveryAttempt;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageQuery;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.StoredMessage;

/** Turns the store's rows into the API's values and back; the one place that knows both. */
final class ApiValues {

    private ApiValues() {}

    static MessageSummary summary(StoredMessage m) {
        return new MessageSummary(
                m.pk(),
                MessageSummary.Direction.valueOf(m.direction().name()),
                MessageSummary.Kind.valueOf(m.kind().name()),
                m.messageId(),
                m.cpaId(),
                m.conversationId(),
                m.refToMessageId(),
                m.fromParty(),
                m.fromRole(),
                m.toParty(),
                m.toRole(),
                m.service(),
                m.action(),
                m.profile(),
                status(m.status()),
                m.statusDetail(),
                m.createdAt(),
                m.updatedAt(),
                m.sourceId());
    }

    static List<MessageSummary> summaries(List<StoredMessage> rows) {
        return rows.stream().map(ApiValues::summary).toList();
    }

    static MessageSummary.Status status(MessageStatus status) {
        return MessageSummary.Status.valueOf(status.name());
    }

    static MessageStatus status(MessageSummary.Status status) {
        return status == null ? null : MessageStatus.valueOf(status.name());
    }

    static MessageQuery query(MessageFilter f) {
        return new MessageQuery(
                f.cpaId(),
                f.party(),
                f.service(),
                f.action(),
                status(f.status()),
                f.direction() == null ? null : Direction.valueOf(f.direction().name()),
                f.kind() == null ? null : MessageKind.valueOf(f.kind().name()),
                f.messageId(),
                f.conversationId(),
                f.from(),
                f.to(),
                f.before(),
                f.effectiveLimit());
    }

    static RouteFilter filter(MessageRoute route) {
        return new RouteFilter(route.cpaId(), route.service(), route.action());
    }

    static MessageReport.Attempt attempt(DeliveryAttempt a) {
        return new MessageReport.Attempt(
                a.attemptNo(),
                a.nodeId(),
                a.startedAt(),
                a.durationMs(),
                a.endpoint(),
                a.httpStatus(),
                a.outcome(),
                a.detail());
    }

    static MessageReport.RefusedSignal refused(RefusedSignal r) {
        return new MessageReport.RefusedSignal(r.signalMessageId(), r.action(), r.at(), r.errorCode(), r.description());
    }
}
