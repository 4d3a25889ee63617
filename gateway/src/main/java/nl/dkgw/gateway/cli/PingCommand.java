package nl.dkgw.gateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends an ebMS Ping over a CPA through a running node: exit 0 on a Pong, 1 with the reason otherwise. */
@Command(name = "ping", mixinStandardHelpOptions = true, description = "Ping the other party of a CPA (ebMS Ping/Pong).")
final class PingCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--cpa", required = true, description = "CPA id")
    String cpaId;

    @Option(names = "--timeout", defaultValue = "30", description = "seconds to wait for a Pong (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        AdminClient admin = config.adminClient();
        AdminClient.Answer answer = admin.postJson("/api/ping", admin.json().createObjectNode().put("cpaId", cpaId)
                .put("timeoutSeconds", timeoutSeconds));
        if (!answer.ok()) {
            System.err.println("dkgw ping: " + answer.errorLine());
            return 1;
        }
        boolean pong = answer.json().get("pong").asBoolean();
        String detail = answer.json().get("detail").asText();
        if (pong) {
            System.out.println("Pong: " + detail + " in " + answer.json().get("roundTripMillis").asLong() + " ms");
            return 0;
        }
        System.err.println("dkgw ping: no Pong: " + detail);
        return 1;
    }
}
