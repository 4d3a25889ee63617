package nl.dkgw.gateway.gb.download;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs downloads on at most {@code maxConcurrent} threads; more wait their turn. A transfer already queued or
 * running is not started twice: asking again returns the same future. Closing interrupts running downloads, which
 * leaves them to resume ({@link FileDownloader#download}), and waits until they stopped.
 */
public final class DownloadQueue implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DownloadQueue.class);

    private final FileDownloader downloader;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<DownloadResult>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();

    public DownloadQueue(FileDownloader downloader, int maxConcurrent) {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("at least one download at a time");
        }
        this.downloader = downloader;
        AtomicInteger number = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(maxConcurrent, r -> {
            Thread t = new Thread(r, "dkgw-gb-download-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public CompletableFuture<DownloadResult> submit(DownloadRequest request) {
        return pending.computeIfAbsent(request.transferId(), id -> {
            CompletableFuture<DownloadResult> future = new CompletableFuture<>();
            workers.execute(() -> {
                running.incrementAndGet();
                try {
                    future.complete(downloader.download(request));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    future.completeExceptionally(e);
                } catch (Exception e) {
                    future.completeExceptionally(e);
                } finally {
                    running.decrementAndGet();
                    pending.remove(id);
                }
            });
            return future;
        });
    }

    /** How many downloads are running now (not those waiting for a free worker). */
    public int active() {
        return running.get();
    }

    /**
     * Interrupts running downloads and waits (a short while) until they have saved their state, so that a downloader
     * started next on the same directory (a node restarted in the same process) finds it settled.
     */
    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                // seen with a read blocked on a stalled connection: the HTTP client's body stream did not give way
                LOG.atWarn()
                        .addKeyValue("event", "gb.download-still-running")
                        .log("a GB download did not stop when interrupted; it ends when its connection does");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
