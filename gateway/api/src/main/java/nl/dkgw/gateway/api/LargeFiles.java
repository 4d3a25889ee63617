package nl.dkgw.gateway.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * Grote Berichten (pull) for the application: sending a file of any size to the other party of a CPA, and the files
 * announced by received messages. A received message that announces files is offered by {@link InboundDelivery} only
 * once all of them arrived and were verified; its files are then here. Available when {@code gb.enabled} is on;
 * otherwise every call answers {@link IllegalStateException}.
 */
public interface LargeFiles {

    /**
     * Stores the file (streamed, never held in memory, its size and SHA-256 measured on the way) on this node's file
     * endpoint for the other party of the CPA, and submits a reliable message carrying the GB metadata that announces
     * it. The answer is that of {@link MessageService#submit}: the metadata message accepted or refused.
     *
     * @throws IOException when the stream breaks or the file cannot be stored; nothing is sent then
     */
    SubmitResult send(FileSubmission submission) throws IOException;

    /** The files a received message ({@link MessageSummary#pk()}) announced, in the order of its metadata. */
    List<ReceivedFile> files(long messagePk);

    /**
     * How many bytes of the file are here so far: its size once {@link ReceivedFile.Status#COMPLETED}, what the
     * download wrote so far while {@link ReceivedFile.Status#DOWNLOADING}; empty when not known (failed, or nothing
     * written yet).
     */
    default OptionalLong bytesSoFar(ReceivedFile file) {
        return file.status() == ReceivedFile.Status.COMPLETED ? OptionalLong.of(file.size()) : OptionalLong.empty();
    }

    /**
     * The files a sent message ({@link MessageSummary#pk()}) offered, as this node sees them: expiry, bytes the
     * receiver fetched so far, fetched completely or not, removed or not. Empty for a message that offered none.
     */
    default List<SentFile> sent(long messagePk) {
        return List.of();
    }

    /** The content of a file that arrived ({@link ReceivedFile.Status#COMPLETED}). */
    InputStream open(ReceivedFile file) throws IOException;
}
