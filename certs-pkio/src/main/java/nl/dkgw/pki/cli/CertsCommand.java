package nl.dkgw.pki.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code certs}: PKIoverheid certificate tools. Works standalone and as a subcommand of the gateway CLI. Exit codes:
 * 0 ok, 1 a problem (printed as one line), 2 wrong usage.
 */
@Command(
        name = "certs",
        mixinStandardHelpOptions = true,
        description = "PKIoverheid certificates: create a test PKI, inspect certificates, manage the trust store.",
        subcommands = {InitCommand.class, ShowCommand.class, TrustCommand.class})
public class CertsCommand implements Callable<Integer> {

    public static final int OK = 0;
    public static final int PROBLEM = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }
}
