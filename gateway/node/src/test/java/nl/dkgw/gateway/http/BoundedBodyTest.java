package nl.dkgw.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import nl.dkgw.gateway.api.SpooledPayload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A raw admin submission is read through a {@link BoundedBody} into a {@link SpooledPayload}: a body up to the limit is
 * taken whole, in memory or spooled; one byte more ends it with {@link BoundedBody.TooLong}, and nothing of it stays
 * in the spool directory.
 */
class BoundedBodyTest {

    private static final int MIB = SpooledPayload.IN_MEMORY_UP_TO;

    @TempDir
    Path spool;

    @ParameterizedTest
    @ValueSource(ints = {0, 100, MIB - 1, MIB, 3 * MIB + 7})
    void aBodyOfExactlyTheLimitIsTakenWhole(int size) throws Exception {
        try (SpooledPayload payload = SpooledPayload.receive(new BoundedBody(body(size), size), spool)) {
            assertThat(payload.size()).isEqualTo(size);
            try (InputStream in = payload.content().open()) {
                assertThat(in.readAllBytes()).isEqualTo(body(size).readAllBytes());
            }
        }
        assertThat(spool).as("closing the payload deletes its file").isEmptyDirectory();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100, MIB - 1, MIB, 3 * MIB + 7})
    void oneByteMoreEndsTheBodyAndLeavesNothingBehind(int limit) {
        assertThatThrownBy(() -> SpooledPayload.receive(new BoundedBody(body(limit + 1), limit), spool))
                .isInstanceOf(BoundedBody.TooLong.class)
                .hasMessageContaining(String.valueOf(limit));
        assertThat(spool).as("what was spooled of it is deleted").isEmptyDirectory();
    }

    @Test
    void aBodyFarPastTheLimitIsNotReadToItsEnd() {
        BoundedBody body = new BoundedBody(body(8 * MIB), 2L * MIB);

        assertThatThrownBy(() -> SpooledPayload.receive(body, spool)).isInstanceOf(BoundedBody.TooLong.class);
        assertThat(body.count()).isLessThanOrEqualTo(2L * MIB + 64 * 1024);
    }

    /** {@code size} bytes that differ from one position to the next. */
    private static InputStream body(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return new ByteArrayInputStream(bytes);
    }
}
