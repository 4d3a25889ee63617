package nl.dkgw.gateway.gb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import nl.dkgw.gateway.api.SentFile;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.demo.LocalChain;
import nl.dkgw.gateway.gb.metadata.GbMetadataReader;
import nl.dkgw.testkit.Slow;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grote Berichten between two real nodes over mutual TLS on loopback: node A (the consumer) sends a file through its
 * file endpoint and a reliable metadata message; node B (the provider) downloads it with its own client certificate,
 * verifies it, and only then offers the message to the application, once. The sender removes the file as soon as
 * every byte of it went to the receiver, or once its metadata message failed.
 */
@Slow
class GbEndToEndTest {

    private static final long SIZE = 32L * 1024 * 1024 + 12_345;
    private static final Duration LEASE = Duration.ofMinutes(1);

    @TempDir
    Path dir;

    @Test
    void aLargeFileGoesFromOneNodeToTheOtherAndIsOfferedOnceWithTheRightChecksum() throws Exception {
        try (LocalChain chain = chain(c -> c.withGb(GatewayConfig.Gb.on().withKeepAfterFetch(Duration.ZERO)), h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(16, SIZE),
                            "export-2026.csv",
                            "text/csv"));
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
            assertThat(claimed).hasSize(1);
            MessageSummary message = claimed.get(0);
            assertThat(message.messageId()).isEqualTo(messageId);

            List<ReceivedFile> files = receiver.largeFiles().files(message.pk());
            assertThat(files).hasSize(1);
            ReceivedFile file = files.get(0);
            String expected = GeneratedStream.sha256(16, SIZE);
            assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
            assertThat(file.filename()).isEqualTo("export-2026.csv");
            assertThat(file.contentType()).isEqualTo("text/csv");
            assertThat(file.size()).isEqualTo(SIZE);
            assertThat(file.checksum()).isEqualTo("SHA256:" + expected);
            assertThat(Files.size(file.path())).isEqualTo(SIZE);
            assertThat(GeneratedStream.sha256(receiver.largeFiles().open(file))).isEqualTo(expected);
            assertThat(receiver.metrics().scrape()).contains("dkgw_gb_transfers_total{outcome=\"completed\"} 1.0");

            // on the sender's ebMS port the file is the receiver's only: the sender's own (valid) certificate gets 403
            URI url = new GbMetadataReader()
                    .read(receiver.inbound()
                            .fetch(message.pk())
                            .orElseThrow()
                            .payloads()
                            .get(0)
                            .data())
                    .references()
                    .get(0)
                    .location()
                    .url();
            assertThat(url.toString())
                    .startsWith("https://127.0.0.1:" + chain.consumer().ebmsPort() + "/gb/files/");

            // the receiver fetched every byte and gb.keep-after-fetch is zero: the sender removes the file at once,
            // and says so in its own view
            long sentPk = ((SubmitResult.Accepted) result).message().pk();
            await().atMost(Duration.ofMinutes(1))
                    .until(() ->
                            chain.consumer().largeFiles().sent(sentPk).get(0).removedAt() != null);
            SentFile offered = chain.consumer().largeFiles().sent(sentPk).get(0);
            assertThat(offered.filename()).isEqualTo("export-2026.csv");
            assertThat(offered.bytesServed()).isEqualTo(SIZE);
            assertThat(offered.fetchedCompletely()).isTrue();
            assertThat(offered.removedReason()).isEqualTo("fetched");
            assertThat(offered.checksum()).isEqualTo("SHA256:" + expected);
            assertThat(storedFiles(chain)).isEmpty();
            assertThat(chain.consumer().metrics().scrape()).contains("dkgw_gb_stored_bytes 0.0");
            assertThat(head(chain, LocalChain.PROVIDER.name(), url)).isEqualTo(404);
            // to anyone else the file's URL is still forbidden rather than unknown
            assertThat(head(chain, LocalChain.CONSUMER.name(), url)).isEqualTo(403);

            // delivered once: completed, it is never offered again
            assertThat(receiver.inbound().complete(message.pk())).isTrue();
            assertThat(receiver.inbound().claim(route, 10, LEASE)).isEmpty();
        }
    }

    @Test
    void aFileWhoseChecksumDoesNotMatchIsReportedFailedAndTheMessageIsNeverOffered() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        try (LocalChain chain =
                chain(c -> c.withGb(GatewayConfig.Gb.on().withDownloadAttempts(1)), handler -> held(handler, gate))) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            // the provider's endpoint holds the metadata message until the file offered for it was changed
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(17, 1024 * 1024),
                            "archive.zip",
                            "application/zip"));
            assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
            String messageId = ((SubmitResult.Accepted) result).message().messageId();
            Path stored = onlyStoredFile(dir.resolve(LocalChain.CONSUMER.name()).resolve("data/gb/outgoing"));
            try (RandomAccessFile raf = new RandomAccessFile(stored.toFile(), "rw")) {
                int first = raf.read();
                raf.seek(0);
                raf.write(first ^ 0xff);
            }
            gate.countDown();

            awaitAcknowledged(chain.consumer(), messageId); // the metadata message is acknowledged all the same
            Gateway receiver = chain.provider();
            MessageRoute route = MessageRoute.cpa(cpaId);
            List<MessageSummary> received = receiver.inbound().received(route, null, 10);
            assertThat(received).hasSize(1);
            long pk = received.get(0).pk();
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> receiver.largeFiles().files(pk).get(0).status() != ReceivedFile.Status.DOWNLOADING);
            ReceivedFile file = receiver.largeFiles().files(pk).get(0);
            assertThat(file.status()).isEqualTo(ReceivedFile.Status.FAILED);
            assertThat(file.failure())
                    .contains("checksum")
                    .contains("SHA256:" + GeneratedStream.sha256(17, 1024 * 1024));
            assertThat(file.path()).isNull();
            assertThat(receiver.metrics().scrape()).contains("dkgw_gb_transfers_total{outcome=\"failed\"} 1.0");
            assertThat(receiver.inbound().claim(route, 10, LEASE)).isEmpty();
        } finally {
            gate.countDown();
        }
    }

    @Test
    void aReceiverStoppedMidDownloadResumesWhereItStoppedAfterItsRestart() throws Exception {
        long stallAt = 16L * 1024 * 1024;
        try (StallingProxy proxy = new StallingProxy(stallAt)) {
            // the sender announces its file behind the proxy, which stalls the first download halfway
            GatewayConfig.Gb gb = new GatewayConfig.Gb(
                    true, null, "https://127.0.0.1:" + proxy.port() + "/gb/files/", null, null, 1, null);
            try (LocalChain chain = chain(c -> c.withGb(gb), h -> h)) {
                proxy.target(chain.consumer().ebmsPort());
                String cpaId = chain.cpaId(Profile.OSB_RM);
                SubmitResult result = chain.consumer()
                        .largeFiles()
                        .send(FileSubmission.of(
                                cpaId,
                                LocalChain.serviceName(Profile.OSB_RM),
                                LocalChain.TO_PROVIDER,
                                new GeneratedStream(18, SIZE),
                                "backlog.xml",
                                "application/xml"));
                assertThat(result).isInstanceOf(SubmitResult.Accepted.class);
                String messageId = ((SubmitResult.Accepted) result).message().messageId();
                awaitAcknowledged(chain.consumer(), messageId);
                MessageRoute route = MessageRoute.cpa(cpaId);
                long pk = chain.provider()
                        .inbound()
                        .received(route, null, 10)
                        .get(0)
                        .pk();
                String transferId =
                        chain.provider().largeFiles().files(pk).get(0).transferId();
                Path part = dir.resolve(LocalChain.PROVIDER.name())
                        .resolve("data/gb/incoming")
                        .resolve(transferId + ".part");
                await().atMost(Duration.ofMinutes(1))
                        .until(() -> Files.exists(part) && Files.size(part) >= 4L * 1024 * 1024);

                chain.stop(LocalChain.PROVIDER.name());
                long kept = Files.size(part);
                assertThat(kept).isGreaterThanOrEqualTo(4L * 1024 * 1024).isLessThan(SIZE);

                Gateway receiver = chain.restart(LocalChain.PROVIDER.name(), c -> c.withGb(gb));
                List<MessageSummary> claimed = new ArrayList<>();
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    claimed.addAll(receiver.inbound().claim(route, 10, LEASE));
                    return !claimed.isEmpty();
                });
                assertThat(claimed).extracting(MessageSummary::messageId).containsExactly(messageId);
                ReceivedFile file = receiver.largeFiles().files(pk).get(0);
                assertThat(file.status()).isEqualTo(ReceivedFile.Status.COMPLETED);
                assertThat(GeneratedStream.sha256(receiver.largeFiles().open(file)))
                        .isEqualTo(GeneratedStream.sha256(18, SIZE));
                // the second connection carried the rest only: the download resumed, it did not start over
                List<Long> carried = proxy.bytesToClient();
                assertThat(carried).hasSize(2);
                assertThat(carried.get(1)).isLessThan(SIZE - 2L * 1024 * 1024);
            }
        }
    }

    @Test
    void aFetchedFileStaysForKeepAfterFetchSoAReceiverWhoseConnectionBrokeCanAskAgain() throws Exception {
        // the default gb.keep-after-fetch (an hour): every byte written to the receiver's connection is not every
        // byte the receiver has; one whose connection broke after the last write asks for the rest again
        try (LocalChain chain = chain(c -> c.withGb(GatewayConfig.Gb.on()), h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(20, 1024 * 1024),
                            "kept.bin",
                            "application/octet-stream"));
            MessageSummary sent = ((SubmitResult.Accepted) result).message();
            await().atMost(Duration.ofMinutes(2))
                    .until(() ->
                            chain.consumer().largeFiles().sent(sent.pk()).get(0).fetchedCompletely());
            Gateway receiver = chain.provider();
            MessageRoute route = MessageRoute.cpa(cpaId);
            List<MessageSummary> claimed = new ArrayList<>();
            await().atMost(Duration.ofMinutes(2)).until(() -> {
                claimed.addAll(receiver.inbound().claim(route, 10, LEASE));
                return !claimed.isEmpty();
            });
            URI url = new GbMetadataReader()
                    .read(receiver.inbound()
                            .fetch(claimed.get(0).pk())
                            .orElseThrow()
                            .payloads()
                            .get(0)
                            .data())
                    .references()
                    .get(0)
                    .location()
                    .url();

            SentFile offered = chain.consumer().largeFiles().sent(sent.pk()).get(0);
            assertThat(offered.removedAt()).isNull();
            assertThat(storedFiles(chain)).hasSize(1);
            assertThat(head(chain, LocalChain.PROVIDER.name(), url)).isEqualTo(200);
            assertThat(head(chain, LocalChain.CONSUMER.name(), url)).isEqualTo(403);
        }
    }

    @Test
    void aFileWhoseMetadataMessageFailedIsRemovedFromTheSendersStore() throws Exception {
        try (LocalChain chain = chain(c -> c.withGb(GatewayConfig.Gb.on()), h -> h)) {
            chain.stop(LocalChain.PROVIDER.name()); // the metadata message cannot be delivered: its retries run out
            String cpaId = chain.cpaId(Profile.OSB_RM);
            SubmitResult result = chain.consumer()
                    .largeFiles()
                    .send(FileSubmission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            new GeneratedStream(19, 2 * 1024 * 1024),
                            "never-fetched.bin",
                            "application/octet-stream"));
            MessageSummary sent = ((SubmitResult.Accepted) result).message();
            assertThat(storedFiles(chain)).hasSize(1);
            assertThat(chain.consumer().metrics().scrape()).contains("dkgw_gb_stored_bytes 2097152.0");

            await().atMost(Duration.ofMinutes(2))
                    .until(() -> chain.consumer()
                                    .messages()
                                    .report(sent.messageId())
                                    .map(r -> r.message().status())
                                    .orElse(null)
                            == MessageSummary.Status.FAILED);
            await().atMost(Duration.ofMinutes(1))
                    .until(() ->
                            chain.consumer().largeFiles().sent(sent.pk()).get(0).removedAt() != null);
            SentFile offered = chain.consumer().largeFiles().sent(sent.pk()).get(0);
            assertThat(offered.removedReason()).isEqualTo("message-failed");
            assertThat(offered.fetchedCompletely()).isFalse();
            assertThat(offered.bytesServed()).isZero();
            assertThat(storedFiles(chain)).isEmpty();
            assertThat(chain.consumer().metrics().scrape()).contains("dkgw_gb_stored_bytes 0.0");
        }
    }

    @Test
    void aMessageWithMetadataThatIsNotValidIsRefusedWithAnErrorThatSaysWhy() throws Exception {
        try (LocalChain chain = chain(c -> c.withGb(GatewayConfig.Gb.on()), h -> h)) {
            String cpaId = chain.cpaId(Profile.OSB_RM);
            byte[] noReference = ("<gb:digikoppeling-external-data-references xmlns:gb=\""
                            + "http://www.logius.nl/digikoppeling/gb/2010/10\" profile=\"digikoppeling-gb-1.0\"/>")
                    .getBytes(StandardCharsets.UTF_8);
            SubmitResult result = chain.consumer()
                    .messages()
                    .submit(Submission.of(
                            cpaId,
                            LocalChain.serviceName(Profile.OSB_RM),
                            LocalChain.TO_PROVIDER,
                            Submission.Part.of("application/xml", noReference)));
            String messageId = ((SubmitResult.Accepted) result).message().messageId();

            await().atMost(Duration.ofMinutes(1))
                    .until(() -> chain.consumer()
                                    .messages()
                                    .report(messageId)
                                    .map(r -> r.message().status())
                                    .orElse(null)
                            == MessageSummary.Status.FAILED);
            assertThat(chain.consumer()
                            .messages()
                            .report(messageId)
                            .orElseThrow()
                            .message()
                            .statusDetail())
                    .contains("GB metadata");
            assertThat(chain.provider().inbound().received(MessageRoute.cpa(cpaId), null, 10))
                    .isEmpty();
        }
    }

    private LocalChain chain(UnaryOperator<GatewayConfig> config, UnaryOperator<Handler> layer) throws Exception {
        return LocalChain.start(
                dir, Map.of(), Duration.ofSeconds(2), List.of(Profile.OSB_RM), SyncReplyMode.NONE, config, layer);
    }

    /** The status of a HEAD on {@code url} with the TLS client certificate of {@code party}. */
    static int head(LocalChain chain, String party, URI url) throws Exception {
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
                                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static void awaitAcknowledged(Gateway sender, String messageId) {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> sender.messages()
                                .report(messageId)
                                .map(MessageReport::message)
                                .map(MessageSummary::status)
                                .orElse(null)
                        == MessageSummary.Status.ACKNOWLEDGED);
    }

    /** The data files in the consumer's (the sender's) file store. */
    private List<Path> storedFiles(LocalChain chain) throws Exception {
        try (Stream<Path> files =
                Files.list(dir.resolve(LocalChain.CONSUMER.name()).resolve("data/gb/outgoing"))) {
            return files.filter(p -> p.toString().endsWith(".data")).toList();
        }
    }

    /** The data file of the one file in a sender's store. */
    private static Path onlyStoredFile(Path store) throws Exception {
        try (Stream<Path> files = Files.list(store)) {
            List<Path> data = files.filter(p -> p.toString().endsWith(".data")).toList();
            assertThat(data).hasSize(1);
            return data.get(0);
        }
    }

    /** The ebMS endpoint, answering each request only once {@code gate} opened. */
    private static Handler held(Handler endpoint, CountDownLatch gate) {
        return new Handler.Wrapper(endpoint) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!gate.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                return super.handle(request, response, callback);
            }
        };
    }
}
