package nl.dkgw.gateway.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.camel.GatewayFlows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs a gateway node until it is stopped (SIGTERM or Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a gateway node.")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        Gateway gateway = Gateway.start(config.load(), config.baseDir());
        GatewayFlows flows;
        try {
            flows = gateway.config().flows() == null ? null
                    : GatewayFlows.start(gateway, gateway.config().flows(), config.baseDir());
        } catch (Exception e) {
            gateway.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (flows != null) {
                flows.close();
            }
            gateway.close();
            stopped.countDown();
        }, "dkgw-shutdown"));
        System.out.println("dkgw node " + gateway.config().node().id() + " (OIN " + gateway.ownOin().value()
                + ") listening: ebMS https port " + gateway.ebmsPort() + ", admin http port " + gateway.adminPort()
                + (flows == null ? "" : ", flows " + gateway.config().flows().definitions().keySet()));
        stopped.await();
        return 0;
    }
}
