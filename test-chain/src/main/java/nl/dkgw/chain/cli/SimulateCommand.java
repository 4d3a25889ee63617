package nl.dkgw.chain.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.chain.simulator.ControlEndpoint;
import nl.dkgw.chain.simulator.ForeignHabits;
import nl.dkgw.chain.simulator.Misbehaviour;
import nl.dkgw.chain.simulator.SimulatedChain;
import nl.dkgw.chain.simulator.Simulator;
import nl.dkgw.chain.simulator.SimulatorKind;
import nl.dkgw.gateway.cli.DkgwSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Runs counterpart simulators until stopped: real gateway nodes with test certificates and CPAs for a client party,
 * a control endpoint, and a ready configuration for the client's gateway. Writes {@code simulators.json} with
 * everything it prints, for scripts.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run simulated counterparts (RIVM CIMS, MijnOverheid Lopende Zaken, the compliance echo "
                    + "service, a foreign peer with the reference adapter's habits) to point a gateway at.",
            "Writes test certificates, CPAs and a gateway.yml for your gateway to --dir, prints the endpoints "
                    + "and runs until stopped (Ctrl-C)."
        })
public final class SimulateCommand implements Callable<Integer> {

    /** Adds this command to dkgw (ServiceLoader). */
    public static final class Provider implements DkgwSubcommand {
        @Override
        public Object command() {
            return new SimulateCommand();
        }
    }

    @Parameters(index = "0", paramLabel = "NAME", description = "cims, mijnoverheid, compliance, foreign, or all")
    String name;

    @Option(
            names = "--dir",
            defaultValue = "simulators",
            description = "where certificates, CPAs and simulator data go (default: ${DEFAULT-VALUE}); an existing "
                    + "test PKI there is reused")
    Path dir;

    @Option(
            names = "--client-endpoint",
            defaultValue = "https://localhost:8443/ebms",
            description = "your gateway's ebMS endpoint, as the CPAs will name it (default: ${DEFAULT-VALUE})")
    URI clientEndpoint;

    @Option(
            names = "--client-admin-port",
            defaultValue = "8080",
            description = "the admin port written into your gateway's gateway.yml (default: ${DEFAULT-VALUE})")
    int clientAdminPort;

    @Option(
            names = "--control-port",
            defaultValue = "8099",
            description = "port of the control endpoint on 127.0.0.1, 0 for any free one (default: ${DEFAULT-VALUE})")
    int controlPort;

    @Option(
            names = "--misbehave",
            paramLabel = "KIND",
            description = "start misbehaving at once: refuse, soap-fault, unavailable, drop-acks, ebms-error")
    String misbehave;

    @Option(
            names = "--habits",
            defaultValue = "all",
            paramLabel = "LIST",
            description = "the foreign peer's habits: all (default), none, or a comma-separated list of "
                    + "leaf-only-key-info, ping-without-roles, cbc-rsa15, async-errors, bare-sync-replies, "
                    + "strict-schema (docs/interop.md)")
    String habits;

    @Option(names = "--verbose", description = "show the simulators' event log")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Quiet.unless(verbose);
        List<SimulatorKind> kinds =
                name.equalsIgnoreCase("all") ? List.of(SimulatorKind.values()) : List.of(SimulatorKind.of(name));
        Misbehaviour initial = misbehave == null ? null : Misbehaviour.always(Misbehaviour.kindOf(misbehave));
        ForeignHabits foreignHabits = ForeignHabits.parse(habits);
        SimulatedChain chain = SimulatedChain.prepare(dir.toAbsolutePath())
                .withForeignHabits(foreignHabits)
                .start(kinds, clientEndpoint);
        ControlEndpoint control;
        try {
            if (initial != null) {
                chain.simulators().forEach(s -> s.misbehave(initial));
            }
            control = ControlEndpoint.start(chain.simulators(), controlPort);
        } catch (Exception e) {
            chain.close();
            throw e;
        }
        Path clientConfig = chain.writeClientConfig(clientEndpoint, clientAdminPort);
        writeJson(chain, control, clientConfig);
        print(chain, control, clientConfig);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            control.close();
                            chain.close();
                            stopped.countDown();
                        },
                        "dkgw-simulate-shutdown"));
        System.out.println("simulators running");
        System.out.flush();
        stopped.await();
        return 0;
    }

    private void print(SimulatedChain chain, ControlEndpoint control, Path clientConfig) {
        System.out.println("dkgw simulate: test certificates, CPAs and data in " + chain.dir());
        for (Simulator s : chain.simulators()) {
            System.out.printf("%n  %-13s %s%n", s.name(), s.kind().description());
            System.out.printf(
                    "    OIN        %s%n    ebMS       %s%n    control    %s%n",
                    s.kind().oin(), s.endpoint(), control.url(s));
            if (s.kind().foreign()) {
                System.out.printf("    habits     %s%n", s.habits());
            }
            s.cpaIds()
                    .forEach((profile, id) -> System.out.printf(
                            "    CPA %-7s %s  (%s)%n",
                            profile.code(),
                            id,
                            chain.dir().resolve("cpa").resolve(s.name() + "-" + profile.code() + ".xml")));
        }
        Simulator example = chain.simulators().get(0);
        String cpa = example.cpaIds().values().iterator().next();
        System.out.println();
        System.out.println("your gateway (OIN " + SimulatedChain.CLIENT_OIN + ", ebMS endpoint " + clientEndpoint
                + " as the CPAs say):");
        System.out.println("  configuration  " + clientConfig);
        if (chain.simulators().stream().anyMatch(s -> s.kind().foreign())) {
            System.out.println("                 (compatibility mode and the intermediate CAs are on for the foreign "
                    + "peer: docs/interop.md)");
        }
        System.out.println("  certificates   " + chain.pki().dir() + " (test PKI, never for production)");
        System.out.println("  start it       ./dkgw serve --config " + clientConfig);
        System.out.println("  diagnose       ./dkgw ping --config " + clientConfig + " --cpa " + cpa + " --diagnose");
        System.out.println("  chain test     ./dkgw chain-test --config " + clientConfig + " --cpa " + cpa
                + " --report chain-test-report --counterpart-control " + control.url(example));
        System.out.println("  misbehave      curl -X PUT -d '{\"kind\":\"unavailable\",\"times\":1}' "
                + control.url(example) + "/misbehaviour");
        System.out.println("  what arrived   curl " + control.url(example) + "/received");
        System.out.println("  all of this    " + chain.dir().resolve("simulators.json"));
        System.out.println();
    }

    private void writeJson(SimulatedChain chain, ControlEndpoint control, Path clientConfig) throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode out = json.createObjectNode()
                .put("control", control.url().toString())
                .put("clientConfig", clientConfig.toString())
                .put("clientOin", SimulatedChain.CLIENT_OIN)
                .put("clientEndpoint", clientEndpoint.toString())
                .put("pki", chain.pki().dir().toString());
        ArrayNode sims = out.putArray("simulators");
        for (Simulator s : chain.simulators()) {
            ObjectNode n = sims.addObject()
                    .put("name", s.name())
                    .put("oin", s.kind().oin())
                    .put("endpoint", s.endpoint().toString())
                    .put("control", control.url(s).toString());
            if (s.kind().foreign()) {
                n.set("habits", json.valueToTree(s.habits().ids()));
            }
            ObjectNode cpas = n.putObject("cpas");
            s.cpaIds().forEach((profile, id) -> cpas.put(profile.code(), id));
        }
        List<String> files = new ArrayList<>();
        chain.cpaFiles().forEach(f -> files.add(f.toString()));
        out.set("cpaFiles", json.valueToTree(files));
        Files.writeString(chain.dir().resolve("simulators.json"), json.writeValueAsString(out));
    }
}
