package nl.dkgw.gateway.gb.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.OptionalInt;
import nl.dkgw.gateway.gb.metadata.Checksum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each of the standard's error situations: what it maps to, and where dkgw detects it. */
class GbErrorTest {

    @TempDir
    Path dir;

    private Path file(String content) throws Exception {
        return Files.writeString(dir.resolve("received"), content, StandardCharsets.UTF_8);
    }

    private static Checksum sha256(String content) throws Exception {
        return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fileNotFoundIsA404AndThePushStatusOfTheSameName() {
        assertThat(GbError.FILE_NOT_FOUND.requirement()).isEqualTo("MD002");
        assertThat(GbError.FILE_NOT_FOUND.httpStatus()).isEqualTo(OptionalInt.of(404));
        assertThat(GbError.FILE_NOT_FOUND.pushStatus()).contains("FILE_NOT_FOUND");
        assertThat(GbError.ofHttpStatus(404)).isEqualTo(GbError.FILE_NOT_FOUND);
    }

    @Test
    void expiredIsAnsweredAsAnUnknownFileAndRead410AsExpired() {
        assertThat(GbError.EXPIRED.requirement()).isEqualTo("MD004");
        assertThat(GbError.EXPIRED.httpStatus()).isEqualTo(OptionalInt.of(404));
        assertThat(GbError.EXPIRED.pushStatus()).contains("FILE_NOT_FOUND");
        assertThat(GbError.ofHttpStatus(410)).isEqualTo(GbError.EXPIRED);
    }

    @Test
    void notAuthorisedIsGb010s403AndNoPushStatus() {
        assertThat(GbError.NOT_AUTHORISED.requirement()).isEqualTo("GB010");
        assertThat(GbError.NOT_AUTHORISED.httpStatus()).isEqualTo(OptionalInt.of(403));
        assertThat(GbError.NOT_AUTHORISED.pushStatus()).isEmpty();
        assertThat(GbError.ofHttpStatus(403)).isEqualTo(GbError.NOT_AUTHORISED);
    }

    @Test
    void aFileOfAnotherSizeIsGb014sSizeError() throws Exception {
        Path received = file("twelve bytes");

        Optional<TransferFailure> problem = FileCheck.problem(received, 13, sha256("twelve bytes"));

        assertThat(problem).map(TransferFailure::error).contains(GbError.INCORRECT_FILE_SIZE);
        assertThat(problem.get().reason())
                .startsWith("INCORRECT_FILE_SIZE (GB014): size error")
                .contains("13", "12");
        assertThat(GbError.INCORRECT_FILE_SIZE.pushStatus()).contains("INCORRECT_FILE_SIZE");
    }

    @Test
    void aFileWithAnotherChecksumIsGb015sChecksumError() throws Exception {
        Path received = file("twelve bytes");

        Optional<TransferFailure> problem = FileCheck.problem(received, 12, sha256("twelve bytez"));

        assertThat(problem).map(TransferFailure::error).contains(GbError.CHECKSUM_ERROR);
        assertThat(problem.get().reason())
                .startsWith("CHECKSUM_ERROR (GB015): checksum error")
                .contains(sha256("twelve bytez").hex(), sha256("twelve bytes").hex());
        assertThat(GbError.CHECKSUM_ERROR.pushStatus()).contains("CHECKSUM_ERROR");
        assertThat(FileCheck.problem(received, 12, sha256("twelve bytes"))).isEmpty();
    }

    @Test
    void checksumTypeNotSupportedIsMd006() {
        assertThat(GbError.CHECKSUM_TYPE_NOT_SUPPORTED.requirement()).isEqualTo("MD006");
        assertThat(GbError.CHECKSUM_TYPE_NOT_SUPPORTED.pushStatus()).contains("CHECKSUM_TYPE_NOT_SUPPORTED");
        assertThat(GbError.CHECKSUM_TYPE_NOT_SUPPORTED.httpStatus()).isEmpty();
    }

    @Test
    void compressionNotSupportedIsGb017() {
        assertThat(GbError.COMPRESSION_NOT_SUPPORTED.requirement()).isEqualTo("GB017");
        assertThat(GbError.COMPRESSION_NOT_SUPPORTED.pushStatus()).contains("COMPRESSION_NOT_SUPPORTED");
    }

    @Test
    void decompressionErrorIsGb017() {
        assertThat(GbError.DECOMPRESSION_ERROR.requirement()).isEqualTo("GB017");
        assertThat(GbError.DECOMPRESSION_ERROR.pushStatus()).contains("DECOMPRESSION_ERROR");
    }

    @Test
    void invalidMetadataIsMd001RefusedWithAnEbmsError() {
        assertThat(GbError.INVALID_METADATA.requirement()).isEqualTo("MD001");
        assertThat(GbError.INVALID_METADATA.pushStatus()).isEmpty();
        assertThat(GbError.EBMS_ERROR_CODE).isEqualTo("ValueNotRecognized");
    }

    @Test
    void unknownErrorIsTheOnlyOneNotRecoverable() {
        assertThat(GbError.UNKNOWN_ERROR.pushStatus()).contains("UNKNOWN_ERROR");
        assertThat(GbError.ofHttpStatus(500)).isEqualTo(GbError.UNKNOWN_ERROR);
        for (GbError error : GbError.values()) {
            assertThat(error.recoverable()).as(error.name()).isEqualTo(error != GbError.UNKNOWN_ERROR);
        }
    }

    @Test
    void aReasonStartsWithItsCodeAndIsReadBack() {
        for (GbError error : GbError.values()) {
            String reason = error.reason("what happened");
            assertThat(reason).startsWith(error.name() + " (" + error.requirement() + "): ");
            assertThat(GbError.ofReason(reason)).contains(error);
        }
        assertThat(GbError.ofReason("the connection broke")).isEmpty();
        assertThat(GbError.ofReason(null)).isEmpty();
    }
}
