package nl.dkgw.gateway.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an H2 URL of the operator's own ({@code database.url}) leaves out that the node's default H2 URL has for the
 * safety of what it stores: each a sentence for a start-up warning. Only an embedded file database is judged; an
 * in-memory database, an H2 server ({@code tcp:}, {@code ssl:}) and any other database have no risks here. The URL
 * itself is never part of a sentence (H2 accepts a password in it).
 */
public final class H2UrlRisks {

    private static final String H2 = "jdbc:h2:";

    private H2UrlRisks() {}

    /** The risks of {@code jdbcUrl}, empty when there are none (or it is not an embedded H2 file database). */
    public static List<String> of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.regionMatches(true, 0, H2, 0, H2.length())) {
            return List.of();
        }
        String rest = jdbcUrl.substring(H2.length());
        int semicolon = rest.indexOf(';');
        String location = (semicolon < 0 ? rest : rest.substring(0, semicolon)).toLowerCase(Locale.ROOT);
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")) {
            return List.of();
        }
        Map<String, String> settings = settings(semicolon < 0 ? "" : rest.substring(semicolon + 1));
        List<String> risks = new ArrayList<>();
        if (!location.startsWith("retry:")) {
            risks.add(
                    "the H2 file is opened without H2's retry: file system (jdbc:h2:retry:<path>): a thread interrupted"
                            + " while it reads or writes the file (a delivery worker stopped at shutdown) makes H2 close the"
                            + " whole database mid-write, which can leave the file unreadable");
        }
        if (!"0".equals(settings.get("WRITE_DELAY"))) {
            risks.add("WRITE_DELAY is not 0: H2 then writes a commit to the file up to "
                    + settings.getOrDefault("WRITE_DELAY", "500")
                    + " ms after it, so a node that is killed can lose messages it had already acknowledged");
        }
        if (!"FALSE".equalsIgnoreCase(settings.get("DB_CLOSE_ON_EXIT"))) {
            risks.add("DB_CLOSE_ON_EXIT is not FALSE: H2's own shutdown hook then closes the database while the node"
                    + " still stops its writers, whose last writes fail");
        }
        return List.copyOf(risks);
    }

    /** The {@code KEY=value} settings after the database's location, keys in upper case. */
    private static Map<String, String> settings(String list) {
        Map<String, String> settings = new HashMap<>();
        for (String setting : list.split(";")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                settings.put(
                        setting.substring(0, equals).trim().toUpperCase(Locale.ROOT),
                        setting.substring(equals + 1).trim());
            }
        }
        return settings;
    }
}
