package nl.dkgw.gateway.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.dkgw.gateway.security.CryptoProviderMode;

/**
 * The whole of {@code gateway.yml}. Every key is documented in docs/configuration.md; every key can be overridden by
 * an environment variable {@code DKGW_<SECTION>_<KEY>} (upper case, dashes as underscores), e.g.
 * {@code DKGW_DATABASE_PASSWORD}. Sections another module reads from the same file (the {@code flows} section of the
 * routes module) are not part of this record; {@link GatewayConfigLoader} leaves them to their owner.
 */
public record GatewayConfig(
        Node node,
        Ebms ebms,
        Admin admin,
        Tls tls,
        Database database,
        Delivery delivery,
        Limits limits,
        Cpa cpa,
        Security security,
        Retention retention,
        Gb gb) {

    public GatewayConfig(
            Node node,
            Ebms ebms,
            Admin admin,
            Tls tls,
            Database database,
            Delivery delivery,
            Limits limits,
            Cpa cpa,
            Security security,
            Retention retention) {
        this(node, ebms, admin, tls, database, delivery, limits, cpa, security, retention, null);
    }

    public GatewayConfig(
            Node node, Ebms ebms, Admin admin, Tls tls, Database database, Delivery delivery, Limits limits, Cpa cpa) {
        this(node, ebms, admin, tls, database, delivery, limits, cpa, null, null);
    }

    public GatewayConfig(
            Node node,
            Ebms ebms,
            Admin admin,
            Tls tls,
            Database database,
            Delivery delivery,
            Limits limits,
            Cpa cpa,
            Security security) {
        this(node, ebms, admin, tls, database, delivery, limits, cpa, security, null);
    }

    public GatewayConfig {
        node = node == null ? new Node(null, null) : node;
        ebms = ebms == null ? new Ebms(null, null, null, null) : ebms;
        admin = admin == null ? new Admin(null, null, null) : admin;
        tls = tls == null ? new Tls(null, null, null, null, null, null, null, null, null) : tls;
        database = database == null ? new Database(null, null, null, 0) : database;
        delivery = delivery == null ? new Delivery(0, null, null, null, null, null, null) : delivery;
        limits = limits == null ? new Limits(0, 0, null) : limits;
        cpa = cpa == null ? new Cpa(null, null, null) : cpa;
        security = security == null ? new Security(null, null, null, null, null) : security;
        retention = retention == null ? new Retention(null) : retention;
        gb = gb == null ? Gb.off() : gb;
    }

    /**
     * Grote Berichten (docs/grote-berichten.md): large files announced by an ebMS metadata message and fetched by the
     * receiver over mutual TLS from this node's file endpoint ({@link #FILE_PATH} on the ebMS connector). Off by
     * default. Directories left out lie under {@code node.data-dir}; {@code publicUrl} left out is derived from the
     * ebMS connector's host and port.
     *
     * @param enabled                 serve the file endpoint, accept files to send and download announced files
     * @param storeDir                where files offered to peers are kept until their lifetime ends
     * @param publicUrl               the URL of this node's file endpoint as peers reach it, ending in
     *                                {@value #FILE_PATH}
     * @param fileLifetime            how long an offered file stays available
     * @param downloadDir             where received files (and their part and state files) are kept
     * @param maxConcurrentDownloads  downloads running at once; more wait their turn
     * @param downloadAttempts        attempts per download (and per push upload) before it is reported failed
     * @param mode                    how this node sends files: {@code pull} (default: peers fetch them from the file
     *                                endpoint) or {@code push} (this node uploads them to the peer's endpoint)
     * @param modeByCpa               the mode for files sent on these CPAs (by CPA id), where it is not {@code mode}
     * @param maxFileSize             the largest file (bytes) this node takes from a peer: announced, uploaded or
     *                                unpacked
     * @param keepAfterFetch          how long an offered file stays after its receiver was served every byte, so a
     *                                receiver whose connection broke after the last byte can still fetch the rest
     */
    public record Gb(
            Boolean enabled,
            String storeDir,
            String publicUrl,
            Duration fileLifetime,
            String downloadDir,
            Integer maxConcurrentDownloads,
            Integer downloadAttempts,
            String mode,
            Map<String, String> modeByCpa,
            Long maxFileSize,
            Duration keepAfterFetch) {

        /**
         * {@code gb.keep-after-fetch} left out: an hour, more than a receiver's retries of a broken download take
         * (seconds to minutes) and less than a stored file is worth keeping once its receiver has it.
         */
        public static final Duration DEFAULT_KEEP_AFTER_FETCH = Duration.ofHours(1);

        /** {@code gb.max-file-size} left out: 64 GiB. */
        public static final long DEFAULT_MAX_FILE_SIZE = 64L * 1024 * 1024 * 1024;

        /** {@code gb.mode: pull}: the receiver fetches the file (2010/10 metadata). */
        public static final String PULL = "pull";
        /** {@code gb.mode: push}: the sender uploads the file and announces it (2020/09 push request). */
        public static final String PUSH = "push";

        /** The path of the file endpoint on the ebMS connector; a file's URL is this plus its id. */
        public static final String FILE_PATH = "/gb/files/";

        public Gb {
            enabled = enabled == null ? Boolean.FALSE : enabled;
            fileLifetime = fileLifetime == null ? Duration.ofDays(7) : fileLifetime;
            maxConcurrentDownloads = maxConcurrentDownloads == null ? Integer.valueOf(4) : maxConcurrentDownloads;
            downloadAttempts = downloadAttempts == null ? Integer.valueOf(5) : downloadAttempts;
            mode = mode == null ? PULL : checkedMode(mode, "gb.mode");
            Map<String, String> modes = new LinkedHashMap<>();
            if (modeByCpa != null) {
                modeByCpa.forEach((cpaId, m) -> {
                    if (cpaId == null || cpaId.isBlank()) {
                        throw new IllegalArgumentException("gb.mode-by-cpa names a CPA without an id");
                    }
                    modes.put(cpaId, checkedMode(m, "gb.mode-by-cpa." + cpaId));
                });
            }
            modeByCpa = Collections.unmodifiableMap(modes);
            maxFileSize = maxFileSize == null ? Long.valueOf(DEFAULT_MAX_FILE_SIZE) : maxFileSize;
            if (maxFileSize < 1) {
                throw new IllegalArgumentException("gb.max-file-size must be at least 1 byte: " + maxFileSize);
            }
            requireDirectory(storeDir, "gb.store-dir");
            requireDirectory(downloadDir, "gb.download-dir");
            if (publicUrl != null) {
                publicUrl = checkedPublicUrl(publicUrl);
            }
            requirePositive(fileLifetime, "gb.file-lifetime");
            keepAfterFetch = keepAfterFetch == null ? DEFAULT_KEEP_AFTER_FETCH : keepAfterFetch;
            if (keepAfterFetch.isNegative()) {
                throw new IllegalArgumentException("gb.keep-after-fetch must not be negative: " + keepAfterFetch);
            }
            if (maxConcurrentDownloads < 1) {
                throw new IllegalArgumentException(
                        "gb.max-concurrent-downloads must be at least 1: " + maxConcurrentDownloads);
            }
            if (downloadAttempts < 1) {
                throw new IllegalArgumentException("gb.download-attempts must be at least 1: " + downloadAttempts);
            }
        }

        private static String checkedMode(String mode, String key) {
            String chosen = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
            if (!chosen.equals(PULL) && !chosen.equals(PUSH)) {
                throw new IllegalArgumentException(key + " must be 'pull' or 'push', not '" + mode + "'");
            }
            return chosen;
        }

        /** With the default {@code gb.keep-after-fetch}. */
        public Gb(
                Boolean enabled,
                String storeDir,
                String publicUrl,
                Duration fileLifetime,
                String downloadDir,
                Integer maxConcurrentDownloads,
                Integer downloadAttempts,
                String mode,
                Map<String, String> modeByCpa,
                Long maxFileSize) {
            this(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    modeByCpa,
                    maxFileSize,
                    null);
        }

        /** One mode for every CPA, as before {@code gb.mode-by-cpa} existed. */
        public Gb(
                Boolean enabled,
                String storeDir,
                String publicUrl,
                Duration fileLifetime,
                String downloadDir,
                Integer maxConcurrentDownloads,
                Integer downloadAttempts,
                String mode) {
            this(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    null,
                    null);
        }

        /** Pull mode, as before {@code gb.mode} existed. */
        public Gb(
                Boolean enabled,
                String storeDir,
                String publicUrl,
                Duration fileLifetime,
                String downloadDir,
                Integer maxConcurrentDownloads,
                Integer downloadAttempts) {
            this(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    null,
                    null,
                    null);
        }

        /** The section left out: GB off, everything else at its default. */
        public static Gb off() {
            return new Gb(null, null, null, null, null, null, null, null, null, null, null);
        }

        /** GB on, everything else at its default. */
        public static Gb on() {
            return new Gb(true, null, null, null, null, null, null, null, null, null, null);
        }

        /** This section with another number of download attempts. */
        public Gb withDownloadAttempts(int attempts) {
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    attempts,
                    mode,
                    modeByCpa,
                    maxFileSize,
                    keepAfterFetch);
        }

        /** This section with another sending mode ({@link #PULL} or {@link #PUSH}). */
        public Gb withMode(String newMode) {
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    newMode,
                    modeByCpa,
                    maxFileSize,
                    keepAfterFetch);
        }

        /** This section with the mode for files sent on one CPA ({@link #PULL} or {@link #PUSH}). */
        public Gb withModeFor(String cpaId, String cpaMode) {
            Map<String, String> modes = new LinkedHashMap<>(modeByCpa);
            modes.put(cpaId, cpaMode);
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    modes,
                    maxFileSize,
                    keepAfterFetch);
        }

        /** This section with another largest file taken from a peer. */
        public Gb withMaxFileSize(long bytes) {
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    modeByCpa,
                    bytes,
                    keepAfterFetch);
        }

        /** This section with another file lifetime. */
        public Gb withFileLifetime(Duration lifetime) {
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    lifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    modeByCpa,
                    maxFileSize,
                    keepAfterFetch);
        }

        /** This section with another time a fetched file is kept ({@code Duration.ZERO}: removed at once). */
        public Gb withKeepAfterFetch(Duration keep) {
            return new Gb(
                    enabled,
                    storeDir,
                    publicUrl,
                    fileLifetime,
                    downloadDir,
                    maxConcurrentDownloads,
                    downloadAttempts,
                    mode,
                    modeByCpa,
                    maxFileSize,
                    keep);
        }

        /** Whether this node uploads the files it sends (push) rather than offering them (pull). */
        public boolean pushes() {
            return PUSH.equals(mode);
        }

        /** Whether files sent on this CPA are uploaded (push): {@code gb.mode-by-cpa} for it, else {@code gb.mode}. */
        public boolean pushes(String cpaId) {
            return PUSH.equals(modeByCpa.getOrDefault(cpaId, mode));
        }

        /** The store directory, {@code <dataDir>/gb/outgoing} when not configured. */
        public String storeDirOr(String dataDir) {
            return storeDir != null ? storeDir : dataDir + "/gb/outgoing";
        }

        /** The download directory, {@code <dataDir>/gb/incoming} when not configured. */
        public String downloadDirOr(String dataDir) {
            return downloadDir != null ? downloadDir : dataDir + "/gb/incoming";
        }

        private static void requireDirectory(String dir, String key) {
            if (dir != null && dir.isBlank()) {
                throw new IllegalArgumentException(key + " must not be empty");
            }
        }

        private static String checkedPublicUrl(String url) {
            String u = url.trim();
            URI uri;
            try {
                uri = URI.create(u);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("gb.public-url is not a URL: '" + url + "'");
            }
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        "gb.public-url must be an absolute https URL (GB files travel over TLS only), not '" + url
                                + "'");
            }
            if (!u.endsWith(FILE_PATH)) {
                throw new IllegalArgumentException("gb.public-url must end in " + FILE_PATH
                        + ", the file endpoint's path on the ebMS connector, not '" + url + "'");
            }
            return u;
        }
    }

    /**
     * How long completed messages are kept: {@code dkgw purge} (and {@code POST /api/purge}) removes what ended longer
     * ago than {@code period}. Received messages are kept at least as long as their CPA's persist duration asks, so
     * duplicate elimination still recognises a resent MessageId (docs/operations.md, "Retention").
     */
    public record Retention(Duration period) {
        public Retention {
            period = period == null ? Duration.ofDays(30) : period;
            if (period.isNegative()) {
                throw new IllegalArgumentException("retention.period must not be negative: " + period);
            }
        }
    }

    /**
     * Keys for the signed (-s) and encrypted (-e) profiles: the key this node signs messages and acknowledgments
     * with (its certificate must be the one the CPA names for this party), and the key payloads encrypted for this
     * node are decrypted with. {@code compatibilityMode} also accepts (and, only where a CPA demands it, produces)
     * AES-CBC with RSA 1.5 key transport for older adapters: off by default, logged loudly when on.
     * {@code signatureKeyInfo} says which certificates this node's signatures carry in ds:KeyInfo: {@code chain}
     * (default; the signing certificate and its CA certificates, root excluded) or {@code leaf} (the signing
     * certificate only, as some other adapters sign; the receiver must then know the intermediates).
     * {@code cryptoProvider} says which JCA provider does the node's cryptography: {@code auto} (default; the native
     * Amazon Corretto Crypto Provider when it loads here, the JDK's providers otherwise), {@code jdk} or {@code native}
     * (the node does not start without it); see {@code security.CryptoProviderSelection}.
     */
    public record Security(
            KeySource signingKey,
            KeySource encryptionKey,
            Boolean compatibilityMode,
            String signatureKeyInfo,
            String cryptoProvider) {
        public static final String KEY_INFO_CHAIN = "chain";
        public static final String KEY_INFO_LEAF = "leaf";

        public Security(KeySource signingKey, KeySource encryptionKey, Boolean compatibilityMode) {
            this(signingKey, encryptionKey, compatibilityMode, null);
        }

        public Security(
                KeySource signingKey, KeySource encryptionKey, Boolean compatibilityMode, String signatureKeyInfo) {
            this(signingKey, encryptionKey, compatibilityMode, signatureKeyInfo, null);
        }

        public Security {
            cryptoProvider = CryptoProviderMode.of(
                            cryptoProvider == null || cryptoProvider.isBlank() ? "auto" : cryptoProvider)
                    .configValue();
            compatibilityMode = compatibilityMode == null ? Boolean.FALSE : compatibilityMode;
            signatureKeyInfo = signatureKeyInfo == null || signatureKeyInfo.isBlank()
                    ? KEY_INFO_CHAIN
                    : signatureKeyInfo.trim().toLowerCase(Locale.ROOT);
            if (!signatureKeyInfo.equals(KEY_INFO_CHAIN) && !signatureKeyInfo.equals(KEY_INFO_LEAF)) {
                throw new IllegalArgumentException(
                        "security.signature-key-info must be 'chain' or 'leaf', not '" + signatureKeyInfo + "'");
            }
        }

        /** This section with another ds:KeyInfo content for signatures ({@code chain} or {@code leaf}). */
        public Security withSignatureKeyInfo(String keyInfo) {
            return new Security(signingKey, encryptionKey, compatibilityMode, keyInfo, cryptoProvider);
        }

        /** This section with another {@code crypto-provider} ({@code auto}, {@code jdk} or {@code native}). */
        public Security withCryptoProvider(String mode) {
            return new Security(signingKey, encryptionKey, compatibilityMode, signatureKeyInfo, mode);
        }
    }

    /** This node: its id (stable across restarts; leases on delivery work carry it) and where it keeps data. */
    public record Node(String id, String dataDir) {
        public Node {
            id = id == null || id.isBlank() ? "node-" + hostName() : id;
            dataDir = dataDir == null ? "data" : dataDir;
            if (dataDir.isBlank()) {
                throw new IllegalArgumentException("node.data-dir must not be empty");
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "localhost";
            }
        }
    }

    /**
     * The ebMS HTTPS endpoint peers post to. Client certificates are always required. Port 0: any free port.
     * {@code soapAction}: {@code strict} (default: {@code SOAPAction: "ebXML"} required, quotes optional) or
     * {@code lenient} (any or none accepted), see {@code http.SoapActionRule}.
     */
    public record Ebms(String host, Integer port, String path, String soapAction) {
        public Ebms {
            host = host == null ? "0.0.0.0" : host;
            port = port == null ? Integer.valueOf(8443) : port;
            path = path == null ? "/ebms" : path;
            requireHost(host, "ebms.host");
            requirePort(port, "ebms.port");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("ebms.path must start with '/', not '" + path + "'");
            }
            // the setting's values are the config's; http.SoapActionRule turns the checked value into the rule
            String rule = soapAction == null ? "strict" : soapAction.trim().toLowerCase(Locale.ROOT);
            if (!rule.equals("strict") && !rule.equals("lenient")) {
                throw new IllegalArgumentException(
                        "ebms.soap-action must be 'strict' or 'lenient', not '" + soapAction + "'");
            }
            soapAction = rule;
        }

        public Ebms(String host, Integer port, String path) {
            this(host, port, path, null);
        }
    }

    /**
     * The admin HTTP API and console. Binds to loopback unless told otherwise. Every request but the health checks
     * needs a user of {@code users} (HTTP Basic or a console session); a node refuses to start without users unless
     * {@code auth} is explicitly {@code none} (docs/admin-api.md, "Authentication").
     *
     * @param auth        {@code users} (default): authenticate against {@code users}; {@code none}: no authentication
     * @param sessionIdle how long a console session lives without requests (default 30 minutes)
     */
    public record Admin(String host, Integer port, String url, String auth, List<User> users, Duration sessionIdle) {
        public static final String AUTH_USERS = "users";
        public static final String AUTH_NONE = "none";

        public Admin(String host, Integer port, String url) {
            this(host, port, url, null, null, null);
        }

        public Admin {
            host = host == null ? "127.0.0.1" : host;
            port = port == null ? Integer.valueOf(8080) : port;
            requireHost(host, "admin.host");
            requirePort(port, "admin.port");
            if (url != null && !url.isBlank() && !url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("admin.url must be an http:// or https:// URL, not '" + url + "'");
            }
            auth = auth == null || auth.isBlank() ? AUTH_USERS : auth.trim().toLowerCase(Locale.ROOT);
            if (!auth.equals(AUTH_USERS) && !auth.equals(AUTH_NONE)) {
                throw new IllegalArgumentException("admin.auth must be 'users' or 'none', not '" + auth + "'");
            }
            users = users == null ? List.of() : List.copyOf(users);
            sessionIdle = sessionIdle == null ? Duration.ofMinutes(30) : sessionIdle;
            requirePositive(sessionIdle, "admin.session-idle");
        }

        /** The admin API without authentication: for in-process test and demo nodes on loopback only. */
        public static Admin withoutAuthentication(String host, int port) {
            return new Admin(host, port, null, AUTH_NONE, null, null);
        }

        /** This admin API with the given users (and authentication on). */
        public Admin withUsers(List<User> newUsers) {
            return new Admin(host, port, url, AUTH_USERS, newUsers, sessionIdle);
        }

        /** Base URL the CLI uses to reach a running node. */
        public String baseUrl() {
            if (url != null && !url.isBlank()) {
                return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            }
            String h = host.equals("0.0.0.0") ? "127.0.0.1" : host;
            return "http://" + h + ":" + port;
        }
    }

    /**
     * A user of the admin API and console. {@code passwordHash} is what {@code dkgw admin hash-password} prints
     * (Argon2id, self-describing); {@code role} is viewer, operator or admin; {@code payloads} lets the user download
     * message payloads (they hold personal data).
     */
    public record User(String name, String passwordHash, String role, Boolean payloads) {
        public User {
            payloads = payloads == null ? Boolean.FALSE : payloads;
        }

        @Override
        public String toString() {
            return "User[name=" + name + ", role=" + role + ", payloads=" + payloads + ", passwordHash=<hidden>]";
        }
    }

    /**
     * Key and trust material for mutual TLS, and revocation checking. The client key defaults to the server key.
     * CRLs are checked for every CA in a peer's chain: from {@code crlDir} when it holds the issuer's CRL, otherwise
     * fetched from the certificate's distribution point and refreshed every {@code crlRefresh}. The trust store holds
     * roots only; {@code intermediates} (a PEM bundle or a directory of PEM/DER files) holds intermediate CA
     * certificates offered for building the paths of peers' TLS and signing certificates, never trusted by themselves.
     */
    public record Tls(
            KeySource serverKey,
            KeySource clientKey,
            String trustStore,
            String trustStorePassword,
            Boolean crlCheck,
            String crlDir,
            Duration crlRefresh,
            Duration crlGrace,
            String intermediates) {
        public Tls(
                KeySource serverKey,
                KeySource clientKey,
                String trustStore,
                String trustStorePassword,
                Boolean crlCheck,
                String crlDir,
                Duration crlRefresh,
                Duration crlGrace) {
            this(serverKey, clientKey, trustStore, trustStorePassword, crlCheck, crlDir, crlRefresh, crlGrace, null);
        }

        public Tls {
            clientKey = clientKey == null ? serverKey : clientKey;
            crlCheck = crlCheck == null ? Boolean.TRUE : crlCheck;
            crlRefresh = crlRefresh == null ? Duration.ofHours(4) : crlRefresh;
            crlGrace = crlGrace == null ? Duration.ZERO : crlGrace;
            requirePositive(crlRefresh, "tls.crl-refresh");
            if (crlGrace.isNegative()) {
                throw new IllegalArgumentException("tls.crl-grace must not be negative: " + crlGrace);
            }
        }

        /**
         * What a node (not a CLI command that only reads {@code admin.url}) needs of this section: a server key and a
         * trust store. Called when a node starts; the key material itself is read by {@link KeySourceLoader}.
         */
        public void requireForNode() {
            if (serverKey == null
                    || serverKey.file() == null
                    || serverKey.file().isBlank()) {
                throw new IllegalArgumentException("configuration key tls.server-key.file is required");
            }
            if (trustStore == null || trustStore.isBlank()) {
                throw new IllegalArgumentException("configuration key tls.trust-store is required");
            }
        }

        /** This section with intermediate CA certificates from a PEM bundle or directory. */
        public Tls withIntermediates(String fileOrDirectory) {
            return new Tls(
                    serverKey,
                    clientKey,
                    trustStore,
                    trustStorePassword,
                    crlCheck,
                    crlDir,
                    crlRefresh,
                    crlGrace,
                    fileOrDirectory);
        }

        @Override
        public String toString() {
            return "Tls[serverKey=" + serverKey + ", clientKey=" + clientKey + ", trustStore=" + trustStore
                    + ", intermediates=" + intermediates + ", crlCheck=" + crlCheck + ", crlDir=" + crlDir + "]";
        }
    }

    /**
     * Where a private key and its certificate chain come from.
     *
     * @param type     PKCS12 (default): {@code file} is a PKCS#12 key store; PEM: {@code file} is the private key and
     *                 {@code chain} the certificate chain; PKCS11: {@code file} is a SunPKCS11 configuration file of
     *                 the token (HSM), {@code password} its PIN, {@code alias} the key's label
     * @param alias    which key entry to use when the store has several
     */
    public record KeySource(String type, String file, String password, String chain, String alias) {
        public KeySource {
            type = type == null ? "PKCS12" : type.toUpperCase(Locale.ROOT);
            if (!List.of("PKCS12", "PEM", "PKCS11").contains(type)) {
                throw new IllegalArgumentException(
                        "a key source's type must be PKCS12, PEM or PKCS11, not '" + type + "'");
            }
        }

        public static KeySource pkcs12(String file, String password) {
            return new KeySource("PKCS12", file, password, null, null);
        }

        @Override
        public String toString() {
            return "KeySource[type=" + type + ", file=" + file + ", chain=" + chain + ", alias=" + alias
                    + ", password=<hidden>]";
        }
    }

    /** The store: an embedded H2 file database by default, PostgreSQL by URL. */
    public record Database(String url, String user, String password, int poolSize, int writers, Duration commitLinger) {

        /** The most store writer threads ({@code database.writers}). */
        public static final int MOST_WRITERS = 16;
        /** The longest {@code database.commit-linger}. */
        public static final Duration MOST_COMMIT_LINGER = Duration.ofMillis(50);
        /** {@code database.commit-linger} when left out: measured in docs/performance.md (2026-12-03 evening). */
        public static final Duration DEFAULT_COMMIT_LINGER = Duration.ofMillis(2);

        public Database {
            user = user == null ? "sa" : user;
            password = password == null ? "" : password;
            poolSize = poolSize == 0 ? 16 : poolSize;
            if (poolSize < 0) {
                throw new IllegalArgumentException("database.pool-size must be positive, not " + poolSize);
            }
            writers = writers == 0 ? 1 : writers;
            if (writers < 1 || writers > MOST_WRITERS) {
                throw new IllegalArgumentException(
                        "database.writers must be 1 to " + MOST_WRITERS + ", not " + writers);
            }
            if (writers >= poolSize) {
                throw new IllegalArgumentException("database.writers (" + writers
                        + ") must be smaller than database.pool-size (" + poolSize
                        + "): each writer holds a pooled connection while it writes");
            }
            commitLinger = commitLinger == null ? DEFAULT_COMMIT_LINGER : commitLinger;
            if (commitLinger.isNegative() || commitLinger.compareTo(MOST_COMMIT_LINGER) > 0) {
                throw new IllegalArgumentException(
                        "database.commit-linger must be PT0S to " + MOST_COMMIT_LINGER + ", not " + commitLinger);
            }
        }

        /** One store writer, the default linger. */
        public Database(String url, String user, String password, int poolSize) {
            this(url, user, password, poolSize, 0, null);
        }

        @Override
        public String toString() {
            return "Database[url=" + url + ", user=" + user + ", password=<hidden>, poolSize=" + poolSize + ", writers="
                    + writers + ", commitLinger=" + commitLinger + "]";
        }
    }

    /**
     * How outbound messages are delivered. {@code signalRetries} is boxed so that "not given" (null: 3 retries) and
     * an explicit 0 (no retries) stay apart whether or not the {@code delivery:} section is present.
     */
    public record Delivery(
            int workers,
            Duration pollInterval,
            Duration lease,
            Duration connectTimeout,
            Duration requestTimeout,
            Integer signalRetries,
            Duration signalRetryInterval) {
        /**
         * {@code delivery.workers} when left out: enough posts in flight that a busy peer commits many messages
         * together (measured in docs/performance.md, 2026-12-05).
         */
        public static final int DEFAULT_WORKERS = 24;

        public Delivery {
            workers = workers == 0 ? DEFAULT_WORKERS : workers;
            if (workers < 0) {
                throw new IllegalArgumentException("delivery.workers must be positive, not " + workers);
            }
            pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
            lease = lease == null ? Duration.ofMinutes(2) : lease;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
            requestTimeout = requestTimeout == null ? Duration.ofSeconds(60) : requestTimeout;
            requirePositive(pollInterval, "delivery.poll-interval");
            requirePositive(lease, "delivery.lease");
            requirePositive(connectTimeout, "delivery.connect-timeout");
            requirePositive(requestTimeout, "delivery.request-timeout");
            signalRetries = signalRetries == null ? 3 : signalRetries;
            if (signalRetries < 0) {
                throw new IllegalArgumentException("delivery.signal-retries must be 0 or more, not " + signalRetries);
            }
            signalRetryInterval = signalRetryInterval == null ? Duration.ofSeconds(30) : signalRetryInterval;
            requirePositive(signalRetryInterval, "delivery.signal-retry-interval");
        }

        /**
         * The lease a node takes deliveries under: {@code lease}, but never shorter than the longest a post can take
         * ({@code connect-timeout} + {@code request-timeout} + 5 s), or another node could take a delivery over while
         * it is still in flight. The node logs a warning when this differs from {@code lease}.
         */
        public Duration effectiveLease() {
            Duration longestPost = connectTimeout.plus(requestTimeout).plusSeconds(5);
            return lease.compareTo(longestPost) >= 0 ? lease : longestPost;
        }
    }

    /**
     * Limits on what the ebMS endpoint accepts. {@code maxInflightBytes}: the heap all inbound requests together may
     * occupy (default half the JVM's maximum heap; each body byte counts several times, see
     * {@code http.InboundMemoryBudget}); {@code inflightWait}: how long a request waits for room before it is
     * answered 503; {@code requestHeadTimeout}: how long a request line and its headers may take from their first
     * byte, however steadily they trickle in (see {@code http.RequestHeadDeadline}); {@code spoolThresholdBytes}: a
     * request body larger than this is written to a file in {@code spoolDir} (default {@code <node.data-dir>/spool})
     * while it is processed, instead of being held in memory; {@code maxMessageBytesByCpa}: a limit of its own per CPA
     * id, in place of {@code maxMessageBytes}, checked once the message's CPA is known; {@code keepAliveTimeout}: how
     * long a connection may rest between requests once it has carried a whole request (before that, and while a request
     * is read and answered, {@code idleTimeout} applies).
     */
    public record Limits(
            long maxMessageBytes,
            int maxPayloadParts,
            Duration idleTimeout,
            long maxInflightBytes,
            Duration inflightWait,
            Duration requestHeadTimeout,
            long spoolThresholdBytes,
            String spoolDir,
            Map<String, Long> maxMessageBytesByCpa,
            Duration keepAliveTimeout) {

        /** Default of {@code limits.spool-threshold-bytes}: 1 MiB. */
        public static final long DEFAULT_SPOOL_THRESHOLD = 1024L * 1024;

        /** Default of {@code limits.keep-alive-timeout}. */
        public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(2);

        /** The longest {@code limits.keep-alive-timeout}: an idle connection holds a socket and its TLS state. */
        public static final Duration LONGEST_KEEP_ALIVE = Duration.ofHours(1);

        public Limits {
            keepAliveTimeout = keepAliveTimeout == null ? DEFAULT_KEEP_ALIVE : keepAliveTimeout;
            if (keepAliveTimeout.isNegative()
                    || keepAliveTimeout.isZero()
                    || keepAliveTimeout.compareTo(LONGEST_KEEP_ALIVE) > 0) {
                throw new IllegalArgumentException("limits.keep-alive-timeout must be positive and at most "
                        + LONGEST_KEEP_ALIVE + ": " + keepAliveTimeout);
            }
            spoolThresholdBytes = spoolThresholdBytes == 0 ? DEFAULT_SPOOL_THRESHOLD : spoolThresholdBytes;
            if (spoolThresholdBytes < 0) {
                throw new IllegalArgumentException(
                        "limits.spool-threshold-bytes must be positive: " + spoolThresholdBytes);
            }
            maxMessageBytesByCpa = maxMessageBytesByCpa == null ? Map.of() : Map.copyOf(maxMessageBytesByCpa);
            maxMessageBytesByCpa.forEach((cpaId, bytes) -> {
                if (bytes <= 0) {
                    throw new IllegalArgumentException(
                            "limits.max-message-bytes-by-cpa." + cpaId + " must be positive: " + bytes);
                }
            });
            if (spoolDir != null && spoolDir.isBlank()) {
                throw new IllegalArgumentException("limits.spool-dir must not be empty; leave it out for the default");
            }
            requestHeadTimeout = requestHeadTimeout == null ? Duration.ofSeconds(20) : requestHeadTimeout;
            if (requestHeadTimeout.isNegative() || requestHeadTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "limits.request-head-timeout must be positive: " + requestHeadTimeout);
            }
            maxMessageBytes = maxMessageBytes == 0 ? 20L * 1024 * 1024 : maxMessageBytes;
            maxPayloadParts = maxPayloadParts == 0 ? 100 : maxPayloadParts;
            idleTimeout = idleTimeout == null ? Duration.ofSeconds(30) : idleTimeout;
            if (maxMessageBytes < 0) {
                throw new IllegalArgumentException("limits.max-message-bytes must be positive: " + maxMessageBytes);
            }
            if (maxPayloadParts < 0) {
                throw new IllegalArgumentException("limits.max-payload-parts must be positive: " + maxPayloadParts);
            }
            requirePositive(idleTimeout, "limits.idle-timeout");
            maxInflightBytes = maxInflightBytes == 0 ? Runtime.getRuntime().maxMemory() / 2 : maxInflightBytes;
            inflightWait = inflightWait == null ? Duration.ofSeconds(10) : inflightWait;
            if (maxInflightBytes < 0) {
                throw new IllegalArgumentException("limits.max-inflight-bytes must be positive: " + maxInflightBytes);
            }
            if (inflightWait.isNegative()) {
                throw new IllegalArgumentException("limits.inflight-wait must not be negative: " + inflightWait);
            }
        }

        /** Defaults for everything but these three (0 and null: their defaults too). */
        public Limits(long maxMessageBytes, int maxPayloadParts, Duration idleTimeout) {
            this(maxMessageBytes, maxPayloadParts, idleTimeout, 0, null, null, 0, null, null, null);
        }

        /** The largest message a post of this CPA may be: its own limit, else {@code max-message-bytes}. */
        public long maxMessageBytesFor(String cpaId) {
            Long own = cpaId == null ? null : maxMessageBytesByCpa.get(cpaId);
            return own != null ? own : maxMessageBytes;
        }

        /** The largest message any post may be before its CPA is known: the largest of all the limits. */
        public long largestMaxMessageBytes() {
            long largest = maxMessageBytes;
            for (long own : maxMessageBytesByCpa.values()) {
                largest = Math.max(largest, own);
            }
            return largest;
        }

        /** The spool directory, {@code <dataDir>/spool} when not configured. */
        public String spoolDirOr(String dataDir) {
            return spoolDir != null ? spoolDir : dataDir + "/spool";
        }
    }

    /**
     * CPAs imported at start-up (files), and endpoint overrides: per CPA id, or a global prefix replacement,
     * so a CPA need not be edited for a proxy or a test set-up.
     */
    public record Cpa(List<String> files, Map<String, String> endpointOverrides, Map<String, String> urlMapping) {
        public Cpa {
            files = files == null ? List.of() : List.copyOf(files);
            endpointOverrides = endpointOverrides == null ? Map.of() : Map.copyOf(endpointOverrides);
            urlMapping = urlMapping == null ? Map.of() : Map.copyOf(urlMapping);
        }
    }

    /** This configuration with another admin section. */
    public GatewayConfig withAdmin(Admin newAdmin) {
        return new GatewayConfig(node, ebms, newAdmin, tls, database, delivery, limits, cpa, security, retention, gb);
    }

    /** This configuration with another gb section. */
    public GatewayConfig withGb(Gb newGb) {
        return new GatewayConfig(node, ebms, admin, tls, database, delivery, limits, cpa, security, retention, newGb);
    }

    /** This configuration with another tls section. */
    public GatewayConfig withTls(Tls newTls) {
        return new GatewayConfig(node, ebms, admin, newTls, database, delivery, limits, cpa, security, retention, gb);
    }

    /** This configuration with another security section. */
    public GatewayConfig withSecurity(Security newSecurity) {
        return new GatewayConfig(node, ebms, admin, tls, database, delivery, limits, cpa, newSecurity, retention, gb);
    }

    /** This configuration with {@code security.compatibility-mode} set as given (everything else unchanged). */
    public GatewayConfig withCompatibilityMode(boolean on) {
        return withSecurity(new Security(
                security.signingKey(),
                security.encryptionKey(),
                on,
                security.signatureKeyInfo(),
                security.cryptoProvider()));
    }

    private static void requirePositive(Duration value, String key) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + value);
        }
    }

    private static void requirePort(int port, String key) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(key + " must be 0 (any free port) to 65535, not " + port);
        }
    }

    private static void requireHost(String host, String key) {
        if (host.isBlank()) {
            throw new IllegalArgumentException(key + " must not be empty");
        }
    }

    /** Parsed statements the embedded H2 database keeps per connection. */
    public static final int H2_QUERY_CACHE_SIZE = 64;

    /** The largest payload part the embedded H2 database keeps inside its row. */
    public static final int H2_LOB_IN_ROW_BYTES = 16 * 1024;

    /** The size at which the embedded H2 database splits a B-tree page (its {@code PAGE_SIZE}; H2 2.4: 16384). */
    public static final int H2_PAGE_SPLIT_BYTES = 8192;

    public String jdbcUrl(Path baseDir) {
        if (database.url() != null && !database.url().isBlank()) {
            return database.url();
        }
        // WRITE_DELAY=0: a commit is on disk before the gateway answers, so a killed process loses nothing it accepted.
        // QUERY_CACHE_SIZE: H2 keeps 8 parsed statements per connection by default; the store's writer runs about
        // twenty different ones, so with 8 it parsed most of them again for every message.
        // DB_CLOSE_ON_EXIT=FALSE: H2 would otherwise close the database from a JVM shutdown hook of its own while the
        // node's hook still stops its writers and servers (Ctrl-C, SIGTERM): their last writes then failed, and a
        // commit cut by that close could leave the file unreadable. The node closes its pool last, which closes H2.
        // MAX_LENGTH_INPLACE_LOB: a payload part up to this size is kept in its row instead of H2's separate LOB maps,
        // whose pages a commit would write as well.
        // PAGE_SIZE: H2 splits a B-tree page once the rows or keys in it take this many bytes (by its own estimate,
        // which counts a string at about twice its length). Each commit writes again, whole, every page it touched
        // and the pages above them. H2's 16 KiB pages held a few signed envelopes each, all written again at every
        // commit; 4 KiB pages wrote fewer bytes of the message table but left the wide index keys (the route index:
        // direction, kind, status, CPA id, action) a handful per page, so deep trees with many pages per commit.
        // 8 KiB is the middle (docs/performance.md: 1.18 times the rate of 4 KiB unsigned, 0.82 of the CPU per
        // message; signed 1.09). It applies to pages as they split, so an existing database takes it over without a
        // migration.
        // retry: (H2's FilePathRetryOnInterrupt over the plain file): when an interrupted thread reads or writes, the
        // JDK closes the file channel; on file: H2 then closes the whole database mid-write (every other thread's
        // next statement fails, and the torn chunk can make the file unreadable). retry: reopens the file, takes its
        // lock again and repeats the read or write. It clears that thread's interrupt flag.
        return "jdbc:h2:retry:"
                + baseDir.resolve(node.dataDir()).resolve("dkgw").toAbsolutePath()
                + ";WRITE_DELAY=0;QUERY_CACHE_SIZE=" + H2_QUERY_CACHE_SIZE + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";MAX_LENGTH_INPLACE_LOB=" + H2_LOB_IN_ROW_BYTES + ";PAGE_SIZE=" + H2_PAGE_SPLIT_BYTES;
    }
}
