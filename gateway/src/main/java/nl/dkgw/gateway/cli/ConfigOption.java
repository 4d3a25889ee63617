package nl.dkgw.gateway.cli;

import java.nio.file.Path;
import nl.dkgw.gateway.config.ConfigException;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.GatewayConfigLoader;
import picocli.CommandLine.Option;

/** The --config option shared by commands that work on a node. */
final class ConfigOption {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", defaultValue = "gateway.yml",
            description = "gateway configuration (default: ${DEFAULT-VALUE})")
    Path file;

    GatewayConfig load() throws ConfigException {
        return new GatewayConfigLoader().load(file);
    }

    Path baseDir() {
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".").toAbsolutePath() : parent;
    }

    AdminClient adminClient() throws ConfigException {
        return new AdminClient(load().admin().baseUrl());
    }
}
