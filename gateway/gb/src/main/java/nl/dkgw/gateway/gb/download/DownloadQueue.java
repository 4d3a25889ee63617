package nl.dkgw.gateway.gb.download;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs downloads on at most {@code maxConcurrent} threads; more wait their turn. A transfer already queued or
 * running is not started twice: asking again returns the same future. Closing interrupts running downloads, which
 * leaves them to resume ({@link FileDownloader#download}).
 */
public final class DownloadQueue implements AutoCloseable {

    private final FileDownloader downloader;
    private final ExecutorService workers;
    private final Map<String, CompletableFuture<DownloadResult>> pending = new ConcurrentHashMap<>();

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
                try {
                    future.complete(downloader.download(request));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    future.completeExceptionally(e);
                } catch (Exception e) {
                    future.completeExceptionally(e);
                } finally {
                    pending.remove(id);
                }
            });
            return future;
        });
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
