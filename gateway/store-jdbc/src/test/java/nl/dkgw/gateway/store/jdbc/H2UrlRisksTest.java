package nl.dkgw.gateway.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The start-up warnings for an H2 URL of the operator's own: one per safety setting it leaves out. */
class H2UrlRisksTest {

    private static final String SAFE = "jdbc:h2:retry:/var/lib/dkgw/data/dkgw;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    @Test
    void theSafeSettingsLeaveNoRisk() {
        assertThat(H2UrlRisks.of(SAFE)).isEmpty();
        assertThat(H2UrlRisks.of("JDBC:H2:RETRY:./data/dkgw;write_delay=0;db_close_on_exit=false;QUERY_CACHE_SIZE=64"))
                .isEmpty();
    }

    @Test
    void aPlainFileUrlHasAllThreeRisks() {
        assertThat(H2UrlRisks.of("jdbc:h2:file:/var/lib/dkgw/data/dkgw"))
                .hasSize(3)
                .anySatisfy(r -> assertThat(r).contains("retry:"))
                .anySatisfy(r -> assertThat(r).contains("WRITE_DELAY is not 0").contains("500 ms"))
                .anySatisfy(r -> assertThat(r).contains("DB_CLOSE_ON_EXIT is not FALSE"));
        assertThat(H2UrlRisks.of("jdbc:h2:./data/dkgw")).hasSize(3);
    }

    @Test
    void eachLeftOutSettingIsItsOwnRisk() {
        assertThat(H2UrlRisks.of(SAFE.replace("retry:", "file:")))
                .singleElement()
                .asString()
                .contains("interrupted");
        assertThat(H2UrlRisks.of(SAFE.replace("WRITE_DELAY=0", "WRITE_DELAY=200")))
                .singleElement()
                .asString()
                .contains("up to 200 ms");
        assertThat(H2UrlRisks.of(SAFE.replace(";DB_CLOSE_ON_EXIT=FALSE", "")))
                .singleElement()
                .asString()
                .contains("shutdown hook");
    }

    @Test
    void otherDatabasesAndNonFileH2AreNotJudged() {
        assertThat(H2UrlRisks.of("jdbc:postgresql://db.example:5432/dkgw")).isEmpty();
        assertThat(H2UrlRisks.of("jdbc:h2:mem:test")).isEmpty();
        assertThat(H2UrlRisks.of("jdbc:h2:tcp://localhost/~/dkgw")).isEmpty();
        assertThat(H2UrlRisks.of("jdbc:h2:ssl://localhost/~/dkgw")).isEmpty();
        assertThat(H2UrlRisks.of(null)).isEmpty();
    }

    @Test
    void aPasswordInTheUrlIsNeverRepeated() {
        assertThat(H2UrlRisks.of("jdbc:h2:file:/tmp/dkgw;PASSWORD=s3cret"))
                .hasSize(3)
                .noneSatisfy(r -> assertThat(r).contains("s3cret"));
    }
}
