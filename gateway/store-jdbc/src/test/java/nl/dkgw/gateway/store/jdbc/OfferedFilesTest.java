package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.NewOfferedFile;
import nl.dkgw.gateway.store.OfferedFile;
import nl.dkgw.gateway.store.OfferedFiles;
import nl.dkgw.gateway.store.Store;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sender's record of its offered GB files: bytes fetched from the start grow only without gaps, a file counts as
 * fetched completely once (also when the same bytes are served twice), and retention picks what was fetched, what
 * expired and what a FAILED message announced; a purged message takes its rows along. On H2 and PostgreSQL.
 */
class OfferedFilesTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void bytesServedGrowWithoutGapsAndTheFileIsFetchedOnce(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            MutableClock clock = new MutableClock(START);
            Store store = JdbcStore.onClock(db.dataSource(), clock);
            OfferedFiles offered = store.offeredFiles();
            long pk = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), null);
            offered.insert(file("f1", 100));
            offered.announcedBy("f1", pk, "m1@test");

            assertThat(offered.served("f1", 50, 100))
                    .as("a gap: bytes 0..49 never went out")
                    .isFalse();
            assertThat(offered.find("f1").orElseThrow().bytesServed()).isZero();
            assertThat(offered.served("f1", 0, 40)).isFalse();
            assertThat(offered.served("f1", 30, 70))
                    .as("overlapping the bytes served")
                    .isFalse();
            assertThat(offered.find("f1").orElseThrow().bytesServed()).isEqualTo(70);
            assertThat(offered.toRemove(Duration.ZERO)).isEmpty();

            clock.advance(Duration.ofSeconds(5));
            assertThat(offered.served("f1", 70, 100)).as("the rest").isTrue();
            assertThat(offered.served("f1", 0, 100))
                    .as("fetched again: not a second time")
                    .isFalse();
            OfferedFile f = offered.find("f1").orElseThrow();
            assertThat(f.fetchedCompletely()).isTrue();
            assertThat(f.fetchedAt()).isEqualTo(START.plusSeconds(5));
            assertThat(f.messageId()).isEqualTo("m1@test");
            assertThat(offered.ofMessage(pk)).extracting(OfferedFile::fileId).containsExactly("f1");

            assertThat(offered.toRemove(Duration.ofMinutes(1)))
                    .as("kept a while after the fetch")
                    .isEmpty();
            clock.advance(Duration.ofMinutes(1));
            assertThat(offered.toRemove(Duration.ofMinutes(1)))
                    .extracting(OfferedFile::fileId)
                    .containsExactly("f1");
            assertThat(offered.removed("f1", "fetched")).isTrue();
            assertThat(offered.removed("f1", "fetched")).isFalse();
            assertThat(offered.toRemove(Duration.ZERO)).isEmpty();
            assertThat(offered.find("f1").orElseThrow().removedReason()).isEqualTo("fetched");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void filesOfAFailedMessageAndExpiredFilesAreToRemoveAndPurgedWithTheirMessage(String database) throws Exception {
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            MutableClock clock = new MutableClock(START);
            Store store = JdbcStore.onClock(db.dataSource(), clock);
            OfferedFiles offered = store.offeredFiles();
            long failed = store.messages().insert(message(Direction.OUT, MessageStatus.FAILED), null);
            long pending = store.messages().insert(message(Direction.OUT, MessageStatus.PENDING), null);
            offered.insert(file("refused", 10));
            offered.announcedBy("refused", failed, "m-failed@test");
            offered.insert(file("waiting", 10));
            offered.announcedBy("waiting", pending, "m-pending@test");

            assertThat(offered.toRemove(Duration.ZERO))
                    .extracting(OfferedFile::fileId)
                    .containsExactly("refused");
            clock.advance(Duration.ofDays(8));
            assertThat(offered.toRemove(Duration.ZERO))
                    .extracting(OfferedFile::fileId)
                    .containsExactly("refused", "waiting");

            offered.insert(file("never-announced", 10));
            offered.forget("never-announced");
            assertThat(offered.find("never-announced")).isEmpty();

            store.purge().run(START.plus(Duration.ofDays(30)), false);
            assertThat(offered.find("refused")).as("purged with its message").isEmpty();
        }
    }

    private static NewOfferedFile file(String id, long size) {
        return new NewOfferedFile(
                id,
                StoreDatabases.CPA,
                id + ".csv",
                "text/csv",
                size,
                "ab".repeat(32),
                "00000001000000000002",
                START,
                START.plus(Duration.ofDays(7)));
    }
}
