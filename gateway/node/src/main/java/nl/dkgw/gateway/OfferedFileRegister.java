package nl.dkgw.gateway;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.gateway.api.MessageSummary;
import nl.dkgw.gateway.api.SentFile;
import nl.dkgw.gateway.gb.store.FileId;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.http.OfferedFileAccess;
import nl.dkgw.gateway.store.NewOfferedFile;
import nl.dkgw.gateway.store.OfferedFile;
import nl.dkgw.gateway.store.OfferedFiles;
import nl.dkgw.pki.Oin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's side of Grote Berichten in the node: records each stored file with its CPA and metadata message
 * (table gb_offered_file), lets the file endpoint serve a file only to the party the CPA names as it is at the time
 * of the request, counts the bytes served, and removes a stored file as soon as its receiver fetched every byte,
 * when its metadata message failed, or when its lifetime ended.
 *
 * <p>The pull variant of the standard defines no confirmation from the receiver (its response is left to the
 * parties); what the sender observes is its own file endpoint, so a file counts as confirmed once every byte of it
 * went out, without a gap, to the receiving party over mutual TLS.
 */
final class OfferedFileRegister implements OfferedFileAccess {

    private static final Logger LOG = LoggerFactory.getLogger(OfferedFileRegister.class);

    static final String FETCHED = "fetched";
    static final String EXPIRED = "expired";
    static final String MESSAGE_FAILED = "message-failed";

    private final OfferedFiles offered;
    private final SenderFileStore files;
    private final CpaRegistry cpas;
    private final Function<Cpa, Optional<Oin>> receiverOf;
    private final Duration keepAfterFetch;
    private final Clock clock;

    /**
     * @param receiverOf     the party of a CPA a file sent under it is for (the other party, by its OIN)
     * @param keepAfterFetch how long a file stays after its receiver was served every byte: bytes written to the
     *                       connection are not yet bytes the receiver has, and one whose connection broke after the
     *                       last byte asks for the rest again
     */
    OfferedFileRegister(
            OfferedFiles offered,
            SenderFileStore files,
            CpaRegistry cpas,
            Function<Cpa, Optional<Oin>> receiverOf,
            Duration keepAfterFetch,
            Clock clock) {
        this.offered = offered;
        this.files = files;
        this.cpas = cpas;
        this.receiverOf = receiverOf;
        this.keepAfterFetch = keepAfterFetch;
        this.clock = clock;
    }

    /** A file was just stored for sending under {@code cpaId}; before its metadata message goes out. */
    void stored(StoredFile file, String cpaId) {
        offered.insert(new NewOfferedFile(
                file.id().value(),
                cpaId,
                file.filename(),
                file.contentType(),
                file.size(),
                file.sha256().hex(),
                file.receiver().value(),
                file.storedAt(),
                file.expiresAt()));
    }

    /** The metadata message announcing the file was accepted for sending. */
    void announced(StoredFile file, MessageSummary message) {
        offered.announcedBy(file.id().value(), message.pk(), message.messageId());
    }

    /** The metadata message was not accepted: the file is removed and forgotten, it will never be fetched. */
    void withdrawn(StoredFile file) throws IOException {
        files.remove(file.id(), "not-announced");
        offered.forget(file.id().value());
    }

    @Override
    public boolean mayFetch(StoredFile file, Oin client) {
        if (!client.equals(file.receiver())) {
            return false;
        }
        Optional<OfferedFile> row = offered.find(file.id().value());
        if (row.isEmpty()) {
            return true; // stored by a version without the register: the receiver it was stored for
        }
        // the CPA as it is now: replaced by one with another party, or deleted, the file is no one's any more
        Optional<Oin> receiver = cpas.find(row.get().cpaId()).flatMap(receiverOf);
        return receiver.isPresent() && receiver.get().equals(client);
    }

    @Override
    public boolean offeredToAnother(FileId id, Oin client) {
        return offered.find(id.value())
                .map(f -> !f.receiverOin().equals(client.value()))
                .orElse(false);
    }

    @Override
    public void served(StoredFile file, long first, long end) {
        if (offered.served(file.id().value(), first, end)) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-fetched")
                    .addKeyValue("fileId", file.id().value())
                    .addKeyValue("bytes", file.size())
                    .log("the receiver fetched every byte of a GB file");
            if (keepAfterFetch.isZero()) {
                remove(file.id().value(), FETCHED);
            }
        }
    }

    /**
     * Removes what was fetched completely at least {@code gb.keep-after-fetch} ago, whose message failed, or whose
     * lifetime ended; how many.
     */
    int retain() {
        int removed = 0;
        for (OfferedFile f : offered.toRemove(keepAfterFetch)) {
            String reason = f.fetchedCompletely()
                    ? FETCHED
                    : !clock.instant().isBefore(f.expiresAt()) ? EXPIRED : MESSAGE_FAILED;
            if (remove(f.fileId(), reason)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes the stored file and marks it removed. A file another node of the cluster stored is not here: its row
     * stays until that node removes it, or (expired) until any node marks it.
     */
    private boolean remove(String fileId, String reason) {
        Optional<FileId> id = FileId.parse(fileId);
        try {
            boolean here = id.isPresent() && files.remove(id.get(), reason);
            if (here || EXPIRED.equals(reason) || id.isEmpty()) {
                return offered.removed(fileId, reason);
            }
        } catch (IOException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.file-remove-failed")
                    .addKeyValue("fileId", fileId)
                    .log("could not remove a stored GB file ({}): {}", reason, e.getMessage());
        }
        return false;
    }

    /** The files a sent message offered, as the sender sees them. */
    List<SentFile> ofMessage(long messagePk) {
        return offered.ofMessage(messagePk).stream()
                .map(OfferedFileRegister::view)
                .toList();
    }

    private static SentFile view(OfferedFile f) {
        return new SentFile(
                f.fileId(),
                f.filename(),
                f.contentType(),
                f.size(),
                "SHA256:" + f.checksum(),
                f.expiresAt(),
                f.bytesServed(),
                f.fetchedCompletely(),
                f.removedAt(),
                f.removedReason());
    }
}
