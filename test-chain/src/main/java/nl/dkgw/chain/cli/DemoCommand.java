package nl.dkgw.chain.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.chain.demo.DemoLogin;
import nl.dkgw.chain.demo.FullChainDemo;
import nl.dkgw.chain.demo.RunningDemo;
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
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
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

    @Option(
            names = "--dir",
            description = "where the demo keeps certificates, CPAs, data and reports "
                    + "(default: a new temporary directory)")
    Path dir;

    @Option(
            names = "--large-payload-mib",
            defaultValue = "2",
            description = "size of the chain tests' large payload (default: ${DEFAULT-VALUE} MiB)")
    int largeMib;

    @Option(names = "--verbose", description = "show the nodes' event log")
    boolean verbose;

    @Option(
            names = "--keep",
            description = "after the run, keep every node running and print the console's "
                    + "address and a login for this demo; Ctrl-C stops them")
    boolean keep;

    @Override
    public Integer call() throws Exception {
        Quiet.errorsOnlyUnless(verbose);
        Path workDir = dir != null ? dir.toAbsolutePath() : Files.createTempDirectory("dkgw-demo-");
        SuiteOptions options = SuiteOptions.defaults();
        options = new SuiteOptions(options.messageTimeout(), Duration.ofSeconds(1), largeMib * 1024 * 1024, null);
        FullChainDemo demo = new FullChainDemo(workDir, System.out, options);
        if (!keep) {
            return demo.run(TerminalProgress.forStdout()) ? 0 : 1;
        }
        RunningDemo running = demo.runAndKeep(TerminalProgress.forStdout(), DemoLogin.generate());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("dkgw demo: stopping every node...");
                            running.close();
                            System.out.println("dkgw demo: stopped; the data stays in " + running.dir());
                            stopped.countDown();
                        },
                        "dkgw-demo-stop"));
        printKept(running);
        stopped.await();
        return running.passed() ? 0 : 1;
    }

    /** The one block a newcomer reads after a kept run: where to look, how to log in, how to stop. */
    private static void printKept(RunningDemo running) {
        DemoLogin login = running.login().orElseThrow();
        System.out.println();
        System.out.println("The chain keeps running. Look around:");
        System.out.println("  console (GGD gateway)   " + running.console());
        // values start in one column: "console (" + name + ")" padded to the 24 characters of the labels
        running.simulatorConsoles()
                .forEach((name, url) -> System.out.printf(
                        "  console (%s)%s%s%n", name, " ".repeat(Math.max(1, 14 - name.length())), url));
        System.out.println("  user / password         " + login.user() + " / " + login.password()
                + "   (admin, may read payloads; valid until this demo stops)");
        System.out.println("  chain-test reports      " + running.reportIndex());
        System.out.println("  again on the same data  ./dkgw demo --keep --dir " + running.dir());
        System.out.println("Press Ctrl-C to stop every node.");
        System.out.flush();
    }
}
