package nl.dkgw.gateway.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.gateway.Gateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs a gateway node, and the add-ons it was given, until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a gateway node.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    private final List<NodeAddOn> addOns;

    ServeCommand(List<NodeAddOn> addOns) {
        this.addOns = List.copyOf(addOns);
    }

    @Override
    public Integer call() throws Exception {
        List<NodeAddOn.Starter> starters = new ArrayList<>();
        for (NodeAddOn addOn : addOns) {
            NodeAddOn.Starter starter = addOn.prepare(config.file, config.baseDir());
            if (starter != null) {
                starters.add(starter);
            }
        }
        Gateway gateway = Gateway.start(config.load(), config.baseDir());
        List<NodeAddOn.Running> running = new ArrayList<>();
        try {
            for (NodeAddOn.Starter starter : starters) {
                running.add(0, starter.start(gateway));
            }
        } catch (Exception | Error e) {
            running.forEach(NodeAddOn.Running::close);
            gateway.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running.forEach(NodeAddOn.Running::close);
                            gateway.close();
                            stopped.countDown();
                        },
                        "dkgw-shutdown"));
        StringBuilder line =
                new StringBuilder("dkgw node " + gateway.config().node().id() + " (OIN "
                        + gateway.ownOin().value() + ") listening: ebMS https port " + gateway.ebmsPort()
                        + ", admin http port " + gateway.adminPort());
        for (int i = running.size() - 1; i >= 0; i--) {
            line.append(", ").append(running.get(i).summary());
        }
        System.out.println(line);
        stopped.await();
        return 0;
    }
}
