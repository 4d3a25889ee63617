package nl.dkgw.gateway.gb.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.gb.transfer.FileCheck;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches GB files (pull) with this node's client certificate over mutual TLS. Bytes go to
 * {@code <transfer id>.part} as they arrive; after a broken connection the next attempt asks only for the rest
 * ({@code Range: bytes=<have>-}, {@code If-Range} with the entity tag the first answer carried), and because the
 * part file and the state file ({@link DownloadStateFile}) are on disk, a new downloader after a restart does the
 * same. At the end size and checksum are checked against the metadata (GB014, GB015); a mismatch throws the part
 * away and counts as a failed attempt. After {@code maxAttempts} attempts, or at once for answers that will not
 * change (403, 404, 410), the download fails with the reason, which starts with the standard's code
 * ({@link GbError}). A verified file is moved to {@code <transfer id>}.
 * {@link #download} runs on the caller's thread; {@link DownloadQueue} bounds how many run at once.
 */
public final class FileDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(FileDownloader.class);
    private static final int BLOCK = 64 * 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+)");

    private final Path directory;
    private final DownloadStateFile states;
    private final HttpClient http;
    private final Duration answerTimeout;
    private final int maxAttempts;
    private final RetryPause pause;

    /**
     * @param answerTimeout how long to wait for the head of each answer (the body may take as long as it takes)
     */
    public FileDownloader(
            Path directory,
            SSLContext clientContext,
            SSLParameters clientParameters,
            Duration connectTimeout,
            Duration answerTimeout,
            int maxAttempts,
            RetryPause pause)
            throws IOException {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a download needs at least one attempt");
        }
        this.directory = Files.createDirectories(directory);
        this.states = new DownloadStateFile(this.directory);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(clientContext)
                .sslParameters(clientParameters)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.maxAttempts = maxAttempts;
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** The state kept for a transfer, if any. */
    public Optional<DownloadState> state(String transferId) throws IOException {
        return states.load(transferId);
    }

    /**
     * Runs the download to its end, resuming whatever an earlier run left. A completed or failed download is
     * answered from its state without contacting the sender again.
     *
     * @throws InterruptedException when the thread is interrupted (a node stopping): the part file and state stay,
     *                              and the next call resumes
     */
    public DownloadResult download(DownloadRequest request) throws IOException, InterruptedException {
        DownloadState state = states.load(request.transferId())
                .filter(s -> s.serves(request))
                .orElseGet(() -> DownloadState.start(request));
        if (state.status() == DownloadStatus.COMPLETED && Files.exists(result(request))) {
            return new DownloadResult(request.transferId(), state.status(), result(request), null, state.attempts());
        }
        if (state.status() == DownloadStatus.FAILED) {
            return failedResult(request, state);
        }
        if (state.attempts() == 0) {
            Files.deleteIfExists(part(request)); // a part of some earlier file with this id is no use
        }
        while (true) {
            int attempt = state.attempts() + 1;
            state = state.withAttempts(attempt);
            states.save(state);
            Attempt outcome = attempt(request, state);
            state = outcome.state();
            if (outcome.kind() == Attempt.Kind.COMPLETE) {
                Optional<TransferFailure> problem =
                        FileCheck.problem(part(request), request.size(), request.checksum());
                if (problem.isEmpty()) {
                    Files.move(
                            part(request),
                            result(request),
                            StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    state = state.completed();
                    states.save(state);
                    LOG.atInfo()
                            .addKeyValue("event", "gb.download-completed")
                            .addKeyValue("transferId", request.transferId())
                            .addKeyValue("bytes", request.size())
                            .addKeyValue("attempts", attempt)
                            .log("GB file downloaded and verified");
                    return new DownloadResult(
                            request.transferId(), DownloadStatus.COMPLETED, result(request), null, attempt);
                }
                LOG.atWarn()
                        .addKeyValue("event", "gb.download-verification-failed")
                        .addKeyValue("transferId", request.transferId())
                        .addKeyValue("attempt", attempt)
                        .log(problem.get().reason());
                Files.deleteIfExists(part(request));
                state = state.withEntityTag(null);
                outcome = Attempt.retry(state, problem.get());
            }
            if (outcome.kind() == Attempt.Kind.FAIL || attempt >= maxAttempts) {
                String reason = outcome.kind() == Attempt.Kind.FAIL
                        ? outcome.failure().reason()
                        : outcome.failure()
                                .after("gave up after " + attempt + " attempts; the last: ")
                                .reason();
                state = state.failed(reason);
                states.save(state);
                LOG.atWarn()
                        .addKeyValue("event", "gb.download-failed")
                        .addKeyValue("transferId", request.transferId())
                        .addKeyValue("attempts", attempt)
                        .log(reason);
                return failedResult(request, state);
            }
            states.save(state);
            LOG.atInfo()
                    .addKeyValue("event", "gb.download-interrupted")
                    .addKeyValue("transferId", request.transferId())
                    .addKeyValue("attempt", attempt)
                    .addKeyValue("have", partLength(request))
                    .log(
                            "GB download attempt ended early, will resume: {}",
                            outcome.failure().detail());
            pause.before(attempt + 1);
        }
    }

    private Attempt attempt(DownloadRequest request, DownloadState state) throws IOException, InterruptedException {
        Path part = part(request);
        long have = partLength(request);
        if (have > request.size()) {
            truncate(part, 0);
            have = 0;
            state = state.withEntityTag(null);
        }
        if (have == request.size() && have > 0) {
            return Attempt.complete(state);
        }
        HttpRequest.Builder get =
                HttpRequest.newBuilder(request.url()).timeout(answerTimeout).GET();
        if (have > 0) {
            get.header("Range", "bytes=" + have + "-");
            if (state.entityTag() != null) {
                get.header("If-Range", state.entityTag());
            }
        }
        LOG.atInfo()
                .addKeyValue("event", have > 0 ? "gb.download-resumed" : "gb.download-started")
                .addKeyValue("transferId", request.transferId())
                .addKeyValue("from", have)
                .addKeyValue("bytes", request.size())
                .log("GB download attempt");
        HttpResponse<Flow.Publisher<List<ByteBuffer>>> answer;
        try {
            answer = http.send(get.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (IOException e) {
            return Attempt.retry(state, "no answer from " + request.url().getHost() + ": " + describe(e));
        }
        InterruptibleBody subscribed = new InterruptibleBody();
        answer.body().subscribe(subscribed);
        try (InputStream body = subscribed) {
            int status = answer.statusCode();
            String tag = answer.headers().firstValue("ETag").orElse(null);
            switch (status) {
                case 200 -> {
                    truncate(part, 0);
                    state = state.withEntityTag(tag);
                    states.save(state);
                    return receive(request, state, body, 0);
                }
                case 206 -> {
                    Matcher range = CONTENT_RANGE.matcher(
                            answer.headers().firstValue("Content-Range").orElse(""));
                    if (!range.matches()
                            || Long.parseLong(range.group(1)) != have
                            || Long.parseLong(range.group(3)) != request.size()) {
                        truncate(part, 0);
                        return Attempt.retry(
                                state.withEntityTag(null),
                                "the sender answered another range ("
                                        + answer.headers()
                                                .firstValue("Content-Range")
                                                .orElse("none") + ") than bytes="
                                        + have + "- of " + request.size() + "; starting over");
                    }
                    if (tag != null && !tag.equals(state.entityTag())) {
                        state = state.withEntityTag(tag);
                        states.save(state);
                    }
                    return receive(request, state, body, have);
                }
                case 416 -> {
                    truncate(part, 0);
                    return Attempt.retry(
                            state.withEntityTag(null),
                            "the sender has fewer bytes than the " + have + " already received (416); starting over");
                }
                case 403 -> {
                    return Attempt.fail(
                            state,
                            new TransferFailure(
                                    GbError.NOT_AUTHORISED,
                                    "the sender refused the download (HTTP 403): the OIN of this node's "
                                            + "client certificate is not the receiver the file was offered to"));
                }
                case 404, 410 -> {
                    return Attempt.fail(
                            state,
                            new TransferFailure(
                                    GbError.ofHttpStatus(status),
                                    "the sender does not have the file (HTTP " + status + "): unknown "
                                            + "URL, or its lifetime ended"));
                }
                default -> {
                    String reason = "the sender answered HTTP " + status;
                    return status >= 500 || status == 408 || status == 429
                            ? Attempt.retry(state, reason)
                            : Attempt.fail(state, new TransferFailure(GbError.UNKNOWN_ERROR, reason));
                }
            }
        }
    }

    /** Appends the body at {@code from}; a broken stream keeps what arrived (flushed to disk) for the next attempt. */
    private Attempt receive(DownloadRequest request, DownloadState state, InputStream body, long from)
            throws IOException, InterruptedException {
        Path part = part(request);
        long written = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.position(from);
            byte[] buffer = new byte[BLOCK];
            try {
                int n;
                while ((n = body.read(buffer)) > 0) {
                    out.write(ByteBuffer.wrap(buffer, 0, n));
                    written += n;
                }
            } catch (InterruptedIOException e) {
                out.force(false);
                LOG.atInfo()
                        .addKeyValue("event", "gb.download-interrupted")
                        .addKeyValue("transferId", request.transferId())
                        .addKeyValue("have", from + written)
                        .log("GB download stopped by an interrupt (node stopping), will resume");
                throw new InterruptedException("interrupted after " + (from + written) + " bytes");
            } catch (IOException e) {
                out.force(false);
                return Attempt.retry(
                        state,
                        "the connection broke after " + (from + written) + " of " + request.size() + " bytes: "
                                + describe(e));
            }
            out.force(false);
        }
        long have = partLength(request);
        if (have < request.size()) {
            return Attempt.retry(state, "the answer ended after " + have + " of " + request.size() + " bytes");
        }
        return Attempt.complete(state);
    }

    private DownloadResult failedResult(DownloadRequest request, DownloadState state) {
        return new DownloadResult(request.transferId(), DownloadStatus.FAILED, null, state.failure(), state.attempts());
    }

    private long partLength(DownloadRequest request) throws IOException {
        Path part = part(request);
        return Files.exists(part) ? Files.size(part) : 0;
    }

    private static void truncate(Path file, long length) throws IOException {
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.truncate(length);
            }
        }
    }

    private Path part(DownloadRequest request) {
        return directory.resolve(request.transferId() + ".part");
    }

    private Path result(DownloadRequest request) {
        return directory.resolve(request.transferId());
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    /** The end of one attempt. */
    private record Attempt(Kind kind, DownloadState state, TransferFailure failure) {
        enum Kind {
            COMPLETE,
            RETRY,
            FAIL
        }

        static Attempt complete(DownloadState state) {
            return new Attempt(Kind.COMPLETE, state, null);
        }

        /** Another attempt may succeed; a transport problem counts as {@link GbError#UNKNOWN_ERROR} if it is the last. */
        static Attempt retry(DownloadState state, String reason) {
            return retry(state, new TransferFailure(GbError.UNKNOWN_ERROR, reason));
        }

        static Attempt retry(DownloadState state, TransferFailure failure) {
            return new Attempt(Kind.RETRY, state, failure);
        }

        static Attempt fail(DownloadState state, TransferFailure failure) {
            return new Attempt(Kind.FAIL, state, failure);
        }
    }
}
