package nl.dkgw.cpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs against H2; {@link CpaStorePostgresTest} runs the same tests against a real PostgreSQL. */
class CpaStoreTest {

    private DataSource dataSource;
    private CpaStore store;
    private final String rm = TestCpas.xml(Profile.OSB_RM);
    private final String cpaId = TestCpas.cpa(Profile.OSB_RM).cpaId();

    /** A fresh, empty database. */
    DataSource newDatabase() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    @BeforeEach
    void database() {
        dataSource = newDatabase();
        Flyway.configure()
                .dataSource(dataSource)
                .locations(CpaStore.MIGRATIONS)
                .table(CpaStore.MIGRATION_HISTORY)
                .load()
                .migrate();
        store = new CpaStore(dataSource, UrlMapping.none(), Duration.ZERO, Clock.systemUTC());
    }

    @Test
    void insertThenShowListAndFind() throws Exception {
        StoredCpa stored = store.insert(rm);

        assertThat(stored.version()).isEqualTo(1);
        assertThat(store.show(cpaId)).get().satisfies(s -> {
            assertThat(s.xml()).isEqualTo(rm);
            assertThat(s.status()).isEqualTo("agreed");
            assertThat(s.start()).isEqualTo(parse(rm).start());
            assertThat(s.importedAt()).isNotNull();
        });
        assertThat(store.list()).extracting(StoredCpa::cpaId).containsExactly(cpaId);
        assertThat(store.list().get(0).xml()).isNull();
        assertThat(store.find(cpaId)).get().extracting(Cpa::cpaId).isEqualTo(cpaId);
        assertThat(store.find("unknown")).isEmpty();
    }

    @Test
    void insertingTheSameCpaTwiceFails() throws Exception {
        store.insert(rm);

        assertThatThrownBy(() -> store.insert(rm))
                .isInstanceOfSatisfying(
                        CpaStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(CpaStoreException.Reason.ALREADY_EXISTS))
                .hasMessageContaining(cpaId);
    }

    @Test
    void replacingAMissingCpaFails() {
        assertThatThrownBy(() -> store.replace(rm))
                .isInstanceOfSatisfying(
                        CpaStoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(CpaStoreException.Reason.NOT_FOUND));
    }

    @Test
    void unparseableCpaIsNotStored() {
        assertThatThrownBy(() -> store.insert("<nope/>")).isInstanceOf(CpaParseException.class);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void replaceBumpsVersionAndIsUsedAtOnce() throws Exception {
        store.insert(rm);
        assertThat(store.find(cpaId).orElseThrow().status()).isEqualTo("agreed");

        StoredCpa replaced = store.replace(rm.replace("tns:value=\"agreed\"", "tns:value=\"signed\""));

        assertThat(replaced.version()).isEqualTo(2);
        assertThat(store.find(cpaId).orElseThrow().status()).isEqualTo("signed");
    }

    @Test
    void deleteRemovesIt() throws Exception {
        store.insert(rm);
        store.find(cpaId);

        assertThat(store.delete(cpaId)).isTrue();
        assertThat(store.delete(cpaId)).isFalse();
        assertThat(store.find(cpaId)).isEmpty();
        assertThat(store.show(cpaId)).isEmpty();
    }

    @Test
    void anotherNodesReplacementIsSeenOnTheNextLookup() throws Exception {
        CpaStore otherNode = new CpaStore(dataSource, UrlMapping.none(), Duration.ZERO, Clock.systemUTC());
        store.insert(rm);
        assertThat(otherNode.find(cpaId).orElseThrow().status()).isEqualTo("agreed");

        store.replace(rm.replace("tns:value=\"agreed\"", "tns:value=\"signed\""));

        assertThat(otherNode.find(cpaId).orElseThrow().status()).isEqualTo("signed");
    }

    @Test
    void anotherNodesDeletionIsSeenOnTheNextLookup() throws Exception {
        CpaStore otherNode = new CpaStore(dataSource, UrlMapping.none(), Duration.ZERO, Clock.systemUTC());
        store.insert(rm);
        assertThat(otherNode.find(cpaId)).isPresent();

        store.delete(cpaId);

        assertThat(otherNode.find(cpaId)).isEmpty();
    }

    @Test
    void cachedCpaIsUsedUntilTheMaxStalenessHasPassed() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T00:00:00Z"));
        CpaStore otherNode = new CpaStore(dataSource, UrlMapping.none(), Duration.ofSeconds(5), clock);
        store.insert(rm);
        assertThat(otherNode.find(cpaId).orElseThrow().status()).isEqualTo("agreed");
        store.replace(rm.replace("tns:value=\"agreed\"", "tns:value=\"signed\""));

        clock.advance(Duration.ofSeconds(4));
        assertThat(otherNode.find(cpaId).orElseThrow().status()).isEqualTo("agreed");

        clock.advance(Duration.ofSeconds(1));
        assertThat(otherNode.find(cpaId).orElseThrow().status()).isEqualTo("signed");
    }

    @Test
    void foundCpaHasTheUrlMappingApplied() throws Exception {
        CpaStore mapped = new CpaStore(
                dataSource, UrlMapping.none().withPrefix("https://provider.example.nl/", "https://localhost:8443/"));
        mapped.insert(rm);

        DeliveryChannel channel = mapped.find(cpaId)
                .orElseThrow()
                .resolve(TestCpas.CONSUMER, TestCpas.PROVIDER, TestCpas.SERVICE, "zakLk01");

        assertThat(channel.endpoint()).isEqualTo(URI.create("https://localhost:8443/ebms"));
    }

    private static Cpa parse(String xml) throws CpaParseException {
        return new CpaParser().parse(xml);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
