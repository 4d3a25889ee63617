package nl.dkgw.pki.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code certs trust}: manage the trust store of PKIoverheid roots and the intermediate CAs known beforehand. */
@Command(
        name = "trust",
        mixinStandardHelpOptions = true,
        description = "Manage the trust store (roots) and the intermediate CA certificates.",
        subcommands = {TrustAddCommand.class})
class TrustCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CertsCommand.USAGE;
    }
}
