package nl.dkgw.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.cpa.Cpa;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.cpa.StoredCpa;
import nl.dkgw.cpa.UrlMapping;
import nl.dkgw.gateway.admin.AuditLog;
import nl.dkgw.gateway.admin.UserDirectory;
import nl.dkgw.gateway.api.FailureReports;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.InboundDelivery;
import nl.dkgw.gateway.api.LargeFiles;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.api.PingResult;
import nl.dkgw.gateway.api.StatusResult;
import nl.dkgw.gateway.api.Submission;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.config.KeySourceLoader;
import nl.dkgw.gateway.cpa.CpaImporter;
import nl.dkgw.gateway.http.AdminAccess;
import nl.dkgw.gateway.http.AdminApi;
import nl.dkgw.gateway.http.BodySpool;
import nl.dkgw.gateway.http.EbmsHttpHandler;
import nl.dkgw.gateway.http.GbFileHandler;
import nl.dkgw.gateway.http.GbPushHandler;
import nl.dkgw.gateway.http.HttpServers;
import nl.dkgw.gateway.http.InboundMemoryBudget;
import nl.dkgw.gateway.http.SoapActionRule;
import nl.dkgw.gateway.mime.SoapWithAttachments;
import nl.dkgw.gateway.msh.AnnouncedFiles;
import nl.dkgw.gateway.msh.CountedTlsContext;
import nl.dkgw.gateway.msh.DeliveryScheduler;
import nl.dkgw.gateway.msh.HttpSender;
import nl.dkgw.gateway.msh.InboundProcessor;
import nl.dkgw.gateway.msh.MessageIds;
import nl.dkgw.gateway.msh.MessageSecurity;
import nl.dkgw.gateway.msh.NodeMessages;
import nl.dkgw.gateway.msh.OutboundMessages;
import nl.dkgw.gateway.msh.SignalFactory;
import nl.dkgw.gateway.msh.SignalReceiver;
import nl.dkgw.gateway.msh.SignalRequester;
import nl.dkgw.gateway.msh.SubmissionException;
import nl.dkgw.gateway.ops.GatewayMetrics;
import nl.dkgw.gateway.ops.Readiness;
import nl.dkgw.gateway.retention.RetentionPolicy;
import nl.dkgw.gateway.security.CryptoProviderSelection;
import nl.dkgw.gateway.security.KeyInfoContent;
import nl.dkgw.gateway.security.PartSpool;
import nl.dkgw.gateway.store.MessageKind;
import nl.dkgw.gateway.store.MessageQueries;
import nl.dkgw.gateway.store.MessageStatus;
import nl.dkgw.gateway.store.PurgeCounts;
import nl.dkgw.gateway.store.RefusedSignal;
import nl.dkgw.gateway.store.RefusedSignals;
import nl.dkgw.gateway.store.RouteFilter;
import nl.dkgw.gateway.store.Store;
import nl.dkgw.gateway.store.StoredMessage;
import nl.dkgw.gateway.store.jdbc.GatewayDatabase;
import nl.dkgw.gateway.store.jdbc.GroupCommit;
import nl.dkgw.gateway.store.jdbc.H2UrlRisks;
import nl.dkgw.gateway.store.jdbc.JdbcAuditEvents;
import nl.dkgw.gateway.store.jdbc.JdbcMessageQueries;
import nl.dkgw.gateway.store.jdbc.JdbcRefusedSignals;
import nl.dkgw.gateway.store.jdbc.JdbcStore;
import nl.dkgw.gateway.store.jdbc.PartStreamLimit;
import nl.dkgw.gateway.store.jdbc.StoreTransactions;
import nl.dkgw.pki.IntermediateCertificates;
import nl.dkgw.pki.KeyMaterial;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.TrustAnchors;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;
import nl.dkgw.pki.validation.CertificateValidator;
import nl.dkgw.pki.validation.CrlSource;
import nl.dkgw.pki.validation.DirectoryCrlSource;
import nl.dkgw.pki.validation.HttpCrlSource;
import nl.dkgw.pki.validation.PkioCertificateValidator;
import org.eclipse.jetty.server.Handler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node: the ebMS endpoint, the admin API, the store and the delivery scheduler, and the Java API
 * applications use to send and receive messages.
 */
public final class Gateway implements GatewayNode, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

    private final GatewayConfig config;
    private final Path baseDir;
    /** Where the node's decisions about time come from; due times and leases follow the database's clock. */
    private final Clock clock;

    private final GatewayDatabase database;
    private final CpaStore cpas;
    private final CpaImporter cpaImporter;
    private final Store store;
    /** The writer threads that commit the store's short hot-path writes together (group commit). */
    private final GroupCommit storeWriters;

    private final StoreTransactions storeTransactions = StoreTransactions.ofOneNode();
    private final DeliveryScheduler scheduler;
    private final OutboundMessages outbound;
    private final HttpServers servers;
    private final Oin ownOin;
    private final NodeMessages messages;
    private final GatewayMetrics metrics;
    private final Readiness readiness;
    private final List<CrlSource> crlSources = new ArrayList<>();
    private final AuditLog audit;
    private final MessageQueries queries;
    private final RefusedSignals refusedSignals;
    private final Map<String, X509Certificate> ownCertificates;
    /** {@code limits.spool-dir}, resolved: where the temporary files of messages being handled are written. */
    private final Path spoolDir;
    /** Grote Berichten; null when {@code gb.enabled} is off. */
    private final LargeFileTransfers largeFiles;

    private Gateway(
            GatewayConfig config, Path baseDir, UnaryOperator<Handler> inboundLayer, Clock clock, StartedParts opened)
            throws Exception {
        this.config = config;
        this.baseDir = baseDir;
        this.clock = clock;
        TlsPolicy.rejectClientInitiatedRenegotiation();
        var cryptoProvider = CryptoProviderSelection.apply(config.security().cryptoProvider());
        UserDirectory adminUsers = AdminAccess.users(config.admin(), clock);
        GatewayConfig.Tls tls = config.tls();
        tls.requireForNode();
        KeySourceLoader keys = new KeySourceLoader(baseDir);
        KeyMaterial serverKey = keys.load(tls.serverKey(), "tls.server-key");
        KeyMaterial clientKey = keys.load(tls.clientKey(), "tls.client-key");
        TrustAnchors anchors =
                TrustAnchors.fromKeyStore(baseDir.resolve(tls.trustStore()), chars(tls.trustStorePassword()));
        IntermediateCertificates intermediates = intermediates(tls, keys);
        CertificateValidator validator = validator(tls, anchors, intermediates, baseDir, crlSources);
        this.ownOin = Oin.fromCertificate(clientKey.certificate())
                .orElseThrow(() -> new IllegalArgumentException("the TLS client certificate "
                        + clientKey.certificate().getSubjectX500Principal().getName()
                        + " has no OIN in its subject serialNumber; Digikoppeling identifies this gateway by it"));
        SSLContext serverContext = TlsContexts.create(serverKey, anchors, validator);
        // the metrics do not exist yet; the context reports to them once they do (no connection opens before)
        AtomicReference<GatewayMetrics> connectionsTo = new AtomicReference<>();
        SSLContext clientContext = CountedTlsContext.of(TlsContexts.create(clientKey, anchors, validator), peer -> {
            GatewayMetrics m = connectionsTo.get();
            if (m != null) {
                m.outboundConnection(peer);
            }
        });
        SSLParameters clientParameters = clientContext.getDefaultSSLParameters();
        TlsPolicy.applyTo(clientParameters);

        Files.createDirectories(baseDir.resolve(config.node().dataDir()));
        // one directory for every temporary file a message makes: received bodies, encrypted and decrypted parts,
        // payloads submitted raw on the admin API; emptied of what a previous run left before anything writes to it
        this.spoolDir = baseDir.resolve(config.limits().spoolDirOr(config.node().dataDir()));
        BodySpool spool = new BodySpool(spoolDir, config.limits().spoolThresholdBytes());
        spool.prepare();
        GatewayConfig.Database db = config.database();
        String jdbcUrl = config.jdbcUrl(baseDir);
        for (String risk : H2UrlRisks.of(jdbcUrl)) {
            LOG.atWarn().addKeyValue("event", "database.h2-url-risk").log("database.url: {}", risk);
        }
        this.database = opened.add(GatewayDatabase.open(jdbcUrl, db.user(), db.password(), db.poolSize()));
        this.cpas = new CpaStore(database.dataSource(), urlMapping(config.cpa()));
        this.cpaImporter = new CpaImporter(cpas, config.security().compatibilityMode());
        this.storeWriters =
                opened.add(new GroupCommit(database.dataSource(), storeTransactions, db.writers(), db.commitLinger()));
        // large payload parts read as streams (posted, downloaded) hold a connection each: bounded, so they always
        // leave the writers and the rest of the node connections of their own
        PartStreamLimit partStreams = PartStreamLimit.onPool(db.poolSize(), db.writers());
        this.store = JdbcStore.of(storeWriters, clock, partStreams);
        this.queries = new JdbcMessageQueries(database.dataSource(), partStreams);
        this.refusedSignals = new JdbcRefusedSignals(database.dataSource());
        this.audit =
                new AuditLog(new JdbcAuditEvents(storeWriters), config.node().id(), clock);
        SoapWithAttachments mime = new SoapWithAttachments(config.limits().maxPayloadParts());
        GatewayConfig.Delivery d = config.delivery();
        HttpSender sender =
                opened.add(new HttpSender(clientContext, clientParameters, d.connectTimeout(), d.requestTimeout()));
        MessageIds ids = new MessageIds(ownOin.value() + ".dkgw");
        SignalFactory signalFactory = new SignalFactory(ids, clock);
        GatewayConfig.Security sec = config.security();
        Optional<KeyMaterial> signingKey = sec.signingKey() == null
                ? Optional.empty()
                : Optional.of(keys.load(sec.signingKey(), "security.signing-key"));
        Optional<KeyMaterial> encryptionKey = sec.encryptionKey() == null
                ? Optional.empty()
                : Optional.of(keys.load(sec.encryptionKey(), "security.encryption-key"));
        if (sec.compatibilityMode()) {
            LOG.atWarn()
                    .addKeyValue("event", "security.compatibility-mode")
                    .log("COMPATIBILITY MODE IS ON: AES-CBC payload encryption and RSA 1.5 key transport are accepted "
                            + "(and produced where a CPA demands them). The Digikoppeling Beveiligingsstandaarden forbid "
                            + "both; use this only for links with adapters that cannot do AES-GCM and RSA-OAEP.");
        }
        if (GatewayConfig.Security.KEY_INFO_LEAF.equals(sec.signatureKeyInfo())) {
            LOG.atInfo()
                    .addKeyValue("event", "security.signature-key-info")
                    .log("signatures carry only the signing certificate in ds:KeyInfo "
                            + "(security.signature-key-info: leaf): peers must know its intermediate CAs");
        }
        MessageSecurity security = new MessageSecurity(
                signingKey,
                encryptionKey,
                validator,
                sec.compatibilityMode(),
                KeyInfoContent.of(sec.signatureKeyInfo()),
                new PartSpool(spoolDir, PartSpool.DEFAULT_IN_MEMORY_LIMIT));
        Map<String, X509Certificate> certs = new LinkedHashMap<>();
        certs.put("tls-server", serverKey.certificate());
        certs.put("tls-client", clientKey.certificate());
        signingKey.ifPresent(k -> certs.put("signing", k.certificate()));
        encryptionKey.ifPresent(k -> certs.put("encryption", k.certificate()));
        this.ownCertificates = Collections.unmodifiableMap(certs);
        this.metrics = new GatewayMetrics(store.deliveryTasks(), storeTransactions, cpas, () -> ownCertificates, clock);
        metrics.cryptoProvider(cryptoProvider);
        connectionsTo.set(metrics);
        this.readiness = new Readiness(database, signingKey, crlSources, clock);
        SignalReceiver signalReceiver = new SignalReceiver(store, refusedSignals, cpas, security, metrics, clock);
        // A post that outlasts its lease could be taken over by another node while still in flight: the lease is
        // never shorter than the longest a post can take.
        Duration lease = d.effectiveLease();
        if (!lease.equals(d.lease())) {
            LOG.atWarn()
                    .addKeyValue("event", "delivery.lease-raised")
                    .addKeyValue("lease", lease.toString())
                    .log(
                            "delivery.lease {} is shorter than connect-timeout + request-timeout; using {} instead",
                            d.lease(),
                            lease);
        }
        this.scheduler = opened.add(new DeliveryScheduler(
                store,
                sender,
                mime,
                signalReceiver,
                config.node().id(),
                d.workers(),
                d.pollInterval(),
                lease,
                metrics,
                cpas,
                refusedSignals,
                clock));
        this.outbound = new OutboundMessages(
                cpas,
                store,
                ids,
                scheduler::wakeUp,
                scheduler,
                d.signalRetries(),
                d.signalRetryInterval(),
                security,
                metrics,
                clock);
        this.messages = new NodeMessages(
                cpas,
                store,
                refusedSignals,
                outbound,
                new SignalRequester(signalFactory, sender, mime, store, security),
                ownOin,
                config.node().id());
        GatewayConfig.Gb gb = config.gb();
        this.largeFiles = gb.enabled()
                ? opened.add(new LargeFileTransfers(
                        gb,
                        baseDir.resolve(gb.storeDirOr(config.node().dataDir())),
                        baseDir.resolve(gb.downloadDirOr(config.node().dataDir())),
                        clientContext,
                        clientParameters,
                        d.connectTimeout(),
                        d.requestTimeout(),
                        store.fileTransfers(),
                        store.offeredFiles(),
                        config.node().id(),
                        lease,
                        messages,
                        cpas,
                        messages::selfParty,
                        this::fileEndpoint,
                        () -> cpas.list().stream().map(StoredCpa::cpaId).toList(),
                        metrics,
                        clock))
                : null;
        InboundProcessor inbound = new InboundProcessor(
                cpas,
                store,
                mime,
                signalFactory,
                signalReceiver,
                outbound,
                security,
                metrics,
                clock,
                largeFiles == null ? AnnouncedFiles.NONE : largeFiles,
                config.limits()::maxMessageBytesFor);
        for (String file : config.cpa().files()) {
            importCpaFile(baseDir.resolve(file));
        }
        GatewayConfig.Limits limits = config.limits();
        InboundMemoryBudget inboundMemory =
                new InboundMemoryBudget(limits.maxInflightBytes(), limits.inflightWait(), limits.spoolThresholdBytes());
        inboundMemory.warnIfSmallerThan(limits.largestMaxMessageBytes());
        this.servers = opened.add(new HttpServers(
                config,
                serverContext,
                inboundLayer.apply(new EbmsHttpHandler(
                        config.ebms().path(),
                        limits.largestMaxMessageBytes(),
                        inboundMemory,
                        inbound,
                        SoapActionRule.of(config.ebms().soapAction()),
                        spool)),
                AdminAccess.create(
                        new AdminApi(new NodeAdministration(this)),
                        adminUsers,
                        config.admin().sessionIdle(),
                        audit,
                        clock),
                largeFiles == null
                        ? null
                        : new GbFileHandler(
                                GatewayConfig.Gb.FILE_PATH,
                                largeFiles.fileStore(),
                                largeFiles.offeredFileAccess(),
                                new GbPushHandler(
                                        GatewayConfig.Gb.FILE_PATH,
                                        largeFiles.pushedFiles(),
                                        largeFiles::mayPush,
                                        config.gb().maxFileSize()))));
        servers.countHandshakes(metrics::inboundHandshake);
        servers.start();
        scheduler.start();
        if (largeFiles != null) {
            largeFiles.start();
            LOG.atInfo()
                    .addKeyValue("event", "gb.enabled")
                    .addKeyValue("fileEndpoint", fileEndpoint().toString())
                    .addKeyValue("mode", config.gb().mode())
                    .log(
                            "Grote Berichten on ({}): files are offered and taken on {}",
                            config.gb().mode(),
                            fileEndpoint());
        }
        LOG.atInfo()
                .addKeyValue("event", "node.started")
                .addKeyValue("nodeId", config.node().id())
                .addKeyValue("oin", ownOin.value())
                .addKeyValue("ebmsPort", ebmsPort())
                .addKeyValue("adminPort", adminPort())
                .log("gateway node started");
    }

    /**
     * The public URL of this node's GB file endpoint: {@code gb.public-url}, or derived from the ebMS connector's
     * host (the machine's name when it listens on a wildcard address) and the port it listens on.
     */
    URI fileEndpoint() {
        String configured = config.gb().publicUrl();
        if (configured != null) {
            return URI.create(configured);
        }
        String host = config.ebms().host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            try {
                host = InetAddress.getLocalHost().getCanonicalHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("https://" + host + ":" + ebmsPort() + GatewayConfig.Gb.FILE_PATH);
    }

    /** One of {@code cpa.files}, imported at start; a refusal names the file, so the operator knows which one. */
    private void importCpaFile(Path file) throws IOException, CpaImporter.RejectedCpaException {
        String xml;
        try {
            xml = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("cpa.files: " + file + " does not exist");
        }
        try {
            cpaImporter.importCpa(xml);
        } catch (CpaImporter.RejectedCpaException e) {
            throw new CpaImporter.RejectedCpaException("cpa.files: " + file + ": " + e.getMessage(), e.problems());
        }
    }

    private static IntermediateCertificates intermediates(GatewayConfig.Tls tls, KeySourceLoader keys) {
        IntermediateCertificates loaded = keys.intermediates(tls.intermediates(), "tls.intermediates");
        if (!loaded.isEmpty()) {
            LOG.atInfo()
                    .addKeyValue("event", "tls.intermediates-loaded")
                    .addKeyValue("count", loaded.certificates().size())
                    .log(
                            "{} intermediate CA certificate(s) from {} offered for path building (never trusted by "
                                    + "themselves): {}",
                            loaded.certificates().size(),
                            tls.intermediates(),
                            loaded);
        }
        return loaded;
    }

    private static CertificateValidator validator(
            GatewayConfig.Tls tls,
            TrustAnchors anchors,
            IntermediateCertificates intermediates,
            Path baseDir,
            List<CrlSource> sources) {
        PkioCertificateValidator.Builder builder =
                PkioCertificateValidator.builder(anchors).intermediates(intermediates);
        if (!tls.crlCheck()) {
            LOG.atWarn()
                    .addKeyValue("event", "tls.crl-check-off")
                    .log("CRL checking is OFF (tls.crl-check: false): revoked peer certificates are accepted. "
                            + "Digikoppeling requires CRL checking; use this only in tests.");
            return builder.build();
        }
        CrlSource online =
                HttpCrlSource.builder().refreshInterval(tls.crlRefresh()).build();
        if (tls.crlDir() != null) {
            sources.add(new DirectoryCrlSource(baseDir.resolve(tls.crlDir())));
        }
        sources.add(online);
        CrlSource source = sources.size() == 1 ? online : CrlSource.firstOf(sources.toArray(CrlSource[]::new));
        return builder.crlSource(source).crlGrace(tls.crlGrace()).build();
    }

    /** Starts a node; relative paths in the configuration are resolved against {@code baseDir}. */
    public static Gateway start(GatewayConfig config, Path baseDir) throws Exception {
        return open(config, baseDir, handler -> handler, Clock.systemUTC());
    }

    /**
     * Starts a node with a layer in front of its ebMS endpoint: {@code inboundLayer} gets the endpoint's handler and
     * returns the handler the HTTPS connector calls (e.g. a Jetty handler wrapper). The counterpart simulators of
     * test-chain put their switchable misbehaviour there.
     */
    public static Gateway start(GatewayConfig config, Path baseDir, UnaryOperator<Handler> inboundLayer)
            throws Exception {
        return open(config, baseDir, inboundLayer, Clock.systemUTC());
    }

    /**
     * As {@link #start(GatewayConfig, Path, UnaryOperator)}, with the node's decisions about time
     * (deadlines, retries, TimeToLive, CPA validity, sessions, retention) taken from {@code clock}. Delivery due times
     * and leases stay on the database's clock, which the nodes of a cluster share.
     */
    public static Gateway start(GatewayConfig config, Path baseDir, UnaryOperator<Handler> inboundLayer, Clock clock)
            throws Exception {
        return open(config, baseDir, inboundLayer, clock);
    }

    /** Constructs the node; a start that fails closes what it had opened (pool, servers, scheduler) first. */
    private static Gateway open(GatewayConfig config, Path baseDir, UnaryOperator<Handler> inboundLayer, Clock clock)
            throws Exception {
        StartedParts opened = new StartedParts();
        try {
            return new Gateway(config, baseDir, inboundLayer, clock, opened);
        } catch (Exception | Error e) {
            opened.closeAfterFailedStart(e);
            throw e;
        }
    }

    private static char[] chars(String s) {
        return s == null ? new char[0] : s.toCharArray();
    }

    public GatewayConfig config() {
        return config;
    }

    /** The directory relative paths of the configuration are resolved against. */
    public Path baseDir() {
        return baseDir;
    }

    /**
     * {@code limits.spool-dir}, resolved against {@link #baseDir()}: where received bodies, encrypted and decrypted
     * parts and payloads submitted raw on the admin API are written while they are handled.
     */
    public Path spoolDirectory() {
        return spoolDir;
    }

    public Oin ownOin() {
        return ownOin;
    }

    @Override
    public LargeFiles largeFiles() {
        return largeFiles == null ? LargeFileTransfers.OFF : largeFiles;
    }

    public CpaStore cpas() {
        return cpas;
    }

    /** Validates and imports (or replaces) a CPA; it takes effect at once. */
    public CpaImporter.Imported importCpa(String xml) throws CpaImporter.RejectedCpaException {
        return cpaImporter.importCpa(xml);
    }

    private static UrlMapping urlMapping(GatewayConfig.Cpa cpa) {
        UrlMapping mapping = UrlMapping.none();
        for (var e : cpa.urlMapping().entrySet()) {
            mapping = mapping.withPrefix(e.getKey(), e.getValue());
        }
        for (var e : cpa.endpointOverrides().entrySet()) {
            mapping = mapping.withEndpoint(e.getKey(), URI.create(e.getValue()));
        }
        return mapping;
    }

    /** For {@link NodeAdministration} and the tests' {@code NodeInternals}; applications use {@link #messages()}. */
    Store store() {
        return store;
    }

    /** The units of work this node ran against its store, for the tests' {@code NodeInternals}. */
    StoreTransactions storeTransactions() {
        return storeTransactions;
    }

    @Override
    public MessageService messages() {
        return messages;
    }

    @Override
    public InboundDelivery inbound() {
        return messages;
    }

    /** Finally failed outbound messages, for the {@code ebms:} consumer with {@code consume=failed}. */
    @Override
    public FailureReports failureReports() {
        return messages.failureReports();
    }

    /**
     * Removes (or, in a dry run, counts) completed messages older than {@code olderThan}, or than the configured
     * {@code retention.period} when null; see {@link RetentionPolicy}.
     */
    public PurgeCounts purge(Duration olderThan, boolean dryRun) {
        Duration period = olderThan == null ? config.retention().period() : olderThan;
        PurgeCounts counts = new RetentionPolicy(store.purge(), cpas, clock).purge(period, dryRun);
        LOG.atInfo()
                .addKeyValue("event", dryRun ? "retention.dry-run" : "retention.purged")
                .addKeyValue("olderThan", period.toString())
                .addKeyValue("counts", counts.toString())
                .log(dryRun ? "purge dry run" : "purged completed messages");
        return counts;
    }

    public boolean isReady() {
        return readiness().ready();
    }

    /** Each readiness check with its finding: database, endpoints, signing key, CRL freshness, and added ones. */
    public Readiness.Report readiness() {
        return readiness.check(servers.isRunning(), config.tls().crlGrace());
    }

    /**
     * Adds a readiness check a part started after the node runs (the flows' broker check); {@link #readiness()}
     * reports it under {@code name} until {@link #removeReadinessCheck(String)}.
     */
    public void addReadinessCheck(String name, Supplier<Readiness.Check> check) {
        readiness.add(name, check);
    }

    public void removeReadinessCheck(String name) {
        readiness.remove(name);
    }

    /** Searches and views of stored messages for operators. */
    MessageQueries queries() {
        return queries;
    }

    /** Queues a FAILED outbound message for delivery again (same MessageId); {@code by} names who asked. */
    public OutboundMessages.Resend resend(String messageId, String by) {
        return outbound.resend(messageId, by);
    }

    /** This node's own certificates by usage: tls-server, tls-client, signing, encryption. */
    Map<String, X509Certificate> ownCertificates() {
        return ownCertificates;
    }

    /** The CRLs this node holds now (from tls.crl-dir and fetched from distribution points). */
    List<X509CRL> knownCrls() {
        return readiness.knownCrls();
    }

    /** The audit log of admin actions (table audit_event). */
    AuditLog audit() {
        return audit;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    public int ebmsPort() {
        return servers.ebmsPort();
    }

    public int adminPort() {
        return servers.adminPort();
    }

    /**
     * Accepts a business message for delivery; it is stored before this returns. The store-typed form of
     * {@link MessageService#submit}, kept for the module's tests; applications use {@link #messages()}.
     */
    public StoredMessage submit(Submission submission) throws SubmissionException {
        return messages.store(submission);
    }

    /** The store-typed form of {@link MessageService#report}, kept for the module's tests. */
    public Optional<StoredReport> report(String messageId) {
        return store.messages()
                .findByMessageId(messageId)
                .map(m -> new StoredReport(
                        m,
                        store.deliveryAttempts().of(m.pk()),
                        store.messages().receipt(m.pk()) != null,
                        refusedSignals.about(m.pk())));
    }

    /** The signals about a message that this node refused (e.g. Acknowledgments whose signature failed). */
    List<RefusedSignal> refusedSignals(long messagePk) {
        return refusedSignals.about(messagePk);
    }

    /**
     * The Acknowledgment that closed a reliable message this node sent: on signed channels a signed receipt carrying
     * the references of the message, proof that the peer received exactly what was sent.
     */
    public Optional<byte[]> receipt(String messageId) {
        return messages.receipt(messageId);
    }

    public List<StoredMessage> received(String cpaId, MessageStatus status, int limit) {
        return store.messages().listReceived(cpaId, status, limit);
    }

    /** Received business messages of a CPA, service and action (null: any), selected in the database. */
    public List<StoredMessage> received(String cpaId, String service, String action, MessageStatus status, int limit) {
        return store.messages().listReceived(new RouteFilter(cpaId, service, action), status, limit);
    }

    /**
     * Outbound business messages that finally failed (retries exhausted, persist duration over, or refused), of a
     * CPA, service and action (null: any), a page of keys above {@code afterPk}, oldest first.
     */
    public List<StoredMessage> failed(RouteFilter filter, long afterPk, int limit) {
        return store.failureReports().listFailed(filter, afterPk, limit);
    }

    /** This node's id ({@code node.id}): the name its leases on deliveries and messages are taken under. */
    public String nodeId() {
        return config.node().id();
    }

    /** The store-typed form of {@link InboundDelivery#fetch}, kept for the module's tests. */
    public Optional<StoredReceived> fetch(long pk) {
        return store.messages()
                .findByPk(pk)
                .filter(m -> m.kind() == MessageKind.USER)
                .map(m -> new StoredReceived(m, store.payloads().of(m.pk())));
    }

    public boolean markProcessed(long pk) {
        return store.messages().markProcessed(pk);
    }

    /** Sends an ebMS Ping to the other party of the CPA and waits for the Pong. */
    public PingResult ping(String cpaId, Duration timeout) {
        return messages.ping(cpaId, timeout);
    }

    /** Asks the other party of the CPA what became of a message this gateway sent it (ebMS StatusRequest). */
    public StatusResult statusRequest(String cpaId, String messageId, Duration timeout) {
        return messages.statusRequest(cpaId, messageId, timeout);
    }

    /** The party in the CPA this gateway is, recognised by the OIN of its TLS client certificate. */
    public Optional<PartyId> selfParty(Cpa cpa) {
        return messages.selfParty(cpa);
    }

    @Override
    public void close() {
        if (largeFiles != null) {
            largeFiles.close();
        }
        scheduler.close();
        servers.close();
        storeWriters.close();
        database.close();
        LOG.atInfo()
                .addKeyValue("event", "node.stopped")
                .addKeyValue("nodeId", config.node().id())
                .log("gateway node stopped");
    }
}
