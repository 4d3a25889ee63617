package nl.dkgw.gateway.security;

import static nl.dkgw.gateway.security.SecurityFixtures.B;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionCertificate;
import static nl.dkgw.gateway.security.SecurityFixtures.encryptionKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import nl.dkgw.gateway.ebms.TemporaryFileContent;
import nl.dkgw.gateway.security.SecurityFailureException.Reason;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.testkit.SeededBytes;
import org.apache.xml.security.algorithms.MessageDigestAlgorithm;
import org.apache.xml.security.encryption.EncryptedData;
import org.apache.xml.security.encryption.EncryptedKey;
import org.apache.xml.security.encryption.XMLCipher;
import org.apache.xml.security.keys.KeyInfo;
import org.apache.xml.security.utils.EncryptionConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Payload parts encrypted and decrypted as streams: any size round trips (in memory while small, through a temporary
 * file when large), tampering deletes what was decrypted, and the wire format is the one Santuario's DOM encryption
 * writes and reads.
 */
class StreamingPayloadEncryptionTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path encryptSpool;

    @TempDir
    Path decryptSpool;

    static Stream<Arguments> sizesAndAlgorithms() {
        return Stream.of(ContentEncryption.AES128_GCM, ContentEncryption.AES256_GCM, ContentEncryption.AES256_CBC)
                .flatMap(c ->
                        Stream.of(0L, 1L, 15L, 16L, 17L, 1000L, 24L * MIB + 7).map(size -> Arguments.of(c, size)));
    }

    @ParameterizedTest
    @MethodSource("sizesAndAlgorithms")
    void partsOfAnySizeRoundTripWithTheirDigest(ContentEncryption content, long size) throws Exception {
        Payload original = new Payload("part-" + size + "@dkgw.test", "application/pdf", new GeneratedContent(size, 7));
        PayloadEncryptor encryptor = new PayloadEncryptor(
                true, KeyTransport.RSA_OAEP_MGF1P, new PartSpool(encryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT));
        PayloadDecryptor decryptor =
                new PayloadDecryptor(true, new PartSpool(decryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT));

        Payload encrypted = encryptor.encrypt(original, encryptionCertificate(B), content.uri());
        Payload decrypted = decryptor.decrypt(encrypted, encryptionKey(B));

        assertThat(digest(decrypted)).isEqualTo(digest(original));
        assertThat(decrypted.size()).isEqualTo(size);
        assertThat(decrypted.contentType()).isEqualTo("application/pdf");
        boolean large = size > PartSpool.DEFAULT_IN_MEMORY_LIMIT;
        assertThat(encrypted.content())
                .isInstanceOf(large ? TemporaryFileContent.class : PayloadContent.InMemory.class);
        assertThat(decrypted.content())
                .isInstanceOf(large ? TemporaryFileContent.class : PayloadContent.InMemory.class);
        assertThat(filesIn(encryptSpool)).hasSize(large ? 1 : 0);
        assertThat(filesIn(decryptSpool)).hasSize(large ? 1 : 0);

        TemporaryFileContent.release(List.of(encrypted, decrypted));
        assertThat(filesIn(encryptSpool)).isEmpty();
        assertThat(filesIn(decryptSpool)).isEmpty();
    }

    /**
     * Proof that neither direction holds the part: by the time nine tenths of the input have been read, more than half
     * of the output is already on disk (less the sink's 64 KiB buffer). Holding the part whole (the JCA's GCM
     * decryption does) would leave the spool empty until the end.
     */
    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_CBC"})
    void largePartsStreamThroughWithoutBeingHeld(ContentEncryption content) throws Exception {
        long size = 8L * MIB;
        List<Long> seenWhileReadingPlaintext = new java.util.ArrayList<>();
        Payload original = new Payload(
                "streamed@dkgw.test",
                "application/octet-stream",
                new WatchedContent(
                        new GeneratedContent(size, 9), () -> seenWhileReadingPlaintext.add(bytesIn(encryptSpool))));
        Payload encrypted = new PayloadEncryptor(
                        true,
                        KeyTransport.RSA_OAEP_MGF1P,
                        new PartSpool(encryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT))
                .encrypt(original, encryptionCertificate(B), content.uri());
        assertThat(seenWhileReadingPlaintext)
                .singleElement()
                .satisfies(b -> assertThat(b).isGreaterThan(size / 2));

        List<Long> seenWhileReadingCiphertext = new java.util.ArrayList<>();
        Payload watched = new Payload(
                encrypted.contentId(),
                encrypted.contentType(),
                new WatchedContent(encrypted.content(), () -> seenWhileReadingCiphertext.add(bytesIn(decryptSpool))));
        Payload decrypted = new PayloadDecryptor(true, new PartSpool(decryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT))
                .decrypt(watched, encryptionKey(B));
        assertThat(seenWhileReadingCiphertext)
                .singleElement()
                .satisfies(b -> assertThat(b).isGreaterThan(size / 2));
        assertThat(digest(decrypted)).isEqualTo(digest(original));
        TemporaryFileContent.release(List.of(encrypted, decrypted));
    }

    @Test
    void aSmallPartTakesTheFilePathWhenTheLimitIsZero() throws Exception {
        Payload original = SecurityFixtures.xmlPayload("tiny", "vertrouwelijk");
        Payload encrypted = new PayloadEncryptor(false, KeyTransport.RSA_OAEP_MGF1P, new PartSpool(encryptSpool, 0))
                .encrypt(original, encryptionCertificate(B), ContentEncryption.AES128_GCM.uri());
        Payload decrypted =
                new PayloadDecryptor(false, new PartSpool(decryptSpool, 0)).decrypt(encrypted, encryptionKey(B));

        assertThat(encrypted.content()).isInstanceOf(TemporaryFileContent.class);
        assertThat(decrypted.content()).isInstanceOf(TemporaryFileContent.class);
        assertThat(decrypted.data()).isEqualTo(original.data());
        TemporaryFileContent.release(List.of(encrypted, decrypted));
        assertThat(filesIn(encryptSpool)).isEmpty();
        assertThat(filesIn(decryptSpool)).isEmpty();
    }

    /** GCM authenticates the ciphertext (CBC, compatibility mode only, does not: a flipped octet garbles a block). */
    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_GCM"})
    void aFlippedByteInTheMiddleOfALargePartIsRefusedAndLeavesNoFile(ContentEncryption content) throws Exception {
        Payload original = new Payload("big@dkgw.test", "application/octet-stream", new GeneratedContent(6L * MIB, 3));
        Payload encrypted = new PayloadEncryptor(
                        true,
                        KeyTransport.RSA_OAEP_MGF1P,
                        new PartSpool(encryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT))
                .encrypt(original, encryptionCertificate(B), content.uri());
        Path file = ((TemporaryFileContent) encrypted.content()).file();
        flipBase64CharacterAt(file, Files.size(file) / 2);

        assertThatThrownBy(
                        () -> new PayloadDecryptor(true, new PartSpool(decryptSpool, PartSpool.DEFAULT_IN_MEMORY_LIMIT))
                                .decrypt(encrypted, encryptionKey(B)))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.DECRYPTION_FAILED))
                .hasMessageContaining("payload part big@dkgw.test cannot be decrypted")
                .hasMessageContaining("changed in transit");
        assertThat(filesIn(decryptSpool)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_GCM", "AES128_CBC", "AES256_CBC"})
    void santuariosDomDecryptionReadsWhatTheStreamingEncryptorWrites(ContentEncryption content) throws Exception {
        for (Payload original : List.of(
                SecurityFixtures.xmlPayload("new-to-old", "vertrouwelijk"),
                new Payload("big@dkgw.test", "application/pdf", new GeneratedContent(3L * MIB, 11)))) {
            Payload encrypted = new PayloadEncryptor(
                            true, KeyTransport.RSA_OAEP_MGF1P, new PartSpool(encryptSpool, MIB))
                    .encrypt(original, encryptionCertificate(B), content.uri());

            XMLCipher cipher = XMLCipher.getInstance();
            cipher.setSecureValidation(true);
            cipher.init(XMLCipher.DECRYPT_MODE, null);
            cipher.setKEK(encryptionKey(B).privateKey());
            Element data = SafeXml.parse(encrypted.data()).getDocumentElement();
            byte[] plaintext = cipher.decryptToByteArray(data);

            assertThat(sha256(plaintext)).isEqualTo(digest(original));
            assertThat(data.getAttribute("MimeType")).isEqualTo(original.contentType());
            TemporaryFileContent.release(List.of(encrypted));
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = ContentEncryption.class,
            names = {"AES128_GCM", "AES256_GCM", "AES128_CBC", "AES256_CBC"})
    void theStreamingDecryptorReadsWhatSantuariosDomEncryptionWrites(ContentEncryption content) throws Exception {
        for (Payload original : List.of(
                SecurityFixtures.binaryPayload("old-to-new"),
                new Payload("big@dkgw.test", "application/pdf", new GeneratedContent(3L * MIB, 5)))) {
            Payload encrypted = santuarioEncrypted(original, content, KeyTransport.RSA_OAEP_MGF1P);

            Payload decrypted =
                    new PayloadDecryptor(true, new PartSpool(decryptSpool, MIB)).decrypt(encrypted, encryptionKey(B));

            assertThat(digest(decrypted)).isEqualTo(digest(original));
            assertThat(decrypted.contentType()).isEqualTo(original.contentType());
            TemporaryFileContent.release(List.of(decrypted));
        }
    }

    /**
     * The same part encrypted both ways differs only in the random octets: with every base64 character of the cipher
     * values masked, the documents are identical, down to the line breaks ({@code &#13;} and LF every 76 characters)
     * and the ds:KeyInfo's whitespace.
     */
    @ParameterizedTest
    @EnumSource(
            value = KeyTransport.class,
            names = {"RSA_OAEP_MGF1P", "RSA_OAEP"})
    void theStreamingEncryptorWritesTheBytesSantuarioWritesButForTheRandomOctets(KeyTransport transport)
            throws Exception {
        for (long size : new long[] {0, 1, 56, 57, 58, 1000, 200_000}) {
            Payload original = new Payload("layout-" + size + "@dkgw.test", "text/xml", new GeneratedContent(size, 1));
            Payload streamed = new PayloadEncryptor(false, transport)
                    .encrypt(original, encryptionCertificate(B), ContentEncryption.AES128_GCM, transport);
            Payload santuario = santuarioEncrypted(original, ContentEncryption.AES128_GCM, transport);

            assertThat(masked(streamed)).as("size %d", size).isEqualTo(masked(santuario));
        }
    }

    @Test
    void aDoctypeIsRefusedAsBefore() {
        Payload doctype = new Payload(
                "dtd@dkgw.test",
                "application/xml",
                ("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]>"
                                + "<xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/>")
                        .getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new PayloadDecryptor().decrypt(doctype, encryptionKey(B)))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.NOT_ENCRYPTED));
    }

    @Test
    void aCipherReferenceToDataElsewhereIsRefused() throws Exception {
        Payload encrypted = new PayloadEncryptor()
                .encrypt(
                        SecurityFixtures.xmlPayload("ref", "vertrouwelijk"),
                        encryptionCertificate(B),
                        ContentEncryption.AES128_GCM.uri());
        String xml = new String(encrypted.data(), StandardCharsets.UTF_8);
        int value = xml.lastIndexOf("<xenc:CipherValue>");
        String referring = xml.substring(0, value)
                + "<xenc:CipherReference URI=\"http://elders.example/deel\"/></xenc:CipherData></xenc:EncryptedData>";
        Payload reference =
                new Payload(encrypted.contentId(), encrypted.contentType(), referring.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> new PayloadDecryptor().decrypt(reference, encryptionKey(B)))
                .isInstanceOf(SecurityFailureException.class)
                .satisfies(
                        e -> assertThat(((SecurityFailureException) e).reason()).isEqualTo(Reason.DECRYPTION_FAILED))
                .hasMessageContaining("CipherReference");
    }

    /** The encryption the gateway did before it streamed: Santuario's encryptData over the whole part. */
    private static Payload santuarioEncrypted(Payload p, ContentEncryption content, KeyTransport transport)
            throws Exception {
        Santuario.init();
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(content.keyBits());
        SecretKey key = generator.generateKey();
        Document doc = SafeXml.newDocument();
        EncryptedKey encryptedKey;
        if (transport == KeyTransport.RSA_OAEP) {
            XMLCipher keyCipher =
                    XMLCipher.getInstance(transport.uri(), null, MessageDigestAlgorithm.ALGO_ID_DIGEST_SHA256);
            keyCipher.init(XMLCipher.WRAP_MODE, encryptionCertificate(B).getPublicKey());
            encryptedKey = keyCipher.encryptKey(doc, key, EncryptionConstants.MGF1_SHA256, null);
        } else {
            XMLCipher keyCipher = XMLCipher.getInstance(transport.uri());
            keyCipher.init(XMLCipher.WRAP_MODE, encryptionCertificate(B).getPublicKey());
            encryptedKey = keyCipher.encryptKey(doc, key);
        }
        KeyInfo recipient = new KeyInfo(doc);
        recipient.addKeyName(encryptionCertificate(B).getSubjectX500Principal().toString());
        encryptedKey.setKeyInfo(recipient);
        XMLCipher cipher = XMLCipher.getInstance(content.uri());
        cipher.init(XMLCipher.ENCRYPT_MODE, key);
        EncryptedData data = cipher.getEncryptedData();
        KeyInfo keyInfo = new KeyInfo(doc);
        keyInfo.add(encryptedKey);
        data.setKeyInfo(keyInfo);
        data.setId(p.contentId());
        data.setMimeType(p.contentType());
        try (InputStream in = p.open()) {
            data = cipher.encryptData(doc, EncryptedPart.TYPE_ELEMENT, new ByteArrayInputStream(in.readAllBytes()));
        }
        doc.appendChild(cipher.martial(doc, data));
        return new Payload(p.contentId(), EncryptedPart.CONTENT_TYPE, SafeXml.serialize(doc));
    }

    private static String masked(Payload encrypted) {
        String xml = new String(encrypted.data(), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int start = xml.indexOf("<xenc:CipherValue>", at);
            if (start < 0) {
                return out.append(xml.substring(at)).toString();
            }
            start += "<xenc:CipherValue>".length();
            int end = xml.indexOf("</xenc:CipherValue>", start);
            out.append(xml, at, start)
                    .append(xml.substring(start, end).replace("&#13;", "\r").replaceAll("[A-Za-z0-9+/=]", "x"));
            at = end;
        }
    }

    /** Replaces the base64 character at or after {@code position} with another one. */
    private static void flipBase64CharacterAt(Path file, long position) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            for (long p = position; ; p++) {
                f.seek(p);
                int c = f.read();
                if (Character.isLetter(c)) {
                    f.seek(p);
                    f.write(c == 'A' ? 'B' : 'A');
                    return;
                }
            }
        }
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static String digest(Payload payload) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = payload.open()) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static long bytesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Content whose stream calls {@code atNineTenths} once, when nine tenths of it have been read. */
    private record WatchedContent(PayloadContent content, Runnable atNineTenths) implements PayloadContent {
        @Override
        public InputStream open() throws IOException {
            long mark = content.length() / 10 * 9;
            return new java.io.FilterInputStream(content.open()) {
                private long read;
                private boolean called;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    count(b == -1 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    count(Math.max(n, 0));
                    return n;
                }

                private void count(int n) {
                    read += n;
                    if (!called && read >= mark) {
                        called = true;
                        atNineTenths.run();
                    }
                }
            };
        }

        @Override
        public long length() {
            return content.length();
        }
    }

    /** Pseudo-random octets of a given length, made as they are read: a large part that is never held. */
    private record GeneratedContent(long length, long seed) implements PayloadContent {
        @Override
        public InputStream open() {
            return new SeededBytes(length, seed).open();
        }
    }
}
