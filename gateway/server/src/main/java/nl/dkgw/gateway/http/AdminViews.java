package nl.dkgw.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.StoredCpa;
import nl.dkgw.gateway.api.HourlyTraffic;
import nl.dkgw.gateway.api.LargeFiles;
import nl.dkgw.gateway.api.MessageFilter;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.PayloadSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.SentFile;

/**
 * The JSON the console reads: a message's whole life, the CPAs with their certificate and CRL expiry, and the
 * overview of traffic, failures and what expires soon. Never payload content.
 */
final class AdminViews {

    static final int EXPIRY_HORIZON_DAYS = 30;

    private final AdminNode admin;
    private final ObjectMapper json;
    private final Clock clock;

    AdminViews(AdminNode admin, ObjectMapper json, Clock clock) {
        this.admin = admin;
        this.json = json;
        this.clock = clock;
    }

    ObjectNode summary(MessageSummary m) {
        ObjectNode o = json.createObjectNode();
        o.put("id", m.pk())
                .put("messageId", m.messageId())
                .put("conversationId", m.conversationId())
                .put("cpaId", m.cpaId())
                .put("service", m.service())
                .put("action", m.action())
                .put("direction", m.direction().name())
                .put("kind", m.kind().name())
                .put("status", m.status().name())
                .put("statusDetail", m.statusDetail())
                .put("createdAt", String.valueOf(m.createdAt()))
                .put("updatedAt", String.valueOf(m.updatedAt()))
                .put("fromParty", m.fromParty())
                .put("toParty", m.toParty());
        if (m.refToMessageId() != null) {
            o.put("refToMessageId", m.refToMessageId());
        }
        if (m.sourceId() != null) {
            o.put("sourceId", m.sourceId());
        }
        return o;
    }

    /** A search page: the messages, newest first, and the cursor for the next page (null on the last). */
    ObjectNode search(MessageFilter filter) {
        List<MessageSummary> found = admin.queries().search(filter);
        ObjectNode out = json.createObjectNode();
        ArrayNode list = out.putArray("messages");
        found.forEach(m -> list.add(summary(m)));
        if (found.size() == filter.effectiveLimit()) {
            out.put("next", Long.toString(found.get(found.size() - 1).pk()));
        } else {
            out.putNull("next");
        }
        return out;
    }

    /**
     * Everything about one message: row, attempts, signals about it, the signals about it this node refused, receipt,
     * payload list (no content).
     */
    ObjectNode life(MessageReport report) {
        MessageSummary m = report.message();
        String base = "/api/messages/" + AdminPath.segment(m.messageId());
        ObjectNode out = json.createObjectNode();
        out.set("message", json.valueToTree(m));
        out.set("attempts", json.valueToTree(report.attempts()));
        byte[] receipt = report.hasReceipt()
                ? admin.node().messages().receipt(m.messageId()).orElse(null)
                : null;
        out.put("hasReceipt", report.hasReceipt());
        if (receipt != null) {
            String text = new String(receipt, StandardCharsets.UTF_8);
            out.putObject("receipt")
                    .put("signed", text.contains("SignatureValue"))
                    .put("link", base + "/receipt")
                    .put("size", receipt.length);
        } else {
            out.putNull("receipt");
        }
        if (m.statusDetail() != null && m.statusDetail().startsWith("MessageError")) {
            out.put("messageError", m.statusDetail());
        } else {
            out.putNull("messageError");
        }
        ArrayNode signals = out.putArray("signals");
        for (MessageSummary s : admin.queries().signalsAbout(m.cpaId(), m.messageId())) {
            signals.addObject()
                    .put("messageId", s.messageId())
                    .put("action", s.action())
                    .put("direction", s.direction().name())
                    .put("status", s.status().name())
                    .put("detail", s.statusDetail())
                    .put("createdAt", String.valueOf(s.createdAt()));
        }
        ArrayNode refused = out.putArray("refusedSignals");
        for (MessageReport.RefusedSignal r : report.refusedSignals()) {
            refused.addObject()
                    .put("signalMessageId", r.signalMessageId())
                    .put("action", r.action())
                    .put("at", String.valueOf(r.at()))
                    .put("errorCode", r.errorCode())
                    .put("description", r.description());
        }
        ArrayNode payloads = out.putArray("payloads");
        for (PayloadSummary p : admin.queries().payloads(m.pk())) {
            payloads.addObject()
                    .put("index", p.index())
                    .put("contentId", p.contentId())
                    .put("contentType", p.contentType())
                    .put("size", p.size())
                    .put("link", base + "/payloads/" + p.index());
        }
        out.set("files", files(m, base));
        out.set("sentFiles", sentFiles(m));
        out.put(
                "resendable",
                m.direction() == MessageSummary.Direction.OUT
                        && m.kind() == MessageSummary.Kind.USER
                        && m.status() == MessageSummary.Status.FAILED);
        return out;
    }

    /**
     * The Grote Berichten files a received message announced, with where each download stands (empty for any other
     * message, and on a node with GB off): name, content type, size, checksum, status, bytes here so far (null when
     * not known), the reason it failed, and the download link once it arrived.
     */
    private ArrayNode files(MessageSummary m, String base) {
        ArrayNode files = json.createArrayNode();
        if (m.direction() != MessageSummary.Direction.IN || m.kind() != MessageSummary.Kind.USER) {
            return files;
        }
        LargeFiles gb = admin.node().largeFiles();
        List<ReceivedFile> received;
        try {
            received = gb.files(m.pk());
        } catch (IllegalStateException off) {
            return files;
        }
        for (int i = 0; i < received.size(); i++) {
            ReceivedFile f = received.get(i);
            ObjectNode o = files.addObject()
                    .put("index", i)
                    .put("filename", f.filename())
                    .put("contentType", f.contentType())
                    .put("size", f.size())
                    .put("checksum", f.checksum())
                    .put("status", f.status().name());
            OptionalLong so = gb.bytesSoFar(f);
            if (so.isPresent()) {
                o.put("bytesSoFar", so.getAsLong());
            } else {
                o.putNull("bytesSoFar");
            }
            o.put("reason", f.failure());
            if (f.status() == ReceivedFile.Status.COMPLETED) {
                o.put("link", base + "/files/" + i);
            } else {
                o.putNull("link");
            }
        }
        return files;
    }

    /**
     * The Grote Berichten files a sent message offered, as this node sees them (empty for any other message, and on
     * a node with GB off): name, content type, size, checksum, until when offered, bytes the receiver fetched from
     * the start so far, whether it fetched them all, and when and why the stored file was removed (null while
     * offered).
     */
    private ArrayNode sentFiles(MessageSummary m) {
        ArrayNode files = json.createArrayNode();
        if (m.direction() != MessageSummary.Direction.OUT || m.kind() != MessageSummary.Kind.USER) {
            return files;
        }
        for (SentFile f : admin.node().largeFiles().sent(m.pk())) {
            files.addObject()
                    .put("fileId", f.fileId())
                    .put("filename", f.filename())
                    .put("contentType", f.contentType())
                    .put("size", f.size())
                    .put("checksum", f.checksum())
                    .put("expiresAt", String.valueOf(f.expiresAt()))
                    .put("bytesServed", f.bytesServed())
                    .put("fetched", f.fetchedCompletely())
                    .put(
                            "removedAt",
                            f.removedAt() == null ? null : f.removedAt().toString())
                    .put("removedReason", f.removedReason());
        }
        return files;
    }

    /** The CPAs held, with validity, days to expiry, party certificates and what the node knows of their CRLs. */
    ArrayNode cpas() {
        Instant now = clock.instant();
        List<X509CRL> crls = admin.knownCrls();
        Duration grace = admin.node().config().tls().crlGrace();
        ArrayNode list = json.createArrayNode();
        for (StoredCpa stored : admin.cpaStore().list()) {
            ObjectNode o = list.addObject();
            o.put("cpaId", stored.cpaId())
                    .put("status", stored.status())
                    .put("start", String.valueOf(stored.start()))
                    .put("end", String.valueOf(stored.end()))
                    .put("version", stored.version())
                    .put("updatedAt", String.valueOf(stored.updatedAt()));
            if (stored.end() != null) {
                o.put("daysToExpiry", days(now, stored.end()));
            }
            ArrayNode parties = o.putArray("parties");
            Optional<Cpa> cpa = admin.cpaStore().find(stored.cpaId());
            if (cpa.isEmpty()) {
                continue;
            }
            for (PartyId party : cpa.get().parties()) {
                ObjectNode p = parties.addObject().put("partyId", party.toString());
                ArrayNode certs = p.putArray("certificates");
                Map<String, X509Certificate> byUsage = partyCertificates(cpa.get(), party);
                byUsage.forEach((usage, cert) -> certs.add(certificate(usage, cert, now, crls, grace)));
            }
        }
        return list;
    }

    private static Map<String, X509Certificate> partyCertificates(Cpa cpa, PartyId party) {
        Map<String, X509Certificate> out = new LinkedHashMap<>();
        cpa.clientCertificateOf(party).ifPresent(c -> out.put("tls-client", c));
        cpa.signingCertificateOf(party).ifPresent(c -> out.put("signing", c));
        return out;
    }

    private ObjectNode certificate(
            String usage, X509Certificate cert, Instant now, List<X509CRL> crls, Duration grace) {
        Instant notAfter = cert.getNotAfter().toInstant();
        ObjectNode c = json.createObjectNode()
                .put("usage", usage)
                .put("subject", cert.getSubjectX500Principal().getName())
                .put("issuer", cert.getIssuerX500Principal().getName())
                .put("notAfter", notAfter.toString())
                .put("daysLeft", days(now, notAfter));
        Optional<X509CRL> crl = crls.stream()
                .filter(x -> x.getIssuerX500Principal().equals(cert.getIssuerX500Principal()))
                .max(Comparator.comparing(X509CRL::getThisUpdate));
        if (crl.isPresent() && crl.get().getNextUpdate() != null) {
            Instant next = crl.get().getNextUpdate().toInstant();
            c.putObject("crl")
                    .put("nextUpdate", next.toString())
                    .put("stale", next.plus(grace).isBefore(now));
        } else {
            c.putNull("crl");
        }
        return c;
    }

    /** Traffic per CPA and status per hour, the latest failures, and what expires within 30 days. */
    ObjectNode overview(int hours) {
        Instant now = clock.instant();
        Instant since = now.minus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.HOURS);
        ObjectNode out = json.createObjectNode()
                .put("hours", hours)
                .put("since", since.toString())
                .put("now", now.toString());
        List<HourlyTraffic> traffic = admin.queries().trafficByHour(since);
        ArrayNode t = out.putArray("traffic");
        Map<String, ObjectNode> links = new LinkedHashMap<>();
        for (HourlyTraffic c : traffic) {
            t.addObject()
                    .put("cpaId", c.cpaId())
                    .put("hour", c.hour().toString())
                    .put("direction", c.direction().name())
                    .put("status", c.status().name())
                    .put("count", c.count());
            ObjectNode link = links.computeIfAbsent(
                    c.cpaId(), id -> json.createObjectNode().put("cpaId", id).put("total", 0L));
            link.put("total", link.get("total").asLong() + c.count());
            link.put(c.status().name(), link.path(c.status().name()).asLong(0) + c.count());
        }
        ArrayNode linkArray = out.putArray("links");
        links.values().forEach(linkArray::add);
        ArrayNode failed = out.putArray("failed");
        admin.queries()
                .search(new MessageFilter(
                        null,
                        null,
                        null,
                        null,
                        MessageSummary.Status.FAILED,
                        null,
                        MessageSummary.Kind.USER,
                        null,
                        null,
                        null,
                        null,
                        null,
                        20))
                .forEach(m -> failed.add(summary(m)));
        out.set("expiring", expiring(now));
        return out;
    }

    private ArrayNode expiring(Instant now) {
        Instant horizon = now.plus(Duration.ofDays(EXPIRY_HORIZON_DAYS));
        List<ObjectNode> items = new ArrayList<>();
        for (StoredCpa stored : admin.cpaStore().list()) {
            if (stored.end() != null && stored.end().isBefore(horizon)) {
                items.add(json.createObjectNode()
                        .put("kind", "cpa")
                        .put("cpaId", stored.cpaId())
                        .put("expires", stored.end().toString())
                        .put("daysLeft", days(now, stored.end())));
            }
            Optional<Cpa> cpa = admin.cpaStore().find(stored.cpaId());
            if (cpa.isEmpty()) {
                continue;
            }
            for (PartyId party : cpa.get().parties()) {
                partyCertificates(cpa.get(), party).forEach((usage, cert) -> {
                    Instant notAfter = cert.getNotAfter().toInstant();
                    if (notAfter.isBefore(horizon)) {
                        items.add(json.createObjectNode()
                                .put("kind", "certificate")
                                .put("cpaId", stored.cpaId())
                                .put("partyId", party.toString())
                                .put("usage", usage)
                                .put("subject", cert.getSubjectX500Principal().getName())
                                .put("expires", notAfter.toString())
                                .put("daysLeft", days(now, notAfter)));
                    }
                });
            }
        }
        admin.ownCertificates().forEach((usage, cert) -> {
            Instant notAfter = cert.getNotAfter().toInstant();
            if (notAfter.isBefore(horizon)) {
                items.add(json.createObjectNode()
                        .put("kind", "own-certificate")
                        .put("usage", usage)
                        .put("subject", cert.getSubjectX500Principal().getName())
                        .put("expires", notAfter.toString())
                        .put("daysLeft", days(now, notAfter)));
            }
        });
        items.sort(Comparator.comparing(o -> o.get("expires").asText()));
        ArrayNode out = json.createArrayNode();
        items.forEach(out::add);
        return out;
    }

    /** Whole days from now until {@code end}; negative once it has passed. */
    static long days(Instant now, Instant end) {
        return Math.floorDiv(Duration.between(now, end).getSeconds(), 86_400L);
    }
}
