package nl.dkgw.gateway.diagnosis;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import nl.dkgw.cpa.CpaRegistry;
import nl.dkgw.gateway.api.GatewayNode;
import nl.dkgw.gateway.api.MessageService;
import nl.dkgw.gateway.config.GatewayConfig;
import nl.dkgw.gateway.msh.HttpSender;
import nl.dkgw.pki.Oin;
import nl.dkgw.pki.tls.TlsContexts;
import nl.dkgw.pki.tls.TlsPolicy;

/**
 * Checks the link to the partner of a CPA layer by layer, bottom-up, and stops at the first broken layer: CPA, DNS,
 * TCP, TLS handshake, server certificate, host name, server OIN, our client certificate, HTTP, ebMS Ping and,
 * when asked, a test message. Every result says in plain words what was found and what to do.
 *
 * <p>Three ways to make one:
 * <ul>
 *   <li>{@link #forNode(GatewayNode)}: a running node; waits for asynchronous Pongs at the node's endpoint and can
 *       send a test message;</li>
 *   <li>{@link #forConfig(GatewayConfig, Path)}: from {@code gateway.yml} without starting a node (CPAs from
 *       cpa.files); Pongs only when the partner answers on the same connection, no test message;</li>
 *   <li>{@link #builder(NodeCredentials, CpaRegistry)}: from the pieces, e.g. in tests.</li>
 * </ul>
 * Thread-safe: one instance can run many diagnoses, also at once.
 */
public final class LinkDiagnosis {

    private static final Duration MIN_ANSWER_TIMEOUT = Duration.ofSeconds(15);

    private final NodeCredentials credentials;
    private final CpaRegistry cpas;
    private final Oin ownOin;
    private final Optional<MessageService> node;
    private final Optional<SignalInbox> inbox;
    private final Clock clock;
    private final boolean compatibilityMode;
    private final SSLContext tlsContext;

    private LinkDiagnosis(Builder b) {
        this.credentials = b.credentials;
        this.cpas = b.cpas;
        this.ownOin = b.ownOin != null
                ? b.ownOin
                : Oin.fromCertificate(credentials.clientKey().certificate())
                        .orElseThrow(() -> new IllegalArgumentException("the TLS client certificate "
                                + credentials
                                        .clientKey()
                                        .certificate()
                                        .getSubjectX500Principal()
                                        .getName() + " has no OIN in "
                                + "its subject serialNumber; Digikoppeling identifies this gateway by it"));
        this.node = Optional.ofNullable(b.node);
        this.inbox = b.inbox != null ? Optional.of(b.inbox) : node.map(NodeSignalInbox::new);
        this.clock = b.clock;
        this.compatibilityMode = b.compatibilityMode;
        this.tlsContext = TlsContexts.create(credentials.clientKey(), credentials.anchors(), credentials.validator());
    }

    /** For a running node: its CPAs, its OIN, its inbox for asynchronous Pongs, and test messages through it. */
    public static LinkDiagnosis forNode(GatewayNode node) {
        return builder(NodeCredentials.load(node.config(), node.baseDir()), node.cpas())
                .ownOin(node.ownOin())
                .node(node.messages())
                .compatibilityMode(node.config().security().compatibilityMode())
                .build();
    }

    /** From the configuration alone, without starting a node: CPAs from cpa.files with its url mapping. */
    public static LinkDiagnosis forConfig(GatewayConfig config, Path baseDir) {
        return builder(NodeCredentials.load(config, baseDir), ConfiguredCpas.load(config, baseDir))
                .compatibilityMode(config.security().compatibilityMode())
                .build();
    }

    public static Builder builder(NodeCredentials credentials, CpaRegistry cpas) {
        return new Builder(credentials, cpas);
    }

    /** Diagnoses the link of a CPA with the default timeouts and no test message. */
    public DiagnosisReport run(String cpaId) {
        return run(DiagnosisRequest.of(cpaId));
    }

    public DiagnosisReport run(DiagnosisRequest request) {
        try (HttpSender sender = senderFor(request)) {
            return run(request, sender);
        }
    }

    private DiagnosisReport run(DiagnosisRequest request, HttpSender sender) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        LinkFacts facts = new LinkFacts(request);
        List<LayerResult> results = new ArrayList<>();
        LayerResult failed = null;
        for (LinkCheck check : checks(request, sender)) {
            if (failed != null) {
                results.add(LayerResult.skipped(
                        check.layer(),
                        "not checked: layer " + failed.layer().number() + " ("
                                + failed.layer().title() + ") failed first"));
                continue;
            }
            LayerResult result;
            try {
                result = check.check(facts);
            } catch (RuntimeException e) {
                result = LayerResult.fail(
                        check.layer(),
                        "the check itself broke: " + TlsInspector.describe(e),
                        "run it again; if it keeps breaking, report it to the gateway's maintainers");
            }
            results.add(result);
            if (result.failed()) {
                failed = result;
            }
        }
        return new DiagnosisReport(
                request.cpaId(),
                facts.endpoint == null ? null : facts.endpoint.toString(),
                started,
                Duration.ofNanos(System.nanoTime() - t0),
                results);
    }

    /** The sender of the diagnosis's Ping, on the node's client credentials; closed when the diagnosis ends. */
    private HttpSender senderFor(DiagnosisRequest request) {
        Duration answerTimeout = longer(request.connectTimeout(), MIN_ANSWER_TIMEOUT);
        SSLParameters parameters = tlsContext.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        return new HttpSender(
                tlsContext, parameters, request.connectTimeout(), longer(request.pingTimeout(), answerTimeout));
    }

    private List<LinkCheck> checks(DiagnosisRequest request, HttpSender sender) {
        Duration answerTimeout = longer(request.connectTimeout(), MIN_ANSWER_TIMEOUT);
        SSLParameters parameters = tlsContext.getDefaultSSLParameters();
        TlsPolicy.applyTo(parameters);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tlsContext)
                .sslParameters(parameters)
                .connectTimeout(request.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return List.of(
                new CpaCheck(cpas, ownOin, clock, compatibilityMode),
                new DnsCheck(),
                new TcpCheck(),
                new TlsHandshakeCheck(new TlsInspector(credentials.clientKey())),
                new ServerCertificateCheck(credentials.validator(), clock),
                new ServerHostNameCheck(),
                new ServerOinCheck(),
                new ClientCertificateCheck(credentials.clientKey(), credentials.validator(), clock),
                new HttpCheck(http, answerTimeout),
                new PingCheck(new PingSender(ownOin, sender, inbox)),
                new TestMessageCheck(node));
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Assembles a diagnosis from its pieces. */
    public static final class Builder {
        private final NodeCredentials credentials;
        private final CpaRegistry cpas;
        private Oin ownOin;
        private MessageService node;
        private SignalInbox inbox;
        private Clock clock = Clock.systemUTC();
        private boolean compatibilityMode;

        private Builder(NodeCredentials credentials, CpaRegistry cpas) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            this.cpas = Objects.requireNonNull(cpas, "cpas");
        }

        /** This gateway's OIN; default: the one in the client certificate. */
        public Builder ownOin(Oin oin) {
            this.ownOin = oin;
            return this;
        }

        /** The running node: asynchronous Pongs arrive in its store, test messages go through it. */
        public Builder node(MessageService messages) {
            this.node = messages;
            return this;
        }

        /** Where asynchronous answers to our Ping arrive; default: the node's store, or none without a node. */
        Builder inbox(SignalInbox signalInbox) {
            this.inbox = signalInbox;
            return this;
        }

        /** The clock CPA and certificate validity are judged by. */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Judge CPAs as a node with security.compatibility-mode on does (AES-CBC, RSA 1.5 as warnings). */
        public Builder compatibilityMode(boolean on) {
            this.compatibilityMode = on;
            return this;
        }

        public LinkDiagnosis build() {
            return new LinkDiagnosis(this);
        }
    }
}
