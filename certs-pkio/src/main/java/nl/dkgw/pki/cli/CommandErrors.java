package nl.dkgw.pki.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** Runs a command body and turns any failure into one readable line on stderr and exit code 1. */
final class CommandErrors {
    private CommandErrors() {}

    static int run(CommandSpec spec, Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            spec.commandLine().getErr().println("error: " + message.replace('\n', ' '));
            spec.commandLine().getErr().flush();
            return CertsCommand.PROBLEM;
        }
    }
}
