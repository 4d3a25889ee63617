package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import nl.dkgw.gateway.http.AdminPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * Shows the delivery state of a message: status, every attempt, the peer's signals about it this node refused, and
 * for a received Grote Berichten message its files (name, size, transfer status, reason), for a sent one the files it
 * offered (name, size, bytes the receiver fetched, expiry or removal).
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show the delivery state of a message.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "MESSAGE_ID")
    String messageId;

    @Override
    public Integer call() throws Exception {
        AdminClient.Answer answer = config.adminClient().get("/api/messages/" + AdminPath.segment(messageId));
        if (answer.failed("status")) {
            return 1;
        }
        JsonNode m = answer.json().get("message");
        System.out.printf(
                "%s  %s  %s %s/%s  %s -> %s%n",
                m.get("messageId").asText(),
                m.get("status").asText(),
                m.get("direction").asText(),
                m.get("service").asText(),
                m.get("action").asText(),
                m.get("fromParty").asText(),
                m.get("toParty").asText());
        if (m.hasNonNull("statusDetail")) {
            System.out.println("  " + m.get("statusDetail").asText());
        }
        for (JsonNode a : answer.json().get("attempts")) {
            System.out.printf(
                    "  attempt %d at %s: %s%s%s%n",
                    a.get("attemptNo").asInt(),
                    a.get("startedAt").asText(),
                    a.get("outcome").asText(),
                    a.hasNonNull("httpStatus") ? " HTTP " + a.get("httpStatus").asInt() : "",
                    a.hasNonNull("detail") ? " (" + a.get("detail").asText() + ")" : "");
        }
        JsonNode files = answer.json().get("files");
        if (files != null) {
            for (JsonNode f : files) {
                String status = f.path("status").asText();
                boolean partial = f.hasNonNull("bytesSoFar") && !"COMPLETED".equals(status);
                System.out.printf(
                        "  file %s  %d bytes  %s%s%s%n",
                        f.path("filename").asText(),
                        f.path("size").asLong(),
                        status,
                        partial ? " (" + f.get("bytesSoFar").asLong() + " so far)" : "",
                        f.hasNonNull("reason") ? ": " + f.get("reason").asText() : "");
            }
        }
        JsonNode sent = answer.json().get("sentFiles");
        if (sent != null) {
            for (JsonNode f : sent) {
                System.out.printf(
                        "  offered file %s  %d bytes  %s (%d fetched)  %s%n",
                        f.path("filename").asText(),
                        f.path("size").asLong(),
                        f.path("fetched").asBoolean() ? "FETCHED" : "NOT FETCHED",
                        f.path("bytesServed").asLong(),
                        f.hasNonNull("removedAt")
                                ? "removed at " + f.get("removedAt").asText() + " ("
                                        + f.path("removedReason").asText() + ")"
                                : "offered until " + f.path("expiresAt").asText());
            }
        }
        JsonNode refused = answer.json().get("refusedSignals");
        if (refused != null) {
            for (JsonNode r : refused) {
                System.out.printf(
                        "  refused %s %s at %s: %s: %s%n",
                        r.path("action").asText(),
                        r.path("signalMessageId").asText(),
                        r.path("at").asText(),
                        r.path("errorCode").asText(),
                        r.path("description").asText());
            }
        }
        return 0;
    }
}
