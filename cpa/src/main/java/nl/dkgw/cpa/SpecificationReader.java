package nl.dkgw.cpa;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads the two YAML inputs of CPA generation (documented in docs/cpa.md): a provider's service specification and a
 * consumer specification shaped like the Digikoppeling "Consumerspecificatie" (PartyName, PartyId, EndpointUri,
 * ClientCert, ServerCert). A certificate is given as PEM text, base64 DER, or a path to a PEM/DER file relative to
 * the YAML file.
 */
public final class SpecificationReader {

    private final ObjectMapper yaml =
            new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** A party block, in the Consumerspecificatie's own words. */
    @JsonIgnoreProperties({"PartyRef"})
    record PartyYaml(
            @JsonProperty("PartyName") String partyName,
            @JsonProperty("PartyId") String partyId,
            @JsonProperty("EndpointUri") String endpointUri,
            @JsonProperty("ClientCert") String clientCert,
            @JsonProperty("ServerCert") String serverCert,
            @JsonProperty("SigningCert") String signingCert,
            @JsonProperty("EncryptionCert") String encryptionCert) {}

    record ActionYaml(String name, String direction) {}

    record ServiceYaml(
            String serviceName,
            String profile,
            String providerRole,
            String consumerRole,
            List<ActionYaml> actions,
            Integer retries,
            String retryInterval,
            String persistDuration,
            String syncReplyMode,
            PartyYaml provider) {}

    public ServiceSpec readService(Path file) throws IOException {
        ServiceYaml y = read(file, ServiceYaml.class);
        String where = "service specification " + file;
        try {
            Profile profile = Profile.fromCode(require(y.profile(), "profile", where))
                    .orElseThrow(() -> new IllegalArgumentException("profile '" + y.profile()
                            + "' is not one of osb-be, osb-rm, osb-be-s, osb-rm-s, osb-be-e, osb-rm-e"));
            List<ActionSpec> actions = new ArrayList<>();
            for (ActionYaml a : y.actions() == null ? List.<ActionYaml>of() : y.actions()) {
                actions.add(new ActionSpec(a.name(), direction(a.direction())));
            }
            ServiceSpec defaults = ServiceSpec.withDefaults(
                    require(y.serviceName(), "serviceName", where),
                    profile,
                    require(y.providerRole(), "providerRole", where),
                    require(y.consumerRole(), "consumerRole", where),
                    actions,
                    party(y.provider(), file, "provider"));
            return new ServiceSpec(
                    defaults.serviceName(),
                    profile,
                    defaults.providerRole(),
                    defaults.consumerRole(),
                    actions,
                    y.retries() != null ? y.retries() : defaults.retries(),
                    y.retryInterval() != null ? duration(y.retryInterval(), "retryInterval") : defaults.retryInterval(),
                    y.persistDuration() != null
                            ? duration(y.persistDuration(), "persistDuration")
                            : defaults.persistDuration(),
                    y.syncReplyMode() != null ? SyncReplyMode.fromCppa(y.syncReplyMode()) : SyncReplyMode.NONE,
                    defaults.provider());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /**
     * A consumer specification: YAML, or (for a file ending in .xml) the XML Consumerspecificatie of the CPA
     * Creatievoorziening ({@code osb-ebms-service-specificatie} with {@code parameter name="..."} elements).
     */
    public PartySpec readConsumer(Path file) throws IOException {
        PartyYaml y = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")
                ? ConsumerSpecificationXml.read(file)
                : read(file, PartyYaml.class);
        try {
            return party(y, file, "consumer");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("consumer specification " + file + ": " + e.getMessage(), e);
        }
    }

    private <T> T read(Path file, Class<T> type) throws IOException {
        try {
            T value = yaml.readValue(Files.readString(file, StandardCharsets.UTF_8), type);
            if (value == null) throw new IllegalArgumentException(file + " is empty");
            return value;
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "file not found");
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(
                    file + ": " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"),
                    e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    private static PartySpec party(PartyYaml y, Path file, String who) {
        if (y == null) throw new IllegalArgumentException(who + " party block is missing");
        String where = who;
        return new PartySpec(
                require(y.partyName(), "PartyName", where),
                require(y.partyId(), "PartyId", where),
                URI.create(require(y.endpointUri(), "EndpointUri", where)),
                certificate(require(y.clientCert(), "ClientCert", where), file, who + " ClientCert"),
                certificate(require(y.serverCert(), "ServerCert", where), file, who + " ServerCert"),
                y.signingCert() == null ? null : certificate(y.signingCert(), file, who + " SigningCert"),
                y.encryptionCert() == null ? null : certificate(y.encryptionCert(), file, who + " EncryptionCert"));
    }

    static X509Certificate certificate(String value, Path specFile, String what) {
        byte[] bytes;
        String v = value.trim();
        if (v.contains("-----BEGIN CERTIFICATE-----")) {
            bytes = v.getBytes(StandardCharsets.US_ASCII);
        } else if (v.matches("[A-Za-z0-9+/=\\s]{200,}")) {
            bytes = Base64.getMimeDecoder().decode(v);
        } else {
            Path path = specFile.toAbsolutePath().getParent().resolve(v);
            try {
                bytes = Files.readAllBytes(path);
            } catch (IOException e) {
                throw new IllegalArgumentException(what + ": cannot read certificate file " + path);
            }
        }
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " is not an X.509 certificate (PEM, base64 DER or a file)");
        }
    }

    private static ActionSpec.Direction direction(String value) {
        if (value == null) return ActionSpec.Direction.CONSUMER_TO_PROVIDER;
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return ActionSpec.Direction.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "action direction '" + value + "' is not one of consumer-to-provider, provider-to-consumer, both");
        }
    }

    private static Duration duration(String value, String what) {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    what + " '" + value + "' is not an ISO-8601 duration such as PT3H or P1D");
        }
    }

    private static String require(String value, String field, String where) {
        if (value == null || value.isBlank())
            throw new IllegalArgumentException(field + " is required (" + where + ")");
        return value.trim();
    }
}
