package nl.dkgw.gateway.cli;

import java.nio.file.Path;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import picocli.CommandLine.Option;

/** The --config option shared by commands that work on a node. */
final class ConfigOption {
    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "gateway.yml",
            description = "gateway configuration (default: ${DEFAULT-VALUE})")
    Path file;

    GatewayConfig load() throws ConfigException {
        return new GatewayConfigLoader().load(file);
    }

    Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    @Option(
            names = "--user",
            paramLabel = "NAME",
            description = "admin API user for commands that call a running "
                    + "node (default: $DKGW_ADMIN_USER); the password comes from $DKGW_ADMIN_PASSWORD, else the console "
                    + "or the first line of standard input")
    String user;

    AdminClient adminClient() throws ConfigException {
        String name = user != null ? user : System.getenv("DKGW_ADMIN_USER");
        if (name == null || name.isBlank()) {
            return new AdminClient(load().admin().baseUrl());
        }
        return new AdminClient(
                load().admin().baseUrl(), name, Passwords.read("DKGW_ADMIN_PASSWORD", "Password for " + name + ": "));
    }
}
