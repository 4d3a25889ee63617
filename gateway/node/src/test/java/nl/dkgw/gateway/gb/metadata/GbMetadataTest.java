package nl.dkgw.gateway.gb.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and writing GB pull metadata against the published schema, and what is refused with which words. */
class GbMetadataTest {

    private final GbMetadataReader reader = new GbMetadataReader();
    private final GbMetadataWriter writer = new GbMetadataWriter();

    private static final DataReference EXPORT = new DataReference(
            "case-2026-118",
            Instant.parse("2026-12-02T10:00:00Z"),
            Instant.parse("2026-12-09T10:00:00Z"),
            "vaccinations-2026-11.xml",
            "application/xml",
            new Checksum(ChecksumAlgorithm.SHA256, "AB".repeat(32)),
            3_221_225_472L,
            FileLocation.sender(URI.create("https://gb.ggd.example.nl/gb/files/Q2x4ZW1lbnRpbmUtMTIzNDU2")));

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = GbMetadataTest.class.getResourceAsStream("/nl/dkgw/gateway/gb/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] xml(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheStandardsOwnExample() throws Exception {
        ExternalDataReferences metadata = reader.read(resource("gb-pull-example.xml"));

        assertThat(metadata.references()).hasSize(1);
        DataReference r = metadata.references().get(0);
        assertThat(r.contextId()).isEqualTo("12345");
        assertThat(r.creationTime()).isEqualTo(Instant.parse("2001-12-31T12:00:00Z"));
        assertThat(r.expirationTime()).isEqualTo(Instant.parse("2001-12-31T12:00:00Z"));
        assertThat(r.filename()).isEqualTo("NCName");
        assertThat(r.contentType()).isEqualTo("application/xml");
        assertThat(r.checksum()).isEqualTo(new Checksum(ChecksumAlgorithm.MD5, "0123456789abcdef0123456789abcdef"));
        assertThat(r.size()).isZero();
        assertThat(r.location()).isEqualTo(FileLocation.sender(URI.create("https://any.url/any.name")));
    }

    @Test
    void writesWhatItReadsBackAndOnlyTheSchemasElements() throws Exception {
        DataReference minimal = new DataReference(
                null,
                null,
                null,
                "b.bin",
                "application/octet-stream",
                new Checksum(ChecksumAlgorithm.SHA512, "0".repeat(128)),
                0,
                FileLocation.sender(URI.create("https://gb.example.nl/f/x")));
        ExternalDataReferences metadata = new ExternalDataReferences(List.of(EXPORT, minimal));

        byte[] written = writer.write(metadata);

        assertThat(reader.read(written))
                .isEqualTo(new ExternalDataReferences(List.of(
                        new DataReference(
                                EXPORT.contextId(),
                                EXPORT.creationTime(),
                                EXPORT.expirationTime(),
                                EXPORT.filename(),
                                EXPORT.contentType(),
                                EXPORT.checksum(),
                                EXPORT.size(),
                                EXPORT.location()),
                        minimal)));
        String text = new String(written, StandardCharsets.UTF_8);
        assertThat(text)
                .contains("xmlns:gb=\"" + ExternalDataReferences.NAMESPACE + "\"")
                .contains("profile=\"digikoppeling-gb-1.0\"")
                .contains("type=\"SHA256\"")
                .contains("<gb:size>3221225472</gb:size>")
                .contains("type=\"xs:anyURI\"");
    }

    @Test
    void refusesDocumentsOfAnotherNamespaceSayingWhichWasExpected() {
        assertThatThrownBy(() -> reader.read(xml("<x:digikoppeling-external-data-references xmlns:x=\"urn:other\"/>")))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not GB metadata")
                .hasMessageContaining("urn:other")
                .hasMessageContaining(ExternalDataReferences.NAMESPACE);
    }

    @Test
    void refusesPushMetadataAsNotPullMetadata() {
        assertThatThrownBy(() -> reader.read(xml("<gb:digikoppeling-external-data-references-request "
                        + "xmlns:gb=\"http://www.logius.nl/digikoppeling/gb/2020/09\"/>")))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("push")
                .hasMessageContaining("not pull metadata");
    }

    @Test
    void refusesMalformedXml() {
        assertThatThrownBy(() -> reader.read(xml("<gb:digikoppeling-external-data-references")))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not well-formed");
    }

    @Test
    void refusesADoctypeAsHostileInput() {
        assertThatThrownBy(() -> reader.read(xml("<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                        + "<gb:digikoppeling-external-data-references xmlns:gb=\"" + ExternalDataReferences.NAMESPACE
                        + "\">&e;</gb:digikoppeling-external-data-references>")))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not well-formed");
    }

    @Test
    void refusesMetadataTheSchemaRefusesNamingTheProblem() throws Exception {
        String withoutSize = new String(resource("gb-pull-example.xml"), StandardCharsets.UTF_8)
                .replace("<tns:size>0</tns:size>", "");
        assertThatThrownBy(() -> reader.read(xml(withoutSize)))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("not valid against the Grote Berichten schema")
                .hasMessageContaining("size");

        String unknownChecksumType = new String(resource("gb-pull-example.xml"), StandardCharsets.UTF_8)
                .replace("type=\"MD5\"", "type=\"CRC32\"");
        assertThatThrownBy(() -> reader.read(xml(unknownChecksumType)))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("CRC32");

        String empty = "<gb:digikoppeling-external-data-references xmlns:gb=\"" + ExternalDataReferences.NAMESPACE
                + "\" profile=\"digikoppeling-gb-1.0\"/>";
        assertThatThrownBy(() -> reader.read(xml(empty)))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("data-reference");
    }

    @Test
    void refusesWhatTheSchemaAllowsButTheStandardDoesNot() throws Exception {
        String example = new String(resource("gb-pull-example.xml"), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(xml(example.replace("0123456789abcdef0123456789abcdef", "0123"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("32 hexadecimal digits");
        assertThatThrownBy(() -> reader.read(xml(example.replace("https://any.url/any.name", "http://any.url/x"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("https");
        assertThatThrownBy(() -> reader.read(xml(example.replace(">NCName<", ">" + "n".repeat(201) + "<"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("200");
        assertThatThrownBy(() -> reader.read(xml(example.replace("<tns:size>0<", "<tns:size>18446744073709551615<"))))
                .isInstanceOf(GbMetadataException.class)
                .hasMessageContaining("larger than dkgw can handle");
    }

    @Test
    void theModelRefusesAFilenameTheStandardForbids() {
        assertThatThrownBy(() -> new DataReference(
                        null, null, null, "../etc/passwd", "text/plain", EXPORT.checksum(), 1, EXPORT.location()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MD007");
    }
}
