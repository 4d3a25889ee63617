package nl.dkgw.gateway.http;

import nl.dkgw.gateway.gb.store.FileId;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.pki.Oin;

/**
 * What the node says to its GB file endpoint about the files it offers: who may fetch one now, whether a file that is
 * no longer stored was offered to someone else, and which bytes went out to the receiver. The node answers from the
 * CPA as it is at the time of the request, and counts the bytes served to learn when a file was fetched completely.
 */
public interface OfferedFileAccess {

    /** Whether the party with OIN {@code client} may fetch {@code file} now. */
    boolean mayFetch(StoredFile file, Oin client);

    /**
     * Whether {@code id} names a file this node offered (and has since removed) to a party other than
     * {@code client}: the endpoint answers 403 for it, as it did while the file was stored, rather than 404.
     */
    boolean offeredToAnother(FileId id, Oin client);

    /** Bytes {@code first} up to (not including) {@code end} of {@code file} went out to the party allowed. */
    void served(StoredFile file, long first, long end);

    /** Only the receiver the file was stored for; nothing is remembered of removed files nor of bytes served. */
    OfferedFileAccess RECEIVER_ONLY = new OfferedFileAccess() {
        @Override
        public boolean mayFetch(StoredFile file, Oin client) {
            return client.equals(file.receiver());
        }

        @Override
        public boolean offeredToAnother(FileId id, Oin client) {
            return false;
        }

        @Override
        public void served(StoredFile file, long first, long end) {}
    };
}
