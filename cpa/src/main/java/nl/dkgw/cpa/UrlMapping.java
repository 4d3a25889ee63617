package nl.dkgw.cpa;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where messages really go when a CPA's endpoints are not reachable as written (test set-ups, a reverse proxy, a
 * counterpart simulator): per-CPA endpoint overrides (for one party or for every party of the CPA) and global prefix
 * replacements such as {@code https://real-host:443/ -> https://localhost:8443/}. Per-CPA overrides win over prefixes;
 * the longest matching prefix wins. Immutable: the {@code with...} methods return a new mapping.
 */
public final class UrlMapping {

    private static final UrlMapping NONE = new UrlMapping(Map.of(), List.of());

    private final Map<String, URI> overrides;
    private final List<Prefix> prefixes;

    private record Prefix(String from, String to) {}

    private UrlMapping(Map<String, URI> overrides, List<Prefix> prefixes) {
        this.overrides = Map.copyOf(overrides);
        this.prefixes = prefixes.stream()
                .sorted((a, b) -> b.from.length() - a.from.length())
                .toList();
    }

    public static UrlMapping none() {
        return NONE;
    }

    /** Every endpoint of {@code cpaId} becomes {@code endpoint}. */
    public UrlMapping withEndpoint(String cpaId, URI endpoint) {
        return withOverride(key(cpaId, null), endpoint);
    }

    /** The endpoint of {@code party} in {@code cpaId} becomes {@code endpoint}. */
    public UrlMapping withEndpoint(String cpaId, PartyId party, URI endpoint) {
        return withOverride(key(cpaId, Objects.requireNonNull(party, "party")), endpoint);
    }

    /** Endpoints starting with {@code from} start with {@code to} instead. */
    public UrlMapping withPrefix(String from, String to) {
        if (from == null || from.isEmpty() || to == null)
            throw new IllegalArgumentException("prefix mapping needs from and to");
        List<Prefix> list = new ArrayList<>(prefixes);
        list.removeIf(p -> p.from.equals(from));
        list.add(new Prefix(from, to));
        return new UrlMapping(overrides, list);
    }

    public boolean isEmpty() {
        return overrides.isEmpty() && prefixes.isEmpty();
    }

    /** The endpoint to use for {@code party} in {@code cpaId} instead of {@code endpoint}. */
    public URI map(String cpaId, PartyId party, URI endpoint) {
        URI override = overrides.get(key(cpaId, party));
        if (override == null) override = overrides.get(key(cpaId, null));
        if (override != null) return override;
        String text = endpoint.toString();
        for (Prefix p : prefixes) {
            if (text.startsWith(p.from)) return URI.create(p.to + text.substring(p.from.length()));
        }
        return endpoint;
    }

    /** {@code cpa} with this mapping applied to every endpoint it resolves (the CPA itself when the mapping is empty). */
    public Cpa apply(Cpa cpa) {
        return isEmpty() ? cpa : new MappedCpa(cpa, this);
    }

    private UrlMapping withOverride(String key, URI endpoint) {
        Objects.requireNonNull(endpoint, "endpoint");
        Map<String, URI> map = new LinkedHashMap<>(overrides);
        map.put(key, endpoint);
        return new UrlMapping(map, prefixes);
    }

    private static String key(String cpaId, PartyId party) {
        Objects.requireNonNull(cpaId, "cpaId");
        return party == null ? cpaId + "\n*" : cpaId + "\n" + party.type() + "\n" + party.value();
    }

    @Override
    public String toString() {
        return "UrlMapping"
                + overrides.keySet().stream().map(k -> k.replace('\n', ' ')).toList() + prefixes;
    }
}
