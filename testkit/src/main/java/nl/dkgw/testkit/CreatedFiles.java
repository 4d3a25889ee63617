package nl.dkgw.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;

/**
 * The names of the files created in one directory since this was opened, seen through the file system's change
 * notifications, so a test sees a temporary file that was written and deleted again before it could list the
 * directory. The notifications arrive a little after the fact: wait for the name expected with Awaitility, e.g.
 * {@code await().until(() -> created.names().stream().anyMatch(n -> n.startsWith("x-")))}.
 */
public final class CreatedFiles implements AutoCloseable {

    private final WatchService watcher;
    private final List<String> names = new ArrayList<>();

    private CreatedFiles(WatchService watcher) {
        this.watcher = watcher;
    }

    /** Starts noting the files created in {@code directory}, which must exist. */
    public static CreatedFiles in(Path directory) throws IOException {
        WatchService watcher = FileSystems.getDefault().newWatchService();
        try {
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException | RuntimeException e) {
            watcher.close();
            throw e;
        }
        return new CreatedFiles(watcher);
    }

    /** The names of the files created so far (as far as the notifications have arrived), in order. */
    public synchronized List<String> names() {
        try {
            for (WatchKey key = watcher.poll(); key != null; key = watcher.poll()) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        throw new IllegalStateException("too many files were created to note them all");
                    }
                    names.add(((Path) event.context()).getFileName().toString());
                }
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            throw new IllegalStateException("closed", e);
        }
        return List.copyOf(names);
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
