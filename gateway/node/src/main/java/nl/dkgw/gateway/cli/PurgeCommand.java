package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Purges completed messages on a running node (POST /api/purge), or shows what would go. */
@Command(
        name = "purge",
        mixinStandardHelpOptions = true,
        description = "Remove completed messages older than the retention period (or show what would go).")
final class PurgeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--dry-run", description = "only count what would be removed")
    boolean dryRun;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            description = "ISO-8601 duration, e.g. P30D (default: the node's retention.period)")
    Duration olderThan;

    @Override
    public Integer call() throws Exception {
        AdminClient admin = config.adminClient();
        ObjectNode body = admin.json().createObjectNode().put("dryRun", dryRun);
        if (olderThan != null) {
            body.put("olderThan", olderThan.toString());
        }
        AdminClient.Answer answer = admin.postJson("/api/purge", body);
        if (answer.failed("purge")) {
            return 1;
        }
        JsonNode c = answer.json().get("counts");
        System.out.printf(
                "%s (completed before now - %s):%n",
                dryRun ? "would remove" : "removed",
                answer.json().get("olderThan").asText());
        System.out.printf(
                "  sent messages             %d%n", c.get("sentMessages").asLong());
        System.out.printf("  signals                   %d%n", c.get("signals").asLong());
        System.out.printf(
                "  received messages         %d%n", c.get("receivedMessages").asLong());
        System.out.printf(
                "  received, contents only   %d (MessageId kept for duplicate elimination)%n",
                c.get("receivedContents").asLong());
        System.out.printf("  payload parts             %d%n", c.get("payloads").asLong());
        return 0;
    }
}
