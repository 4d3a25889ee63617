package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Submits a message to a running node through its admin API and prints its MessageId. A file ({@code --file}) goes
 * through Grote Berichten when asked ({@code --large}) or when it is larger than {@value #GB_THRESHOLD} bytes (20 MiB,
 * the largest message Digikoppeling ebMS carries): uploaded streamed to {@code POST /api/files}, with a progress bar.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Send a business message through a running node.",
            "A --file larger than 20 MiB (or any with --large) is sent through Grote Berichten: stored on the node's "
                    + "file endpoint and announced by a metadata message."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the message is stored for sending; its MessageId is printed",
            "1:the node could not be reached, or refused the call for another reason (e.g. Grote Berichten is off)",
            "2:a usage error, or a payload file that cannot be read",
            "3:UNKNOWN_CPA: the node has no CPA with this id",
            "4:CPA_NOT_ACTIVE: the CPA is not valid now",
            "5:NOT_ALLOWED_BY_CPA: the CPA does not let this node send this service and action",
            "6:MALFORMED: an empty id or an unusable Content-ID",
            "7:VALUE_TOO_LONG: a header value is too long",
            "8:NODE_MISCONFIGURED: the node cannot send on this CPA (e.g. no signing key); tell its operator",
            "9:UPLOAD_REFUSED: the receiver refused the Grote Berichten push upload (e.g. 403); tell the operators",
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

    /** Larger than this, a {@code --file} goes through Grote Berichten: 20 MiB, Digikoppeling's largest message. */
    static final long GB_THRESHOLD = 20L * 1024 * 1024;

    /** A payload file larger than this shows its upload's progress: 8 MiB. */
    static final long SHOW_PROGRESS_ABOVE = 8L * 1024 * 1024;

    @Option(
            names = "--file",
            paramLabel = "PATH",
            description = "a file to send; through Grote Berichten with --large or when larger than 20 MiB, "
                    + "otherwise as a payload")
    Path file;

    @Option(
            names = {"--large", "--gb"},
            description = "send --file through Grote Berichten whatever its size")
    boolean large;

    @Option(
            names = "--push",
            description = "send --file through Grote Berichten in push mode (uploaded to the receiver, then "
                    + "announced), whatever the node's gb.mode; implies --large")
    boolean push;

    @Option(
            names = "--content-type",
            paramLabel = "TYPE",
            description = "content type of --file (default application/octet-stream)")
    String contentType = "application/octet-stream";

    @Option(
            names = "--filename",
            paramLabel = "NAME",
            description = "name of --file for the receiver (default its own name; letters, digits, '.', '_', '-')")
    String filename;

    @Override
    public Integer call() throws Exception {
        large = large || push;
        boolean viaGb = large;
        if (file != null) {
            if (!Files.isReadable(file) || Files.isDirectory(file)) {
                System.err.println("dkgw send: cannot read file " + file);
                return SendExitCode.USAGE;
            }
            viaGb = large || Files.size(file) > GB_THRESHOLD;
        } else if (large) {
            System.err.println("dkgw send: " + (push ? "--push" : "--large") + " needs --file");
            return SendExitCode.USAGE;
        }
        if (viaGb && !payloads.isEmpty()) {
            System.err.println("dkgw send: a file sent through Grote Berichten cannot go with --payload");
            return SendExitCode.USAGE;
        }
        AdminClient admin = config.adminClient();
        if (viaGb) {
            return sendLarge(admin);
        }
        if (file != null && payloads.isEmpty()) {
            return sendRaw(admin);
        }
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
        if (file != null) {
            parts.addObject()
                    .put("contentType", contentType)
                    .put("base64", Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
        }
        AdminClient.Answer answer = admin.postJson("/api/messages", body);
        if (answer.failed("send")) {
            return SendExitCode.of(answer);
        }
        System.out.println(answer.json().get("messageId").asText());
        return SendExitCode.SENT;
    }

    /**
     * A single {@code --file} as the one payload: the file is the request body of {@code POST /api/messages},
     * streamed from disk (no base64, never read whole); the node spools it until the message is stored.
     */
    private int sendRaw(AdminClient admin) throws Exception {
        StringBuilder path = new StringBuilder("/api/messages?cpaId=")
                .append(encode(cpaId))
                .append("&service=")
                .append(encode(service))
                .append("&action=")
                .append(encode(action))
                .append("&contentType=")
                .append(encode(contentType));
        if (conversationId != null) {
            path.append("&conversationId=").append(encode(conversationId));
        }
        long size = Files.size(file);
        UploadProgress progress =
                size > SHOW_PROGRESS_ABOVE ? UploadProgress.onStandardError(size) : UploadProgress.silent();
        AdminClient.Answer answer = admin.postFile(path.toString(), file, contentType, progress);
        if (answer.failed("send")) {
            return SendExitCode.of(answer);
        }
        System.out.println(answer.json().get("messageId").asText());
        return SendExitCode.SENT;
    }

    private int sendLarge(AdminClient admin) throws Exception {
        long size = Files.size(file);
        if (!large) {
            System.err.println("dkgw send: " + file + " is larger than 20 MiB: sending it through Grote Berichten");
        }
        String name = filename != null ? filename : file.getFileName().toString();
        StringBuilder path = new StringBuilder("/api/files?cpaId=")
                .append(encode(cpaId))
                .append("&service=")
                .append(encode(service))
                .append("&action=")
                .append(encode(action))
                .append("&filename=")
                .append(encode(name));
        if (conversationId != null) {
            path.append("&conversationId=").append(encode(conversationId));
        }
        if (push) {
            path.append("&mode=push");
        }
        AdminClient.Answer answer =
                admin.postFile(path.toString(), file, contentType, UploadProgress.onStandardError(size));
        if (answer.failed("send")) {
            return SendExitCode.of(answer);
        }
        System.out.println(answer.json().get("messageId").asText());
        return SendExitCode.SENT;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
