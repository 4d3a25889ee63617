package nl.dkgw.gateway.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.dkgw.gateway.Gateway;
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "dkgw-shutdown"));
        System.out.println("dkgw node " + gateway.config().node().id() + " (OIN " + gateway.ownOin().value()
                + ") listening: ebMS https port " + gateway.ebmsPort() + ", admin http port " + gateway.adminPort());
        stopped.await();
        return 0;
    }
}
