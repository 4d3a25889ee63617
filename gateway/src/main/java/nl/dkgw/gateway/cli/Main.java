package nl.dkgw.gateway.cli;

import nl.dkgw.pki.cli.CertsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The dkgw command line: run a node, send and follow messages, manage CPAs and certificates, run the demo. */
@Command(name = "dkgw", mixinStandardHelpOptions = true, version = "dkgw 0.1.0",
        description = "Digikoppeling ebMS2 gateway",
        subcommands = {ServeCommand.class, SendCommand.class, StatusCommand.class, PingCommand.class,
                CpaCommand.class, PurgeCommand.class, AdminCommand.class, CertsCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("dkgw: " + oneLine(e));
            return 1;
        });
        return cli.execute(args);
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replace('\n', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
