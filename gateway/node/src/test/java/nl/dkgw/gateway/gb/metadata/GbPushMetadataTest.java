package nl.dkgw.gateway.gb.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Push requests (2020/09) against dkgw's corrected push schema: the standard's examples, round trip, refusals. */
class GbPushMetadataTest {

    private final GbPushRequestReader reader = new GbPushRequestReader();
    private final GbPushRequestWriter writer = new GbPushRequestWriter();

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = GbPushMetadataTest.class.getResourceAsStream("/nl/dkgw/gateway/gb/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheStandardsFirstExampleCorrected() throws Exception {
        PushRequest request = reader.read(resource("gb-push-example.xml"));

        assertThat(request.references()).hasSize(1);
        PushReference r = request.references().get(0);
        assertThat(r.compression()).isEqualTo(PushReference.Compression.NONE);
        assertThat(r.filename()).isEqualTo("file.pdf");
        assertThat(r.contentType()).isEqualTo("application/pdf");
        assertThat(r.checksum()).isEqualTo(new Checksum(ChecksumAlgorithm.MD5, "01234567890123456789012345678901"));
        assertThat(r.size()).isEqualTo(2048);
        assertThat(r.receiverUrl()).isEqualTo(URI.create("https://my.host.nl/files/file.pdf"));
        assertThat(r.parts()).isEmpty();
    }

    @Test
    void readsTheStandardsExampleWithZipPartsUnderTheEarlierProfile() throws Exception {
        PushReference r =
                reader.read(resource("gb-push-example-parts.xml")).references().get(0);

        assertThat(r.compression()).isEqualTo(PushReference.Compression.ZIP4J);
        assertThat(r.parts())
                .extracting(PushReference.Part::filename, PushReference.Part::size)
                .containsExactly(tuple("file.pdf.z01", 1024L), tuple("file.pdf.zip", 765L));
    }

    @Test
    void writesWhatItReadsBack() throws Exception {
        PushReference sent = PushReference.of(
                "case-archive-2026.zip",
                "application/zip",
                new Checksum(ChecksumAlgorithm.SHA256, "cd".repeat(32)),
                5_368_709_120L,
                URI.create("https://gb.rivm.example.nl:8443/gb/files/Q2x4ZW1lbnRpbmUtMTIzNDU2"));

        byte[] document = writer.write(PushRequest.of(sent));

        assertThat(new String(document, StandardCharsets.UTF_8)).contains("profile=\"digikoppeling-gb-4.0\"");
        assertThat(reader.read(document)).isEqualTo(PushRequest.of(sent));
    }

    @Test
    void refusesTheStandardsExampleAsPublishedWithCapitalisedNames() {
        byte[] published = xml("<gb:Digikoppeling-external-data-references-request profile=\"Digikoppeling-gb-4.0\" "
                + "xmlns:gb=\"http://www.logius.nl/digikoppeling/gb/2020/09\"/>");

        assertThatThrownBy(() -> reader.read(published))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not a GB push request")
                .hasMessageContaining(PushRequest.ROOT);
    }

    @Test
    void refusesLowerCaseCompressionWithTheSchemasWords() throws Exception {
        byte[] lower = new String(resource("gb-push-example.xml"), StandardCharsets.UTF_8)
                .replace(">NONE<", ">none<")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> reader.read(lower))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not valid against the Grote Berichten schema")
                .hasMessageContaining(ExternalDataReferences.PUSH_NAMESPACE)
                .hasMessageContaining("none");
    }

    @Test
    void refusesAFilenameOutsideMd007AndAPlainHttpUrl() throws Exception {
        String example = new String(resource("gb-push-example.xml"), StandardCharsets.UTF_8);

        assertThatThrownBy(() ->
                        reader.read(xml(example.replace("file.pdf</gb:filename>", "../etc/passwd</gb:filename>"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("MD007");
        assertThatThrownBy(() -> reader.read(xml(example.replace("https://my.host.nl", "http://my.host.nl"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("https");
    }
}
