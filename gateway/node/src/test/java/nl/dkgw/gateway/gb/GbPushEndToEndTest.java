package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import nl.dkgw.cpa.Profile;
import nl.dkgw.cpa.SyncReplyMode;
import nl.dkgw.gateway.Gateway;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageRoute;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.GbPushRequestReader;
import nl.dkgw.gateway.gb.metadata.GbPushRequestWriter;
import nl.dkgw.gateway.gb.metadata.PushReference;
import nl.dkgw.gateway.gb.metadata.PushRequest;
import nl.dkgw.gateway.gb.push.ZipArchives;
import nl.dkgw.testkit.Slow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grote Berichten push (2020/09) between two real nodes over mutual TLS on loopback: node A (the consumer, {@code
 * gb.mode: push}) uploads its file with {@code PUT} to node B's file endpoint and then sends a push request; node B
 * takes the upload, verifies it and offers the message once. Uploads from a party without a CPA with B are refused
 * 403; a push request whose checksum is not the upload's, or that names a file never uploaded, ends the transfer
 * FAILED with the standard's code; a push request that names no file on B's endpoint refuses its message with an
 * ebMS error. A ZIP upload and the parts of a split ZIP (GB017) are checked, joined, unpacked and delivered once; an
 * upload that is no ZIP is a DECOMPRESSION_ERROR, a part never uploaded a FILE_NOT_FOUND after the file lifetime. The
 * mode follows {@code gb.mode-by-cpa}; an upload the receiver refuses is refused to the submitter, its file removed.
 */
@Slow
class GbPushEndToEndTest {

    private static final long SIZE = 8L * 1024 * 1024 + 4_321;
    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aPushedFileArrivesOnceWithTheRightChecksumAndOnlyPeersMayPush() throws Exception {
        try (LocalChain chain = chain()) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(20, SIZE),
                            "registrations-2026-11.xml",
                            "application/xml"));
            assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
            String messageId = ((SubmitResult.Accepted) result).message().messageId();
            awaitAcknowledged(chain.consumer(), messageId);

            Gateway receiver = chain.provider();
            MessageRoute route = MessageRoute.cpa(cpaId);
            List<MessageSummary> claimed = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                claimed.addAll(receiver.inbound().claim(route, 10, LEASE));
                return !claimed.isEmpty();
            });
            assertThat(claimed).extracting(MessageSummary::messageId).containsExactly(messageId);
            long pk = claimed.get(0).pk();
            List<ReceivedFile> files = receiver.largeFiles().files(pk);
            assertThat(files).hasSize(1);
            ReceivedFile file = files.get(0);
            String expected = GeneratedStream.sha256(20, SIZE);
            assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
            assertThat(file.filename()).isEqualTo("registrations-2026-11.xml");
            assertThat(file.checksum()).isEqualTo("SHA256:" + expected);
            assertThat(GeneratedStream.sha256(receiver.largeFiles().open(file))).isEqualTo(expected);

            // the message carried a push request naming the upload on the provider's own ebMS port
            PushRequest request = new GbPushRequestReader()
                    .read(receiver.inbound()
                            .fetch(pk)
                            .orElseThrow()
                            .payloads()
                            .get(0)
                            .data());
            URI url = request.references().get(0).receiverUrl();
            assertThat(url.toString()).startsWith("https://localhost:" + receiver.ebmsPort() + "/gb/files/");

            // the provider's own certificate is valid, but no party it has a CPA with: 403 with the standard's code
            HttpResponse<String> refused = put(chain, LocalChain.PROVIDER.name(), url, "not for you");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).startsWith("NOT_AUTHORISED (GB010)");

            assertThat(receiver.inbound().complete(pk)).isTrue();
            assertThat(receiver.inbound().claim(route, 10, LEASE)).isEmpty();
        }
    }

    @Test
    void aSingleSendCanPushFromANodeThatPullsByDefault() throws Exception {
        UnaryOperator<GatewayConfig> pull = c -> c.withGb(GatewayConfig.Gb.on());
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, pull, h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                                    cpaId,
                                    LocalChain.serviceName(Profile.OSB_RM),
                                    LocalChain.TO_PROVIDER,
                                    new GeneratedStream(21, 1024 * 1024),
                                    "one-off.bin",
                                    "application/octet-stream")
                            .withMode(FileSubmission.Mode.PUSH));
            String messageId = ((SubmitResult.Accepted) result).message().messageId();
            awaitAcknowledged(chain.consumer(), messageId);

            Gateway receiver = chain.provider();
            MessageRoute route = MessageRoute.cpa(cpaId);
            List<MessageSummary> claimed = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                claimed.addAll(receiver.inbound().claim(route, 10, LEASE));
                return !claimed.isEmpty();
            });
            long pk = claimed.get(0).pk();
            // a push request, not pull metadata: the reader of the push namespace takes it
            assertThat(new GbPushRequestReader()
                            .read(receiver.inbound()
                                    .fetch(pk)
                                    .orElseThrow()
                                    .payloads()
                                    .get(0)
                                    .data())
                            .references())
                    .hasSize(1);
            ReceivedFile file = receiver.largeFiles().files(pk).get(0);
            assertThat(GeneratedStream.sha256(receiver.largeFiles().open(file)))
                    .isEqualTo(GeneratedStream.sha256(21, 1024 * 1024));
        }
    }

    @Test
    void aPushRequestWhoseChecksumIsNotTheUploadsFailsWithChecksumError() throws Exception {
        try (LocalChain chain = chain()) {
            URI url = pushUrl(chain, "mismatch.bin");
            assertThat(put(chain, LocalChain.CONSUMER.name(), url, "the bytes that were uploaded")
                            .statusCode())
                    .isEqualTo(201);
            Checksum other = Checksum.sha256(new byte[32]);

            ReceivedFile file = announceAndAwaitEnd(chain, url, "the bytes that were uploaded".length(), other);

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.FAILED);
            assertThat(file.failure()).startsWith("CHECKSUM_ERROR (GB015)").contains(other.toString());
            assertThat(file.path()).isNull();
        }
    }

    @Test
    void aPushRequestForAFileNeverUploadedFailsWithFileNotFound() throws Exception {
        try (LocalChain chain = chain()) {
            ReceivedFile file =
                    announceAndAwaitEnd(chain, pushUrl(chain, "never-uploaded.bin"), 10, Checksum.sha256(new byte[32]));

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.FAILED);
            assertThat(file.failure()).startsWith("FILE_NOT_FOUND (MD002)").contains("never-uploaded.bin");
        }
    }

    @Test
    void aZippedUploadIsUnpackedVerifiedAndDeliveredOnce() throws Exception {
        try (LocalChain chain = chain()) {
            byte[] content = content(300_000, 1);
            URI url = pushUrl(chain, "export.zip");
            assertThat(put(chain, LocalChain.CONSUMER.name(), url, ZipArchives.of("export.xml", content))
                            .statusCode())
                    .isEqualTo(201);
            PushReference zipped = new PushReference(
                    null,
                    PushReference.Compression.ZIP4J,
                    "export.xml",
                    "application/xml",
                    sha256(content),
                    content.length,
                    url,
                    List.of());

            ReceivedFile file = announceAndAwaitEnd(chain, PushRequest.of(zipped), true);

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
            assertThat(file.size()).isEqualTo(content.length);
            assertThat(chain.provider().largeFiles().open(file).readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void thePartsOfASplitZipAreCheckedJoinedUnpackedAndDeliveredOnce() throws Exception {
        try (LocalChain chain = chain()) {
            byte[] content = content(700_000, 2);
            List<byte[]> volumes = ZipArchives.split(ZipArchives.of("backlog.bin", content), 256 * 1024);
            assertThat(volumes).hasSizeGreaterThan(2);
            List<PushReference.Part> parts = new ArrayList<>();
            for (int i = 0; i < volumes.size(); i++) {
                String name = i == volumes.size() - 1 ? "backlog.bin.zip" : String.format("backlog.bin.z%02d", i + 1);
                byte[] volume = volumes.get(i);
                assertThat(put(chain, LocalChain.CONSUMER.name(), pushUrl(chain, name), volume)
                                .statusCode())
                        .isEqualTo(201);
                parts.add(new PushReference.Part(name, sha256(volume), volume.length));
            }
            PushReference split = new PushReference(
                    null,
                    PushReference.Compression.ZIP4J,
                    "backlog.bin",
                    "application/octet-stream",
                    sha256(content),
                    content.length,
                    pushUrl(chain, ""),
                    parts);

            ReceivedFile file = announceAndAwaitEnd(chain, PushRequest.of(split), true);

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
            assertThat(chain.provider().largeFiles().open(file).readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void anUploadThatIsNoZipFailsWithDecompressionError() throws Exception {
        try (LocalChain chain = chain()) {
            URI url = pushUrl(chain, "broken.zip");
            put(chain, LocalChain.CONSUMER.name(), url, content(10_000, 3));
            PushReference zipped = new PushReference(
                    null,
                    PushReference.Compression.ZIP4J,
                    "broken.bin",
                    "application/octet-stream",
                    Checksum.sha256(new byte[32]),
                    10_000,
                    url,
                    List.of());

            ReceivedFile file = announceAndAwaitEnd(chain, PushRequest.of(zipped), false);

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.FAILED);
            assertThat(file.failure()).startsWith("DECOMPRESSION_ERROR (GB017)");
        }
    }

    @Test
    void aPartNeverUploadedFailsTheFileWithFileNotFoundOnceTheLifetimeHasPassed() throws Exception {
        UnaryOperator<GatewayConfig> shortLived = c ->
                c.withGb(GatewayConfig.Gb.on().withMode(GatewayConfig.Gb.PUSH).withFileLifetime(Duration.ofSeconds(2)));
        try (LocalChain chain = LocalChain.start(
                dir,
                Map.of(),
                Duration.ofSeconds(2),
                List.of(Profile.OSB_RM),
                SyncReplyMode.NONE,
                shortLived,
                h -> h)) {
            byte[] first = content(1000, 4);
            put(chain, LocalChain.CONSUMER.name(), pushUrl(chain, "late.z01"), first);
            PushReference split = new PushReference(
                    null,
                    PushReference.Compression.ZIP4J,
                    "late.bin",
                    "application/octet-stream",
                    Checksum.sha256(new byte[32]),
                    5000,
                    pushUrl(chain, ""),
                    List.of(
                            new PushReference.Part("late.z01", sha256(first), first.length),
                            new PushReference.Part("late.zip", Checksum.sha256(new byte[32]), 10)));

            ReceivedFile file = announceAndAwaitEnd(chain, PushRequest.of(split), false);

            assertThat(file.status()).isEqualTo(ReceivedFile.Status.FAILED);
            assertThat(file.failure())
                    .startsWith("FILE_NOT_FOUND (MD002)")
                    .contains("late.zip")
                    .contains("within the file lifetime");
        }
    }

    @Test
    void aPushRequestNamingNoFileOnThisEndpointIsRefusedWithAnEbmsErrorNamingTheCode() throws Exception {
        try (LocalChain chain = chain()) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            URI elsewhere = URI.create("https://localhost:" + chain.provider().ebmsPort() + "/elsewhere/a.bin");

            String messageId = submit(
                    chain, new GbPushRequestWriter().write(request(elsewhere, 10, Checksum.sha256(new byte[32]))));

            await().atMost(Duration.ofMinutes(1))
                    .until(() -> status(chain.consumer(), messageId) == MessageSummary.Status.FAILED);
            assertThat(chain.consumer()
                            .messages()
                            .report(messageId)
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("FILE_NOT_FOUND (MD002)");
            assertThat(chain.provider().inbound().received(MessageRoute.cpa(cpaId), null, 10))
                    .isEmpty();
        }
    }

    @Test
    void aCpaConfiguredForPushPushesOnANodeThatPullsByDefault() throws Exception {
        UnaryOperator<GatewayConfig> pull = c -> c.withGb(GatewayConfig.Gb.on());
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, pull, h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            chain.restart(
                    LocalChain.CONSUMER.name(),
                    c -> c.withGb(GatewayConfig.Gb.on().withModeFor(cpaId, GatewayConfig.Gb.PUSH)));

            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(22, 100_000),
                            "per-cpa.bin",
                            "application/octet-stream"));
            String messageId = ((SubmitResult.Accepted) result).message().messageId();
            awaitAcknowledged(chain.consumer(), messageId);

            long pk = chain.provider()
                    .inbound()
                    .received(MessageRoute.cpa(cpaId), null, 10)
                    .get(0)
                    .pk();
            // a push request (the push reader refuses anything else), and the pushed file arrived
            assertThat(new GbPushRequestReader()
                            .read(chain.provider()
                                    .inbound()
                                    .fetch(pk)
                                    .orElseThrow()
                                    .payloads()
                                    .get(0)
                                    .data())
                            .references())
                    .hasSize(1);
            await().atMost(Duration.ofMinutes(1))
                    .until(() ->
                            chain.provider().largeFiles().files(pk).get(0).status() == ReceivedFile.Status.COMPLETED);
        }
    }

    @Test
    void anUploadTheReceiverRefusesIsRefusedWithItsCodeAndTheFileIsNotKept() throws Exception {
        try (LocalChain chain = chain()) {
            // the provider restarted with GB off: its ebMS connector has no file endpoint, a PUT there is 404
            chain.restart(LocalChain.PROVIDER.name(), c -> c);

            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            chain.cpaId(Profile.OSB_RM),
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(23, 100_000),
                            "refused.bin",
                            "application/octet-stream"));

            assertThat(result).isInstanceOf(SubmitResult.Refused.class);
            SubmitResult.Refused refused = (SubmitResult.Refused) result;
            assertThat(refused.reason()).isEqualTo(SubmissionFailure.UPLOAD_REFUSED);
            assertThat(refused.detail()).contains("FILE_NOT_FOUND (MD002)").contains("HTTP 404");
            try (Stream<Path> stored = Files.walk(dir)) {
                assertThat(stored.filter(Files::isRegularFile)
                                .filter(p -> p.toString().contains("gb/outgoing")))
                        .isEmpty();
            }
        }
    }

    @Test
    void aFileAnnouncedLargerThanTheNodeTakesRefusesItsMessagePushedOrPulled() throws Exception {
        UnaryOperator<GatewayConfig> small = c ->
                c.withGb(GatewayConfig.Gb.on().withMode(GatewayConfig.Gb.PUSH).withMaxFileSize(1000));
        try (LocalChain chain = LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, small, h -> h)) {
            String messageId = submit(
                    chain,
                    new GbPushRequestWriter()
                            .write(request(pushUrl(chain, "huge.bin"), 1001, Checksum.sha256(new byte[32]))));

            await().atMost(Duration.ofMinutes(1))
                    .until(() -> status(chain.consumer(), messageId) == MessageSummary.Status.FAILED);
            assertThat(chain.consumer()
                            .messages()
                            .report(messageId)
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("INCORRECT_FILE_SIZE (GB014)")
                    .contains("gb.max-file-size");

            // pull metadata too: the standard's example announcing 1001 bytes
            byte[] pull;
            try (InputStream in = getClass().getResourceAsStream("gb-pull-example.xml")) {
                pull = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("<tns:size>0</tns:size>", "<tns:size>1001</tns:size>")
                        .getBytes(StandardCharsets.UTF_8);
            }
            String pulled = submit(chain, pull);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> status(chain.consumer(), pulled) == MessageSummary.Status.FAILED);
            assertThat(chain.consumer()
                            .messages()
                            .report(pulled)
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("INCORRECT_FILE_SIZE (GB014)");
        }
    }

    private LocalChain chain() throws Exception {
        UnaryOperator<GatewayConfig> push =
                c -> c.withGb(GatewayConfig.Gb.on().withDownloadAttempts(2).withMode(GatewayConfig.Gb.PUSH));
        return LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, push, h -> h);
    }

    private static URI pushUrl(LocalChain chain, String name) {
        return URI.create("https://localhost:" + chain.provider().ebmsPort() + "/gb/files/" + name);
    }

    private static PushRequest request(URI url, long size, Checksum checksum) {
        String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
        return PushRequest.of(PushReference.of(name, "application/octet-stream", checksum, size, url));
    }

    /** Sends a push request the way another implementation might, and waits for the provider's transfer to end. */
    private static ReceivedFile announceAndAwaitEnd(LocalChain chain, URI url, long size, Checksum checksum)
            throws Exception {
        return announceAndAwaitEnd(chain, request(url, size, checksum), false);
    }

    /**
     * As {@link #announceAndAwaitEnd(LocalChain, URI, long, Checksum)} for any push request; {@code offered}: whether
     * the provider then offers the message (exactly once), which it does only when its files arrived.
     */
    private static ReceivedFile announceAndAwaitEnd(LocalChain chain, PushRequest request, boolean offered)
            throws Exception {
        String messageId = submit(chain, new GbPushRequestWriter().write(request));
        awaitAcknowledged(chain.consumer(), messageId);
        Gateway receiver = chain.provider();
        MessageRoute route = MessageRoute.cpa(chain.cpaId(Profile.OSB_RM));
        long pk = receiver.inbound().received(route, null, 10).get(0).pk();
        await().atMost(Duration.ofMinutes(1))
                .until(() -> receiver.largeFiles().files(pk).get(0).status() != ReceivedFile.Status.DOWNLOADING);
        if (offered) {
            List<MessageSummary> claimed = new ArrayList<>();
            await().atMost(Duration.ofMinutes(1)).until(() -> {
                claimed.addAll(receiver.inbound().claim(route, 10, LEASE));
                return !claimed.isEmpty();
            });
            assertThat(claimed).extracting(MessageSummary::messageId).containsExactly(messageId);
            assertThat(receiver.inbound().complete(pk)).isTrue();
        }
        assertThat(receiver.inbound().claim(route, 10, LEASE)).isEmpty();
        return receiver.largeFiles().files(pk).get(0);
    }

    private static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Checksum sha256(byte[] data) throws Exception {
        return Checksum.sha256(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String submit(LocalChain chain, byte[] pushRequest) throws Exception {
        SubmitResult result = chain.consumer()
                .messages()
                .submit(Submission.of(
                        chain.cpaId(Profile.OSB_RM),
                        LocalChain.serviceName(Profile.OSB_RM),
                        LocalChain.TO_PROVIDER,
                        Submission.Part.of("application/xml", pushRequest)));
        return ((SubmitResult.Accepted) result).message().messageId();
    }

    private static HttpResponse<String> put(LocalChain chain, String party, URI url, String body) throws Exception {
        return put(chain, party, url, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A PUT of {@code body} to {@code url} with the TLS client certificate of {@code party}. */
    private static HttpResponse<String> put(LocalChain chain, String party, URI url, byte[] body) throws Exception {
        KeyStore key = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(chain.pki().tlsClient(party))) {
            key.load(in, chain.pki().password());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(chain.pki().trustStore())) {
            trust.load(in, chain.pki().password());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(key, chain.pki().password());
        TrustManagerFactory trusted = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trusted.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trusted.getTrustManagers(), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).build();
        return client.send(
                HttpRequest.newBuilder(url)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static MessageSummary.Status status(Gateway sender, String messageId) {
        return sender.messages()
                .report(messageId)
                .map(MessageReport::message)
                .map(MessageSummary::status)
                .orElse(null);
    }

    private static void awaitAcknowledged(Gateway sender, String messageId) {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> status(sender, messageId) == MessageSummary.Status.ACKNOWLEDGED);
    }
}
