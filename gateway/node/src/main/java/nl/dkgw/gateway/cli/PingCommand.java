package nl.dkgw.gateway.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import nl.dkgw.gateway.diagnosis.DiagnosisJson;
import nl.dkgw.gateway.diagnosis.DiagnosisReport;
import nl.dkgw.gateway.diagnosis.DiagnosisTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends an ebMS Ping over a CPA through a running node: exit 0 on a Pong, 1 with the reason otherwise. */
@Command(
        name = "ping",
        mixinStandardHelpOptions = true,
        description = "Ping the other party of a CPA (ebMS Ping/Pong).")
final class PingCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Option(names = "--cpa", required = true, description = "CPA id")
    String cpaId;

    @Option(
            names = "--timeout",
            defaultValue = "30",
            description = "seconds to wait for a Pong (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(
            names = "--diagnose",
            description =
                    "check the link layer by layer (CPA, DNS, TCP, TLS, certificates, "
                            + "HTTP, ebMS Ping) and stop at the first broken one; the exit code names that layer (docs/diagnosis.md)")
    boolean diagnose;

    @Option(names = "--json", description = "with --diagnose: print the report as JSON")
    boolean json;

    @Option(
            names = "--test-message",
            arity = "2",
            paramLabel = "SERVICE ACTION",
            description = "with --diagnose: also send a real test message with this service and action")
    List<String> testMessage;

    @Option(names = "--connect-timeout", description = "with --diagnose: seconds for TCP/TLS connects")
    Long connectTimeoutSeconds;

    @Override
    public Integer call() throws Exception {
        AdminClient admin = config.adminClient();
        if (diagnose) {
            ObjectNode body =
                    admin.json().createObjectNode().put("cpaId", cpaId).put("pingTimeoutSeconds", timeoutSeconds);
            if (connectTimeoutSeconds != null) {
                body.put("connectTimeoutSeconds", connectTimeoutSeconds);
            }
            if (testMessage != null) {
                body.putObject("testMessage")
                        .put("service", testMessage.get(0))
                        .put("action", testMessage.get(1))
                        .put("timeoutSeconds", timeoutSeconds);
            }
            AdminClient.Answer answer = admin.postJson("/api/diagnose", body);
            if (answer.failed("ping")) {
                return 1;
            }
            DiagnosisReport report = DiagnosisJson.read(answer.json());
            System.out.println(json ? answer.text() : DiagnosisTable.render(report));
            return report.exitCode();
        }
        AdminClient.Answer answer = admin.postJson(
                "/api/ping", admin.json().createObjectNode().put("cpaId", cpaId).put("timeoutSeconds", timeoutSeconds));
        if (answer.failed("ping")) {
            return 1;
        }
        boolean pong = answer.json().get("pong").asBoolean();
        String detail = answer.json().get("detail").asText();
        if (pong) {
            System.out.println("Pong: " + detail + " in "
                    + answer.json().get("roundTripMillis").asLong() + " ms");
            return 0;
        }
        System.err.println("dkgw ping: no Pong: " + detail);
        return 1;
    }
}
