package nl.dkgw.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.cpa.CpaResolutionException;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.api.FileSubmission;
import nl.dkgw.gateway.api.LargeFiles;
import nl.dkgw.gateway.api.MessageReport;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.api.ReceivedFile;
import nl.dkgw.gateway.api.SentFile;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.api.SubmissionFailure;
import nl.dkgw.gateway.api.SubmitResult;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.gb.download.DownloadQueue;
import nl.dkgw.gateway.gb.download.DownloadRequest;
import nl.dkgw.gateway.gb.download.DownloadResult;
import nl.dkgw.gateway.gb.download.DownloadStatus;
import nl.dkgw.gateway.gb.download.FileDownloader;
import nl.dkgw.gateway.gb.download.RetryPause;
import nl.dkgw.gateway.gb.metadata.Checksum;
import nl.dkgw.gateway.gb.metadata.ChecksumAlgorithm;
import nl.dkgw.gateway.gb.metadata.DataReference;
import nl.dkgw.gateway.gb.metadata.ExternalDataReferences;
import nl.dkgw.gateway.gb.metadata.FileLocation;
import nl.dkgw.gateway.gb.metadata.GbMetadataException;
import nl.dkgw.gateway.gb.metadata.GbMetadataReader;
import nl.dkgw.gateway.gb.metadata.GbMetadataWriter;
import nl.dkgw.gateway.gb.metadata.GbPushRequestReader;
import nl.dkgw.gateway.gb.metadata.GbPushRequestWriter;
import nl.dkgw.gateway.gb.metadata.PushReference;
import nl.dkgw.gateway.gb.metadata.PushRequest;
import nl.dkgw.gateway.gb.push.FileUploader;
import nl.dkgw.gateway.gb.push.PushedFileAssembler;
import nl.dkgw.gateway.gb.push.PushedFileStore;
import nl.dkgw.gateway.gb.push.PushedUpload;
import nl.dkgw.gateway.gb.store.ExpiredFileSweeper;
import nl.dkgw.gateway.gb.store.FileAnnouncement;
import nl.dkgw.gateway.gb.store.SenderFileStore;
import nl.dkgw.gateway.gb.store.StoredFile;
import nl.dkgw.gateway.gb.transfer.FileCheck;
import nl.dkgw.gateway.gb.transfer.GbError;
import nl.dkgw.gateway.gb.transfer.TransferFailure;
import nl.dkgw.gateway.http.OfferedFileAccess;
import nl.dkgw.gateway.msh.AnnouncedFiles;
import nl.dkgw.gateway.ops.GatewayMetrics;
import nl.dkgw.gateway.store.FileTransfer;
import nl.dkgw.gateway.store.FileTransferStatus;
import nl.dkgw.gateway.store.FileTransfers;
import nl.dkgw.gateway.store.NewFileTransfer;
import nl.dkgw.gateway.store.OfferedFiles;
import nl.dkgw.gateway.xml.SafeXml;
import nl.dkgw.pki.Oin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

/**
 * Grote Berichten on one node: the sender's file store behind the file endpoint and its sweeper; sending a file as a
 * stored file plus a reliable metadata message (pull), or, in push mode ({@code gb.mode}, {@code gb.mode-by-cpa} or per
 * file), uploading the stored file to the receiver's endpoint first and then sending a push request; recognising
 * metadata in received messages (the MSH stores their files with them, which holds them back from the application) and
 * downloading each pulled file with the node's own TLS client key, bounded by the download queue, resuming after a stop
 * from the downloader's part and state files, or taking a pushed file from the push store (joining its parts, unpacking
 * its ZIP container) and verifying it. Both end in the same delivery.
 */
final class LargeFileTransfers implements LargeFiles, AnnouncedFiles, AutoCloseable {

    /** GB metadata and push requests are small documents; a larger payload is not read to find out if it is one. */
    private static final int LARGEST_METADATA = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(LargeFileTransfers.class);
    /**
     * How often transfers still DOWNLOADING are handed to the queue again (one whose run broke on a local error, one
     * whose lease another node let run out) and the leases of those running here renewed: at most this, and at most
     * a third of the lease.
     */
    private static final Duration RESCAN = Duration.ofSeconds(30);
    /** How often the sender's retention looks for stored files that were fetched or whose message failed. */
    private static final Duration RETAIN = Duration.ofSeconds(10);

    private static final String METADATA_CONTENT_TYPE = "application/xml";

    private static final byte[] PULL_NAMESPACE = ExternalDataReferences.NAMESPACE.getBytes(StandardCharsets.UTF_8);
    private static final byte[] PUSH_NAMESPACE = ExternalDataReferences.PUSH_NAMESPACE.getBytes(StandardCharsets.UTF_8);

    private final GatewayConfig.Gb config;
    private final SenderFileStore files;
    private final ExpiredFileSweeper sweeper;
    private final DownloadQueue queue;
    private final FileTransfers transfers;
    private final MessageService messages;
    private final CpaRegistry cpas;
    private final Function<Cpa, Optional<PartyId>> selfParty;
    private final Supplier<URI> endpoint;
    private final GatewayMetrics metrics;
    private final ScheduledExecutorService rescan;
    private final Path downloadDir;
    private final OfferedFileRegister register;
    /** The transfers this node is downloading now, whose leases the rescan renews. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    private final String nodeId;
    private final Duration lease;
    private final GbMetadataReader reader = new GbMetadataReader();
    private final GbMetadataWriter writer = new GbMetadataWriter();
    private final GbPushRequestReader pushReader = new GbPushRequestReader();
    private final GbPushRequestWriter pushWriter = new GbPushRequestWriter();
    private final PushedFileStore pushed;
    private final PushedFileAssembler assembler;
    private final FileUploader uploader;
    private final Supplier<List<String>> cpaIds;
    private final ExecutorService pushVerifier;
    private final Clock clock;

    /**
     * @param endpoint the public URL of the file endpoint (ending in {@value GatewayConfig.Gb#FILE_PATH}), asked for
     *                 when a file is sent (the derived default knows the ebMS port only once the server runs)
     */
    LargeFileTransfers(
            GatewayConfig.Gb config,
            Path storeDir,
            Path downloadDir,
            SSLContext clientContext,
            SSLParameters clientParameters,
            Duration connectTimeout,
            Duration answerTimeout,
            FileTransfers transfers,
            OfferedFiles offeredFiles,
            String nodeId,
            Duration lease,
            MessageService messages,
            CpaRegistry cpas,
            Function<Cpa, Optional<PartyId>> selfParty,
            Supplier<URI> endpoint,
            Supplier<List<String>> cpaIds,
            GatewayMetrics metrics,
            Clock clock)
            throws IOException {
        this.cpaIds = cpaIds;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
        this.transfers = transfers;
        this.messages = messages;
        this.cpas = cpas;
        this.selfParty = selfParty;
        this.endpoint = endpoint;
        this.files = new SenderFileStore(storeDir, clock);
        this.nodeId = nodeId;
        this.lease = lease;
        this.register =
                new OfferedFileRegister(offeredFiles, files, cpas, this::otherParty, config.keepAfterFetch(), clock);
        FileDownloader downloader = new FileDownloader(
                downloadDir,
                clientContext,
                clientParameters,
                connectTimeout,
                answerTimeout,
                config.downloadAttempts(),
                RetryPause.doubling(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        this.queue = new DownloadQueue(downloader, config.maxConcurrentDownloads());
        this.downloadDir = downloadDir;
        // under the download directory: a pushed file is moved from there to its transfer's place, atomically
        this.pushed = new PushedFileStore(downloadDir.resolve("pushed"));
        this.assembler = new PushedFileAssembler(pushed);
        this.uploader = new FileUploader(
                clientContext,
                clientParameters,
                connectTimeout,
                answerTimeout,
                config.downloadAttempts(),
                RetryPause.doubling(Duration.ofSeconds(1), Duration.ofMinutes(5)));
        this.pushVerifier = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dkgw-gb-push");
            t.setDaemon(true);
            return t;
        });
        metrics.gb(this::storedBytes, queue::active);
        this.sweeper = new ExpiredFileSweeper(files, sweepInterval(config.fileLifetime()));
        this.rescan = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dkgw-gb-transfers");
            t.setDaemon(true);
            return t;
        });
    }

    /** A tenth of the lifetime, between a minute and an hour: an expired file lingers at most that long. */
    private static Duration sweepInterval(Duration lifetime) {
        Duration tenth = lifetime.dividedBy(10);
        Duration min = Duration.ofMinutes(1);
        Duration max = Duration.ofHours(1);
        return tenth.compareTo(min) < 0 ? min : tenth.compareTo(max) > 0 ? max : tenth;
    }

    private long storedBytes() {
        try {
            return files.storedBytes();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** The sender's store, which the file endpoint serves. */
    SenderFileStore fileStore() {
        return files;
    }

    /** The files peers pushed to this node, which the file endpoint's PUT fills. */
    PushedFileStore pushedFiles() {
        return pushed;
    }

    /** Whether the organisation with this OIN may push files here: it is the other party of one of this node's CPAs. */
    boolean mayPush(Oin oin) {
        try {
            return cpaIds.get().stream()
                    .map(cpas::find)
                    .flatMap(Optional::stream)
                    .anyMatch(cpa -> otherParty(cpa).filter(oin::equals).isPresent());
        } catch (RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.push-authorisation-failed")
                    .log("could not read the CPAs to authorise a GB push upload: {}", e.getMessage());
            return false;
        }
    }

    /** What the file endpoint asks about the files it serves. */
    OfferedFileAccess offeredFileAccess() {
        return register;
    }

    /**
     * Hands every transfer still DOWNLOADING (after a stop: resumed from its part file) to the queue, now and then,
     * renewing the leases of those running here; runs the sender's retention, and removes pushed files no push
     * request claimed.
     */
    void start() {
        Duration third = lease.dividedBy(3);
        Duration every = third.compareTo(RESCAN) < 0 ? third : RESCAN;
        rescan.scheduleWithFixedDelay(this::resumeAll, 0, Math.max(every.toMillis(), 100), TimeUnit.MILLISECONDS);
        rescan.scheduleWithFixedDelay(this::retain, RETAIN.toMillis(), RETAIN.toMillis(), TimeUnit.MILLISECONDS);
        long sweep = sweepInterval(config.fileLifetime()).toMillis();
        rescan.scheduleWithFixedDelay(this::removeStaleUploads, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    private void retain() {
        try {
            register.retain();
        } catch (RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.retention-failed")
                    .log("could not remove the fetched or refused GB files: {}", e.getMessage());
        }
    }

    /** Pushed files no push request named within the file lifetime, and pieces of broken uploads, go. */
    private void removeStaleUploads() {
        try {
            int removed = pushed.removeOlderThan(clock.instant().minus(config.fileLifetime()));
            if (removed > 0) {
                LOG.atInfo()
                        .addKeyValue("event", "gb.push-uploads-removed")
                        .addKeyValue("files", removed)
                        .log("removed pushed files no push request claimed within the file lifetime");
            }
        } catch (IOException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.push-sweep-failed")
                    .log("could not remove stale pushed files: {}", e.getMessage());
        }
    }

    private void resumeAll() {
        try {
            transfers.downloading().forEach(this::download);
        } catch (RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.transfers-scan-failed")
                    .log("could not list the GB transfers to resume: {}", e.getMessage());
        }
    }

    // ---- sending

    @Override
    public SubmitResult send(FileSubmission submission) throws IOException {
        Optional<Cpa> cpa = cpas.find(submission.cpaId());
        if (cpa.isEmpty()) {
            return new SubmitResult.Refused(
                    SubmissionFailure.UNKNOWN_CPA, "no CPA with id " + submission.cpaId() + " is imported");
        }
        Optional<Oin> receiver = otherParty(cpa.get());
        if (receiver.isEmpty()) {
            return new SubmitResult.Refused(
                    SubmissionFailure.NOT_ALLOWED_BY_CPA,
                    "CPA " + submission.cpaId() + " has no other party with an OIN to offer the file to");
        }
        if (submission.messageId() != null) {
            // offered again (a source retrying after a crash): the message stored the first time is the answer,
            // and the file is not stored a second time
            Optional<MessageReport> earlier = messages.report(submission.messageId());
            if (earlier.isPresent()) {
                return new SubmitResult.Accepted(earlier.get().message());
            }
        }
        StoredFile file;
        try {
            file = files.store(
                    submission.content(),
                    submission.filename(),
                    submission.contentType(),
                    receiver.get(),
                    config.fileLifetime());
        } catch (IllegalArgumentException e) {
            return new SubmitResult.Refused(SubmissionFailure.MALFORMED, e.getMessage());
        }
        SubmitResult result;
        try {
            register.stored(file, submission.cpaId());
            result = announce(submission, file, cpa.get(), receiver.get());
        } catch (RuntimeException | IOException e) {
            register.withdrawn(file);
            throw e;
        }
        if (result instanceof SubmitResult.Accepted accepted) {
            register.announced(file, accepted.message());
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-offered")
                    .addKeyValue("messageId", accepted.message().messageId())
                    .addKeyValue("cpaId", submission.cpaId())
                    .addKeyValue("fileId", file.id().value())
                    .addKeyValue("bytes", file.size())
                    .log("GB file stored and announced");
        } else {
            register.withdrawn(file);
        }
        return result;
    }

    /**
     * Submits the metadata message announcing {@code file}; with push, after uploading the file to {@code receiver}'s
     * endpoint in {@code cpa}.
     */
    private SubmitResult announce(FileSubmission submission, StoredFile file, Cpa cpa, Oin receiver)
            throws IOException {
        byte[] metadata;
        boolean push = submission.mode() == null
                ? config.pushes(submission.cpaId())
                : submission.mode() == FileSubmission.Mode.PUSH;
        if (push) {
            Optional<URI> target = pushTarget(cpa, receiver, file);
            if (target.isEmpty()) {
                return new SubmitResult.Refused(
                        SubmissionFailure.NOT_ALLOWED_BY_CPA,
                        "CPA " + submission.cpaId()
                                + " names no https endpoint for the other party to push the file to");
            }
            Optional<SubmitResult> refused = push(submission, file, target.get());
            if (refused.isPresent()) {
                return refused.get();
            }
            metadata = pushRequest(file, target.get());
        } else {
            metadata = pullMetadata(file);
        }
        return messages.submit(new Submission(
                submission.cpaId(),
                submission.service(),
                submission.action(),
                List.of(Submission.Part.of(METADATA_CONTENT_TYPE, metadata)),
                submission.conversationId(),
                null,
                submission.messageId(),
                submission.sourceId()));
    }

    private byte[] pullMetadata(StoredFile file) {
        try {
            DataReference reference = FileAnnouncement.of(file, endpoint.get(), null);
            return writer.write(ExternalDataReferences.of(reference));
        } catch (GbMetadataException e) {
            throw new IllegalStateException("the GB metadata dkgw wrote is not valid: " + e.getMessage(), e);
        }
    }

    private byte[] pushRequest(StoredFile file, URI target) {
        try {
            return pushWriter.write(PushRequest.of(
                    PushReference.of(file.filename(), file.contentType(), file.sha256(), file.size(), target)));
        } catch (GbMetadataException e) {
            throw new IllegalStateException("the GB push request dkgw wrote is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * The receiver's URL for this file: the file endpoint path on the host and port of the receiving party's ebMS
     * endpoint in the CPA (the push endpoint shares the ebMS connector), plus the file's unguessable id (MD002).
     */
    private Optional<URI> pushTarget(Cpa cpa, Oin receiver, StoredFile file) {
        Optional<PartyId> party = cpa.parties().stream()
                .filter(p -> PartyId.OIN_TYPE.equals(p.type()))
                .filter(p -> receiver.value().equals(p.oinWithoutEnvironmentSuffix()))
                .findFirst();
        if (party.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI endpoint = cpa.signalEndpointOf(party.get());
            if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getRawAuthority() == null) {
                return Optional.empty();
            }
            return Optional.of(URI.create("https://" + endpoint.getRawAuthority() + GatewayConfig.Gb.FILE_PATH
                    + file.id().value()));
        } catch (CpaResolutionException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Uploads the stored file. When that fails for good the stored file is removed (nothing announces it, so nobody
     * would fetch it): a refusal ({@code UPLOAD_REFUSED}) when the receiver answered 403 (GB010) or another 4xx, an
     * {@link IOException} naming the code after the attempts are used up; the submitter may send the file again.
     */
    private Optional<SubmitResult> push(FileSubmission submission, StoredFile file, URI target) throws IOException {
        Optional<TransferFailure> failure;
        try {
            failure = uploader.upload(
                    target, () -> Channels.newInputStream(files.open(file)), file.contentType(), file.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            files.remove(file.id(), "push interrupted");
            throw new InterruptedIOException("interrupted while pushing the GB file to " + target.getHost());
        }
        if (failure.isEmpty()) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.file-pushed")
                    .addKeyValue("cpaId", submission.cpaId())
                    .addKeyValue("fileId", file.id().value())
                    .addKeyValue("bytes", file.size())
                    .log("GB file uploaded to the receiver, announcing it");
            return Optional.empty();
        }
        files.remove(file.id(), "push failed");
        LOG.atWarn()
                .addKeyValue("event", "gb.push-failed")
                .addKeyValue("cpaId", submission.cpaId())
                .addKeyValue("fileId", file.id().value())
                .addKeyValue("code", failure.get().error().name())
                .log(
                        "GB file not pushed, removed from the store: {}",
                        failure.get().reason());
        if (failure.get().error() != GbError.UNKNOWN_ERROR) {
            return Optional.of(new SubmitResult.Refused(
                    SubmissionFailure.UPLOAD_REFUSED,
                    "the receiver refused the GB push: " + failure.get().reason()));
        }
        throw new IOException("the GB file could not be pushed to " + target.getHost() + ": "
                + failure.get().reason());
    }

    private Optional<Oin> otherParty(Cpa cpa) {
        Optional<PartyId> self = selfParty.apply(cpa);
        return cpa.parties().stream()
                .filter(p -> self.isEmpty() || !p.equals(self.get()))
                .filter(p -> PartyId.OIN_TYPE.equals(p.type()))
                .findFirst()
                .map(p -> Oin.parse(p.oinWithoutEnvironmentSuffix()));
    }

    // ---- receiving

    @Override
    public List<NewFileTransfer> of(MessageHeader header, List<Payload> payloads) throws EbmsException {
        List<NewFileTransfer> announced = new ArrayList<>();
        for (Payload payload : payloads) {
            Optional<byte[]> small = smallContent(payload);
            Optional<String> namespace = small.flatMap(LargeFileTransfers::rootNamespace);
            if (namespace.isEmpty()) {
                continue;
            }
            if (ExternalDataReferences.PUSH_NAMESPACE.equals(namespace.get())) {
                announced.addAll(pushedFiles(header, payload, small.get()));
                continue;
            }
            ExternalDataReferences metadata;
            try {
                metadata = reader.read(small.get());
            } catch (GbMetadataException e) {
                throw refusal(payload, GbError.INVALID_METADATA.reason(e.getMessage()));
            }
            for (DataReference reference : metadata.references()) {
                if (reference.location().kind() != FileLocation.Kind.SENDER_URL) {
                    throw refusal(
                            payload,
                            GbError.INVALID_METADATA.reason("pull metadata (" + ExternalDataReferences.NAMESPACE
                                    + ") with a receiverUrl: push is announced with a push request ("
                                    + ExternalDataReferences.PUSH_NAMESPACE + ")"));
                }
                requireTakenSize(payload, reference.filename(), reference.size());
                announced.add(new NewFileTransfer(
                        reference.filename(),
                        reference.contentType(),
                        reference.size(),
                        reference.checksum().algorithm().metadataName(),
                        reference.checksum().hex(),
                        reference.location().url().toString()));
            }
        }
        if (!announced.isEmpty()) {
            LOG.atInfo()
                    .addKeyValue("event", "gb.files-announced")
                    .addKeyValue("messageId", header.messageId())
                    .addKeyValue("cpaId", header.cpaId())
                    .addKeyValue("files", announced.size())
                    .log("received GB metadata; the message waits for its files");
        }
        return announced;
    }

    /**
     * The files of a push request: each names one upload on this node's push endpoint ({@code receiverUrl}) or, in
     * parts, one upload per part next to it (the part's filename resolved against the {@code receiverUrl}), plain or
     * in a ZIP container (GB017); the sender's OIN from the message header says in whose uploads to look.
     */
    private List<NewFileTransfer> pushedFiles(MessageHeader header, Payload payload, byte[] content)
            throws EbmsException {
        PushRequest request;
        try {
            request = pushReader.read(content);
        } catch (GbMetadataException e) {
            throw refusal(payload, GbError.INVALID_METADATA.reason(e.getMessage()));
        }
        String uploader = header.from() == null ? "" : header.from().oinWithoutEnvironmentSuffix();
        List<NewFileTransfer> files = new ArrayList<>();
        for (PushReference reference : request.references()) {
            requireTakenSize(payload, reference.filename(), reference.size());
            List<PushedUpload.Piece> pieces = new ArrayList<>();
            if (reference.parts().isEmpty()) {
                pieces.add(PushedUpload.Piece.whole(uploadName(payload, reference.receiverUrl())));
            }
            for (PushReference.Part part : reference.parts()) {
                URI url = reference.receiverUrl().resolve(part.filename());
                pieces.add(new PushedUpload.Piece(uploadName(payload, url), part.size(), part.checksum()));
            }
            PushedUpload upload = new PushedUpload(uploader, reference.compression(), pieces);
            if (!upload.fits()) {
                throw refusal(
                        payload,
                        GbError.COMPRESSION_NOT_SUPPORTED.reason("this gateway keeps at most "
                                + PushedUpload.MAX_LENGTH + " characters of part names and checksums per file; "
                                + reference.filename() + " has " + pieces.size() + " parts, too many to keep"));
            }
            files.add(new NewFileTransfer(
                    reference.filename(),
                    reference.contentType(),
                    reference.size(),
                    reference.checksum().algorithm().metadataName(),
                    reference.checksum().hex(),
                    upload.location()));
        }
        return files;
    }

    /** A file larger than {@code gb.max-file-size} refuses its message before anything is fetched or unpacked. */
    private void requireTakenSize(Payload payload, String filename, long size) throws EbmsException {
        if (size > config.maxFileSize()) {
            throw refusal(
                    payload,
                    GbError.INCORRECT_FILE_SIZE.reason(filename + " is announced with " + size
                            + " bytes; this gateway takes files of at most " + config.maxFileSize()
                            + " bytes (gb.max-file-size)"));
        }
    }

    /** The upload name a URL of this node's push endpoint names; the message refused for any other URL. */
    private static String uploadName(Payload payload, URI url) throws EbmsException {
        String path = url.getRawPath();
        Optional<String> name = path != null && path.startsWith(GatewayConfig.Gb.FILE_PATH)
                ? PushedFileStore.name(path.substring(GatewayConfig.Gb.FILE_PATH.length()))
                : Optional.empty();
        if (name.isEmpty()) {
            throw refusal(
                    payload,
                    GbError.FILE_NOT_FOUND.reason("the receiverUrl " + url
                            + " is not a file on this gateway's push endpoint (" + GatewayConfig.Gb.FILE_PATH
                            + "<name>)"));
        }
        return name.get();
    }

    private static EbmsException refusal(Payload payload, String reason) {
        return new EbmsException(ErrorCode.ValueNotRecognized, "cid:" + payload.contentId(), reason);
    }

    /** The namespace of the payload's root element when it is GB metadata (pull or push); empty otherwise. */
    /**
     * The content of a payload small enough to be GB metadata ({@value #LARGEST_METADATA} bytes at most), read into
     * memory; empty for a larger one, which is then read no further (a payload of any size may pass through here).
     */
    private static Optional<byte[]> smallContent(Payload payload) throws EbmsException {
        if (payload.size() > LARGEST_METADATA) {
            return Optional.empty();
        }
        try (InputStream in = payload.open()) {
            byte[] content = in.readNBytes(LARGEST_METADATA + 1);
            return content.length > LARGEST_METADATA ? Optional.empty() : Optional.of(content);
        } catch (IOException e) {
            throw new EbmsException(
                    ErrorCode.MimeProblem,
                    "cid:" + payload.contentId(),
                    "the payload part cannot be read: " + e.getMessage());
        }
    }

    private static Optional<String> rootNamespace(byte[] data) {
        if (indexOf(data, PULL_NAMESPACE) < 0 && indexOf(data, PUSH_NAMESPACE) < 0) {
            return Optional.empty(); // cheap: most payloads never mention GB
        }
        Document doc;
        try {
            doc = SafeXml.parse(data);
        } catch (SAXException | RuntimeException e) {
            return Optional.empty();
        }
        String ns = doc.getDocumentElement().getNamespaceURI();
        return ExternalDataReferences.NAMESPACE.equals(ns) || ExternalDataReferences.PUSH_NAMESPACE.equals(ns)
                ? Optional.of(ns)
                : Optional.empty();
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void stored(long messagePk) {
        try {
            transfers.ofMessage(messagePk).stream()
                    .filter(t -> t.status() == FileTransferStatus.DOWNLOADING)
                    .forEach(this::download);
        } catch (RuntimeException e) {
            // the rescan picks them up
            LOG.atWarn()
                    .addKeyValue("event", "gb.transfers-start-failed")
                    .addKeyValue("messagePk", messagePk)
                    .log("could not start the GB downloads of a received message: {}", e.getMessage());
        }
    }

    private void download(FileTransfer transfer) {
        if (!transfers.claim(transfer.transferId(), nodeId, lease)) {
            return; // another node of the cluster holds it (and renews its lease while it works on it)
        }
        if (!running.add(transfer.transferId())) {
            return; // under way here already: the claim renewed its lease
        }
        if (PushedUpload.isLocation(transfer.url())) {
            pushVerifier.execute(() -> {
                try {
                    takePushed(transfer);
                } finally {
                    running.remove(transfer.transferId());
                }
            });
            return;
        }
        Optional<ChecksumAlgorithm> known = ChecksumAlgorithm.byMetadataName(transfer.checksumAlgorithm());
        if (known.isEmpty()) {
            running.remove(transfer.transferId());
            failed(transfer, GbError.CHECKSUM_TYPE_NOT_SUPPORTED.reason(transfer.checksumAlgorithm()));
            return;
        }
        DownloadRequest request;
        try {
            ChecksumAlgorithm algorithm = known.get();
            request = new DownloadRequest(
                    transfer.transferId(),
                    URI.create(transfer.url()),
                    transfer.size(),
                    new Checksum(algorithm, transfer.checksum()));
        } catch (IllegalArgumentException e) {
            running.remove(transfer.transferId());
            failed(transfer, GbError.UNKNOWN_ERROR.reason("the announced file cannot be fetched: " + e.getMessage()));
            return;
        }
        queue.submit(request).whenComplete((result, error) -> {
            running.remove(transfer.transferId());
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (!(cause instanceof InterruptedException)) {
                    LOG.atWarn()
                            .addKeyValue("event", "gb.transfer-broken")
                            .addKeyValue("messagePk", transfer.messagePk())
                            .addKeyValue("transferId", transfer.transferId())
                            .log("GB download stopped on a local error, tried again later: {}", cause.toString());
                }
                return;
            }
            ended(transfer, result);
        });
    }

    /**
     * A pushed file: its upload, or its parts joined and unpacked ({@link PushedFileAssembler}), becomes {@code
     * <transfer id>.part} in the download directory, is verified (GB014, GB015), then moved to {@code <transfer id>},
     * where a pulled file ends too. After a stop between those steps the pieces, the part or the result is taken up
     * where it is. A missing single upload fails the transfer at once (the standard uploads before it announces); a
     * missing part is waited for (looked at again on every rescan) until the file lifetime has passed.
     */
    private void takePushed(FileTransfer transfer) {
        Path result = downloadDir.resolve(transfer.transferId());
        try {
            if (!Files.exists(result)) {
                PushedUpload upload = PushedUpload.parse(transfer.url());
                Oin uploader;
                try {
                    uploader = Oin.parse(upload.uploader());
                } catch (IllegalArgumentException e) {
                    failed(
                            transfer,
                            GbError.NOT_AUTHORISED.reason(
                                    "the message's sender has no OIN to look for its upload under"));
                    return;
                }
                ChecksumAlgorithm algorithm = ChecksumAlgorithm.byMetadataName(transfer.checksumAlgorithm())
                        .orElse(null);
                if (algorithm == null) {
                    failed(transfer, GbError.CHECKSUM_TYPE_NOT_SUPPORTED.reason(transfer.checksumAlgorithm()));
                    return;
                }
                PushedFileAssembler.Outcome outcome =
                        assembler.assemble(uploader, upload, downloadDir, transfer.transferId(), transfer.size());
                if (outcome instanceof PushedFileAssembler.Outcome.Missing missing) {
                    missing(transfer, upload, uploader, missing.names());
                    return;
                }
                if (outcome instanceof PushedFileAssembler.Outcome.Failed failure) {
                    failed(transfer, failure.failure().reason());
                    return;
                }
                Path part = ((PushedFileAssembler.Outcome.Ready) outcome).part();
                Optional<TransferFailure> problem =
                        FileCheck.problem(part, transfer.size(), new Checksum(algorithm, transfer.checksum()));
                if (problem.isPresent()) {
                    Files.deleteIfExists(part);
                    failed(transfer, problem.get().reason());
                    return;
                }
                Files.move(part, result, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            ended(transfer, new DownloadResult(transfer.transferId(), DownloadStatus.COMPLETED, result, null, 1));
        } catch (IOException | RuntimeException e) {
            LOG.atWarn()
                    .addKeyValue("event", "gb.transfer-broken")
                    .addKeyValue("messagePk", transfer.messagePk())
                    .addKeyValue("transferId", transfer.transferId())
                    .log("GB pushed file not taken on a local error, tried again later: {}", e.toString());
        }
    }

    private void missing(FileTransfer transfer, PushedUpload upload, Oin uploader, List<String> names) {
        boolean waited = transfer.createdAt() == null
                || !clock.instant().isBefore(transfer.createdAt().plus(config.fileLifetime()));
        if (upload.pieces().size() == 1 || waited) {
            try {
                // parts a run before a stop had already taken
                PushedFileAssembler.discard(
                        downloadDir, transfer.transferId(), upload.pieces().size());
            } catch (IOException e) {
                LOG.atWarn()
                        .addKeyValue("event", "gb.push-parts-not-removed")
                        .addKeyValue("transferId", transfer.transferId())
                        .log("could not remove the parts of a failed pushed file: {}", e.toString());
            }
            failed(
                    transfer,
                    GbError.FILE_NOT_FOUND.reason("the push request names " + String.join(", ", names)
                            + ", which the sender (" + uploader.value() + ") has not uploaded to this gateway"
                            + (upload.pieces().size() == 1 ? "" : " within the file lifetime")));
            return;
        }
        LOG.atInfo()
                .addKeyValue("event", "gb.push-parts-awaited")
                .addKeyValue("messagePk", transfer.messagePk())
                .addKeyValue("transferId", transfer.transferId())
                .addKeyValue("missing", names.size())
                .log("GB pushed file waits for parts not uploaded yet");
    }

    private void ended(FileTransfer transfer, DownloadResult result) {
        if (result.completed()) {
            if (transfers.completed(
                    transfer.transferId(), result.file().toAbsolutePath().toString())) {
                metrics.gbTransferEnded("completed");
                LOG.atInfo()
                        .addKeyValue("event", "gb.transfer-completed")
                        .addKeyValue("messagePk", transfer.messagePk())
                        .addKeyValue("transferId", transfer.transferId())
                        .addKeyValue("bytes", transfer.size())
                        .log("GB file arrived and verified");
            }
        } else {
            failed(transfer, result.failure());
        }
    }

    private void failed(FileTransfer transfer, String reason) {
        if (transfers.failed(transfer.transferId(), reason)) {
            metrics.gbTransferEnded("failed");
            LOG.atWarn()
                    .addKeyValue("event", "gb.transfer-failed")
                    .addKeyValue("messagePk", transfer.messagePk())
                    .addKeyValue("transferId", transfer.transferId())
                    .log("GB file not received: {}", reason);
        }
    }

    @Override
    public List<ReceivedFile> files(long messagePk) {
        return transfers.ofMessage(messagePk).stream()
                .map(LargeFileTransfers::received)
                .toList();
    }

    private static ReceivedFile received(FileTransfer t) {
        return new ReceivedFile(
                t.messagePk(),
                t.transferId(),
                t.filename(),
                t.contentType(),
                t.size(),
                t.checksumAlgorithm() + ":" + t.checksum(),
                ReceivedFile.Status.valueOf(t.status().name()),
                t.detail(),
                t.filePath() == null ? null : Path.of(t.filePath()));
    }

    @Override
    public List<SentFile> sent(long messagePk) {
        return register.ofMessage(messagePk);
    }

    @Override
    public OptionalLong bytesSoFar(ReceivedFile file) {
        return switch (file.status()) {
            case COMPLETED -> OptionalLong.of(file.size());
            case FAILED -> OptionalLong.empty();
            case DOWNLOADING -> {
                try {
                    yield OptionalLong.of(Files.size(downloadDir.resolve(file.transferId() + ".part")));
                } catch (IOException | RuntimeException e) {
                    yield OptionalLong.empty(); // not started yet, or just completed
                }
            }
        };
    }

    @Override
    public InputStream open(ReceivedFile file) throws IOException {
        if (file.status() != ReceivedFile.Status.COMPLETED || file.path() == null) {
            throw new IllegalStateException(
                    "GB transfer " + file.transferId() + " has not arrived (" + file.status() + ")");
        }
        return Files.newInputStream(file.path());
    }

    @Override
    public void close() {
        rescan.shutdownNow();
        pushVerifier.shutdownNow();
        queue.close();
        sweeper.close();
    }

    /** The {@link LargeFiles} of a node with GB off: every call says so. */
    static final LargeFiles OFF = new LargeFiles() {
        @Override
        public SubmitResult send(FileSubmission submission) {
            throw off();
        }

        @Override
        public List<ReceivedFile> files(long messagePk) {
            throw off();
        }

        @Override
        public InputStream open(ReceivedFile file) {
            throw off();
        }

        private IllegalStateException off() {
            return new IllegalStateException("Grote Berichten is off on this node (gb.enabled: false)");
        }
    };
}
