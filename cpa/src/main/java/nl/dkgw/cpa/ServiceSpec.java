package nl.dkgw.cpa;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A provider's service specification: what the consumer's CPA is generated from (with a {@link PartySpec} for the
 * consumer).
 *
 * @param serviceName     the ebMS Service, with version, without whitespace, e.g. {@code dgl:ontvangen:1.0}
 * @param profile         the Digikoppeling profile of every action (one acknowledgment profile per CPA)
 * @param providerRole    the provider's role name
 * @param consumerRole    the consumer's role name
 * @param actions         the actions and who sends them
 * @param retries         ReliableMessaging Retries (reliable profiles)
 * @param retryInterval   ReliableMessaging RetryInterval (reliable profiles)
 * @param persistDuration PersistDuration (reliable profiles)
 * @param syncReplyMode   {@link SyncReplyMode#NONE} or {@link SyncReplyMode#MSH_SIGNALS_ONLY}
 * @param provider        the provider's party data
 */
public record ServiceSpec(
        String serviceName,
        Profile profile,
        String providerRole,
        String consumerRole,
        List<ActionSpec> actions,
        int retries,
        Duration retryInterval,
        Duration persistDuration,
        SyncReplyMode syncReplyMode,
        PartySpec provider) {

    /** The Service type Digikoppeling uses. */
    public static final String SERVICE_TYPE = "urn:osb:services";

    public ServiceSpec {
        requireToken(serviceName, "service name");
        Objects.requireNonNull(profile, "profile");
        requireToken(providerRole, "provider role");
        requireToken(consumerRole, "consumer role");
        if (providerRole.equals(consumerRole)) {
            throw new IllegalArgumentException("provider and consumer roles must differ, both are " + providerRole);
        }
        if (actions == null || actions.isEmpty())
            throw new IllegalArgumentException("service " + serviceName + " needs at least one action");
        actions = List.copyOf(actions);
        if (actions.stream().map(ActionSpec::name).distinct().count() != actions.size()) {
            throw new IllegalArgumentException("service " + serviceName + " names an action twice");
        }
        if (retries < 0) throw new IllegalArgumentException("retries must be >= 0");
        retryInterval = retryInterval == null ? Duration.ZERO : retryInterval;
        persistDuration = persistDuration == null ? Duration.ZERO : persistDuration;
        syncReplyMode = syncReplyMode == null ? SyncReplyMode.NONE : syncReplyMode;
        if (syncReplyMode != SyncReplyMode.NONE && syncReplyMode != SyncReplyMode.MSH_SIGNALS_ONLY) {
            throw new IllegalArgumentException(
                    "Digikoppeling allows syncReplyMode none or mshSignalsOnly, not " + syncReplyMode.cppaValue());
        }
        Objects.requireNonNull(provider, "provider");
    }

    /** Best-practice reliable-messaging values for osb-rm profiles: Retries 8, RetryInterval PT3H, PersistDuration P1D. */
    public static ServiceSpec withDefaults(
            String serviceName,
            Profile profile,
            String providerRole,
            String consumerRole,
            List<ActionSpec> actions,
            PartySpec provider) {
        return new ServiceSpec(
                serviceName,
                profile,
                providerRole,
                consumerRole,
                actions,
                profile.reliable() ? 8 : 0,
                profile.reliable() ? Duration.ofHours(3) : Duration.ZERO,
                profile.reliable() ? Duration.ofDays(1) : Duration.ZERO,
                SyncReplyMode.NONE,
                provider);
    }

    private static void requireToken(String value, String what) {
        if (value == null || value.isBlank() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(what + " must be non-empty without whitespace: '" + value + "'");
        }
    }
}
