package nl.dkgw.gateway.store.jdbc;

import static nl.dkgw.gateway.store.jdbc.StoreDatabases.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.store.Direction;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.testkit.SeededBytes;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A part of 64 MiB, generated as it is read, goes into the store and comes back as a stream, with and without its
 * length known up front; on H2 and on PostgreSQL. Nothing here holds it whole: with the bytes in a bytea column it
 * would need several times its size in heap. The test JVM's heap is large, so this proves the path works at size;
 * the bound on memory is shown by running it with a small heap and a larger part, e.g.
 * {@code -DargLine="-Xmx128m -Ddkgw.test.large-part-mib=300"}, which passes on both databases (PostgreSQL also at
 * -Xmx72m; H2's page cache and write buffers need more of the heap for themselves), and by the node benchmarks.
 */
@Slow
class LargePayloadTest {

    /** 64 MiB unless {@code -Ddkgw.test.large-part-mib} says otherwise (see the class comment). */
    private static final long SIZE = Long.getLong("dkgw.test.large-part-mib", 64) * 1024 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"h2, true", "h2, false", "postgres, true", "postgres, false"})
    void aPartOfManyMegabytesStreamsInAndOut(String database, boolean lengthKnown) throws Exception {
        GeneratedPart part = new GeneratedPart(SIZE, 64, lengthKnown);
        try (GatewayDatabase db = StoreDatabases.open(database, dir)) {
            Store store = JdbcStore.of(db.dataSource());
            long pk = store.messages()
                    .insert(
                            message(
                                    Direction.IN,
                                    MessageStatus.RECEIVED,
                                    List.of(new Payload("big", "application/octet-stream", part))),
                            null);

            Payload read = store.payloads().of(pk).get(0);
            assertThat(read.size()).isEqualTo(SIZE);
            assertThat(SeededBytes.sha256(read.open())).isEqualTo(part.sha256());
        }
    }
}
