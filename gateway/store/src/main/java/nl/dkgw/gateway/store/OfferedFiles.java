package nl.dkgw.gateway.store;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The files this party offers through Grote Berichten (table gb_offered_file): recorded when stored, tied to their
 * metadata message once it was accepted, told how far the receiver fetched them, and marked when the stored file was
 * removed. What the sender sees of its own offered files, and what retention decides on.
 */
public interface OfferedFiles {

    /** Records a stored file, before its metadata message is submitted (so every byte served is counted). */
    void insert(NewOfferedFile f);

    /** Ties the file to the metadata message that announces it. */
    void announcedBy(String fileId, long messagePk, String messageId);

    /** Forgets a file whose metadata message was never accepted (the stored file is removed with it). */
    void forget(String fileId);

    Optional<OfferedFile> find(String fileId);

    /** The files a sent message announced, in the order they were stored. */
    List<OfferedFile> ofMessage(long messagePk);

    /**
     * The receiving party was served bytes {@code first} up to (not including) {@code end}. The bytes fetched from
     * the start grow only when this range joins them without a gap; once they reach the size the file counts as
     * fetched completely. True when this call made it so (exactly once per file, also with several nodes).
     */
    boolean served(String fileId, long first, long end);

    /**
     * Files still stored that may go: fetched completely at least {@code keepAfterFetch} ago, or announced by a
     * message that FAILED (refused by the receiver, or its retries ran out), or past their lifetime.
     */
    List<OfferedFile> toRemove(Duration keepAfterFetch);

    /** The stored file was removed, for {@code reason}; false when it already was. */
    boolean removed(String fileId, String reason);
}
