package nl.dkgw.app;

import java.util.List;
import nl.dkgw.gateway.cli.NodeAddOn;
import nl.dkgw.routes.node.FlowsAddOn;

/**
 * The entry point of {@code dkgw.jar}, where the modules meet: the gateway's command line, with the routes module's
 * flows as the add-on {@code dkgw serve} starts on the node, and test-chain's commands (found through
 * {@code java.util.ServiceLoader}, as the gateway's command line finds every {@code DkgwSubcommand}).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return nl.dkgw.gateway.cli.Main.run(addOns(), args);
    }

    /** What {@code serve} runs beside the node. */
    static List<NodeAddOn> addOns() {
        return List.of(new FlowsAddOn());
    }
}
