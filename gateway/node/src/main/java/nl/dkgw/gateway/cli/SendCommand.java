package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Submits a message to a running node through its admin API and prints its MessageId. */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = "Send a business message through a running node.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the message is stored for sending; its MessageId is printed",
            "1:the node could not be reached, or refused the call for another reason",
            "2:a usage error, or a payload file that cannot be read",
            "3:UNKNOWN_CPA: the node has no CPA with this id",
            "4:CPA_NOT_ACTIVE: the CPA is not valid now",
            "5:NOT_ALLOWED_BY_CPA: the CPA does not let this node send this service and action",
            "6:MALFORMED: an empty id or an unusable Content-ID",
            "7:VALUE_TOO_LONG: a header value is too long",
            "8:NODE_MISCONFIGURED: the node cannot send on this CPA (e.g. no signing key); tell its operator",
            "75:STORE_UNAVAILABLE: the node's database is not available now; try again later"
        })
final class SendCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--cpa", required = true, description = "CPA id")
    String cpaId;

    @Option(names = "--service", required = true, description = "ebMS Service, e.g. dgl:ontvangen:1.0")
    String service;

    @Option(names = "--action", required = true, description = "ebMS Action")
    String action;

    @Option(
            names = "--payload",
            paramLabel = "FILE[;content-type]",
            description = "a payload file, optionally followed by ;content-type (default application/xml); repeatable")
    List<String> payloads = List.of();

    @Option(names = "--conversation-id", description = "conversation id (a new one by default)")
    String conversationId;

    @Override
    public Integer call() throws Exception {
        AdminClient admin = config.adminClient();
        ObjectNode body = admin.json()
                .createObjectNode()
                .put("cpaId", cpaId)
                .put("service", service)
                .put("action", action);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        ArrayNode parts = body.putArray("payloads");
        for (String spec : payloads) {
            int semicolon = spec.indexOf(';');
            Path file = Path.of(semicolon < 0 ? spec : spec.substring(0, semicolon));
            String type = semicolon < 0 ? "application/xml" : spec.substring(semicolon + 1);
            if (!Files.isReadable(file)) {
                System.err.println("dkgw send: cannot read payload file " + file);
                return SendExitCode.USAGE;
            }
            parts.addObject()
                    .put("contentType", type)
                    .put("base64", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
        }
        AdminClient.Answer answer = admin.postJson("/api/messages", body);
        if (answer.failed("send")) {
            return SendExitCode.of(answer);
        }
        System.out.println(answer.json().get("messageId").asText());
        return SendExitCode.SENT;
    }
}
