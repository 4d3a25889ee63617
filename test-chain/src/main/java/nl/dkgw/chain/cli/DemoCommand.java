package nl.dkgw.chain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.dkgw.chain.demo.FullChainDemo;
import nl.dkgw.chain.suite.SuiteOptions;
import nl.dkgw.chain.suite.TerminalProgress;
import nl.dkgw.gateway.cli.DkgwSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo: the full local chain (test PKI, CPAs, a GGD gateway with the three flows, the CIMS, MijnOverheid and
 * compliance simulators and the foreign peer), a diagnosis of every link and a chain-test report per counterpart and
 * profile. Exit 0 only when all passed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the full chain on this machine: a GGD gateway, simulated RIVM CIMS and MijnOverheid, the "
                + "compliance echo service, a foreign peer with the reference adapter's habits; send sample events, "
                + "diagnose every link, chain-test every counterpart.")
public final class DemoCommand implements Callable<Integer> {

    /** Adds this command to dkgw (ServiceLoader). */
    public static final class Provider implements DkgwSubcommand {
        @Override
        public Object command() {
            return new DemoCommand();
        }
    }

    @Option(names = "--dir", description = "where the demo keeps certificates, CPAs, data and reports "
            + "(default: a new temporary directory)")
    Path dir;

    @Option(names = "--large-payload-mib", defaultValue = "2",
            description = "size of the chain tests' large payload (default: ${DEFAULT-VALUE} MiB)")
    int largeMib;

    @Option(names = "--verbose", description = "show the nodes' event log")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Quiet.errorsOnlyUnless(verbose);
        Path workDir = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("dkgw-demo-");
        SuiteOptions options = SuiteOptions.defaults();
        options = new SuiteOptions(options.messageTimeout(), java.time.Duration.ofSeconds(1), largeMib * 1024 * 1024,
                null);
        boolean passed = new FullChainDemo(workDir, System.out, options).run(TerminalProgress.forStdout());
        return passed ? 0 : 1;
    }
}
