package nl.dkgw.gateway.diagnosis;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaParseException;
import nl.dkgw.cpa.CpaParser;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.UrlMapping;
import nl.dkgw.gateway.config.GatewayConfig;

/**
 * The CPAs a configuration names (cpa.files), with its endpoint overrides and url mapping applied, for a diagnosis
 * without a running node (and so without its CPA store).
 */
final class ConfiguredCpas implements CpaRegistry {

    private final Map<String, Cpa> byId;

    private ConfiguredCpas(Map<String, Cpa> byId) {
        this.byId = Map.copyOf(byId);
    }

    static ConfiguredCpas load(GatewayConfig config, Path baseDir) {
        GatewayConfig.Cpa settings = config.cpa();
        UrlMapping mapping = UrlMapping.none();
        for (var e : settings.urlMapping().entrySet()) {
            mapping = mapping.withPrefix(e.getKey(), e.getValue());
        }
        for (var e : settings.endpointOverrides().entrySet()) {
            mapping = mapping.withEndpoint(e.getKey(), URI.create(e.getValue()));
        }
        CpaParser parser = new CpaParser();
        Map<String, Cpa> byId = new LinkedHashMap<>();
        for (String file : settings.files()) {
            Path path = baseDir.resolve(file);
            try {
                Cpa cpa = parser.parse(Files.readString(path));
                byId.put(cpa.cpaId(), mapping.apply(cpa));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "cannot read CPA file " + path + " (cpa.files): " + e.getMessage(), e);
            } catch (CpaParseException e) {
                throw new IllegalArgumentException(
                        "CPA file " + path + " (cpa.files) is not a readable CPA: " + e.getMessage(), e);
            }
        }
        return new ConfiguredCpas(byId);
    }

    @Override
    public Optional<Cpa> find(String cpaId) {
        return Optional.ofNullable(byId.get(cpaId));
    }
}
