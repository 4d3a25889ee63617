package nl.dkgw.gateway.cli;

import java.util.List;
import java.util.ServiceLoader;
import nl.dkgw.pki.cli.CertsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The dkgw command line: run a node, send and follow messages, manage CPAs and certificates; plus every
 * {@link DkgwSubcommand} found on the class path (the simulators, chain test and demo of test-chain).
 */
@Command(
        name = "dkgw",
        mixinStandardHelpOptions = true,
        version = "dkgw 0.1.0",
        description = "Digikoppeling ebMS2 gateway",
        subcommands = {
            ServeCommand.class,
            SendCommand.class,
            StatusCommand.class,
            PingCommand.class,
            CpaCommand.class,
            PurgeCommand.class,
            AdminCommand.class,
            CertsCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without add-ons: {@code serve} runs the node alone. */
    public static int run(String... args) {
        return run(List.of(), args);
    }

    /** Runs the command line; {@code serve} also starts the given add-ons on the node. */
    public static int run(List<NodeAddOn> addOns, String... args) {
        CommandLine cli = new CommandLine(new Main(), new AddOnFactory(addOns));
        for (DkgwSubcommand extra : ServiceLoader.load(DkgwSubcommand.class)) {
            cli.addSubcommand(extra.command());
        }
        cli.addSubcommand("help", new CommandLine.HelpCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("dkgw: " + FailureLine.of(e));
            return 1;
        });
        return cli.execute(args);
    }

    /** Picocli's factory, except that {@code serve} gets the add-ons. */
    private record AddOnFactory(List<NodeAddOn> addOns) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == ServeCommand.class) {
                return type.cast(new ServeCommand(addOns));
            }
            return CommandLine.defaultFactory().create(type);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
