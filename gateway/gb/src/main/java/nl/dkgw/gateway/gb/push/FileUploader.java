package nl.dkgw.gateway.gb.push;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.gateway.gb.download.RetryPause;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's side of push: {@code PUT}s a file to the receiver's URL with this node's client certificate over
 * mutual TLS (GB002, GB008). The standard has no partial PUT (GB016: every PUT overwrites the file), so an upload
 * that broke off, or was answered 5xx, 408 or 429, is sent again whole after the {@link RetryPause}, up to
 * {@code maxAttempts}; 403 (GB010) and other 4xx end it at once. The body is streamed from what {@link Content}
 * opens, never held in memory.
 */
public final class FileUploader {

    /** Opens the file's bytes from the start, once per attempt. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileUploader.class);

    private final HttpClient http;
    private final Duration answerTimeout;
    private final int maxAttempts;
    private final RetryPause pause;

    public FileUploader(
            SSLContext clientContext,
            SSLParameters clientParameters,
            Duration connectTimeout,
            Duration answerTimeout,
            int maxAttempts,
            RetryPause pause) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("an upload needs at least one attempt");
        }
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

    /**
     * Uploads {@code size} bytes to {@code target}; runs on the caller's thread.
     *
     * @return empty when the receiver took the whole file; otherwise why not, with the standard's code
     * @throws InterruptedException when the thread is interrupted between or during attempts
     */
    public Optional<TransferFailure> upload(URI target, Content content, String contentType, long size)
            throws InterruptedException {
        TransferFailure last = null;
        int attempt = 0;
        while (attempt < maxAttempts) {
            attempt++;
            if (attempt > 1) {
                pause.before(attempt);
            }
            HttpRequest put = HttpRequest.newBuilder(target)
                    .timeout(answerTimeout)
                    .header("Content-Type", contentType)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> open(content)), size))
                    .build();
            LOG.atInfo()
                    .addKeyValue("event", "gb.upload-started")
                    .addKeyValue("url", target.toString())
                    .addKeyValue("attempt", attempt)
                    .addKeyValue("bytes", size)
                    .log("GB push upload attempt");
            HttpResponse<String> answer;
            try {
                answer = http.send(put, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = new TransferFailure(
                        GbError.UNKNOWN_ERROR,
                        "the upload to " + target.getHost() + " broke off: "
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
                logRetry(target, attempt, last);
                continue;
            }
            int status = answer.statusCode();
            if (status >= 200 && status < 300) {
                LOG.atInfo()
                        .addKeyValue("event", "gb.upload-completed")
                        .addKeyValue("url", target.toString())
                        .addKeyValue("attempts", attempt)
                        .addKeyValue("bytes", size)
                        .log("GB file pushed to the receiver");
                return Optional.empty();
            }
            String said = answer.body() == null ? "" : answer.body().strip();
            GbError error = GbError.ofHttpStatus(status);
            last = new TransferFailure(
                    error, "the receiver answered HTTP " + status + (said.isEmpty() ? "" : ": " + said));
            if (status < 500 && status != 408 && status != 429) {
                break;
            }
            logRetry(target, attempt, last);
        }
        if (attempt > 1) {
            last = last.after("gave up after " + attempt + " attempts; the last: ");
        }
        LOG.atWarn()
                .addKeyValue("event", "gb.upload-failed")
                .addKeyValue("url", target.toString())
                .log(last.reason());
        return Optional.of(last);
    }

    private static InputStream open(Content content) {
        try {
            return content.open();
        } catch (IOException e) {
            throw new IllegalStateException("the stored file cannot be read: " + e.getMessage(), e);
        }
    }

    private static void logRetry(URI target, int attempt, TransferFailure failure) {
        LOG.atInfo()
                .addKeyValue("event", "gb.upload-interrupted")
                .addKeyValue("url", target.toString())
                .addKeyValue("attempt", attempt)
                .log("GB push upload attempt ended early, will send it again: {}", failure.detail());
    }
}
