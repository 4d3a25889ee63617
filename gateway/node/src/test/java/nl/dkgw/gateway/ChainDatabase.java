package nl.dkgw.gateway;

import java.util.Map;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.testkit.RealPostgres;

/** Which store the nodes of a test chain use: their embedded H2 files, or one real PostgreSQL database each. */
public enum ChainDatabase {
    H2,
    POSTGRES;

    public Map<String, String> jdbcUrls() {
        if (this == H2) {
            return Map.of();
        }
        return Map.of(LocalChain.CONSUMER.name(), postgresUrl(), LocalChain.PROVIDER.name(), postgresUrl());
    }

    private static String postgresUrl() {
        RealPostgres.Database db = RealPostgres.newDatabase();
        String url = db.jdbcUrl();
        String separator = url.contains("?") ? "&" : "?";
        return url + separator + "user=" + db.user() + "&password=" + db.password();
    }
}
