package nl.dkgw.routes.source;

import java.io.File;
import java.io.IOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.MessageIdOf;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A drop directory as the source of a flow: {@code *.json} and {@code *.xml} files dropped there are sent and moved
 * to {@code done/}; rejected ones are moved to {@code error/} next to a {@code <file>.reason} text file (the kind on
 * its first line, then the reasons). So are the ones the gateway refuses for good (a {@link SubmissionRefusal}:
 * unknown CPA or action, a value too long, a node that cannot send on the CPA as configured), with kind
 * {@code REFUSED} and the gateway's reason, so that they are not read again. A file that could not be stored otherwise
 * (gateway store down, or a failure that names no remedy) stays and is tried again. The source id is the file name
 * plus a digest of its content, so a file picked up again after a crash keeps its ebMS MessageId. Writers should drop
 * files atomically (write elsewhere, then rename into the directory). A flow with {@code send.large-files} has its
 * files sent as they are through Grote Berichten instead ({@link #largeFiles}).
 */
public final class DirectorySourceRoute extends RouteBuilder {

    static final String OUTCOME = "DkgwDropOutcome";

    /** Header naming the file a large file is announced under (the gateway's {@code ebms} producer reads it). */
    static final String FILE_NAME = "DkgwFileName";
    /** Header naming the content type of a large file. */
    static final String FILE_CONTENT_TYPE = "DkgwFileContentType";

    private static final Logger LOG = LoggerFactory.getLogger(DirectorySourceRoute.class);

    private final String flow;
    private final Path directory;
    private final String largeFileEndpoint;

    public DirectorySourceRoute(String flow, Path directory) {
        this(flow, directory, null);
    }

    private DirectorySourceRoute(String flow, Path directory, String largeFileEndpoint) {
        this.flow = flow;
        this.directory = directory;
        this.largeFileEndpoint = largeFileEndpoint;
    }

    /**
     * A drop directory whose files (any name but a hidden one) go as they are through Grote Berichten: each is
     * streamed to {@code ebmsEndpoint} (an {@code ebms:} producer with {@code largeFile=true}), never read into memory
     * nor mapped or validated. Its source id is {@code file-} plus the SHA-256 of its name and content (read once,
     * streamed), so a file picked up again after a crash keeps its MessageId and is not sent twice.
     */
    public static DirectorySourceRoute largeFiles(String flow, Path directory, String ebmsEndpoint) {
        return new DirectorySourceRoute(flow, directory, ebmsEndpoint);
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
        if (largeFileEndpoint != null) {
            from("file:" + directory.toAbsolutePath() + "?readLock=rename&delay=200" + "&move=${exchangeProperty."
                            + OUTCOME + "}/${file:name}")
                    .routeId("flow-" + flow + "-directory-source")
                    .process(this::largeFile)
                    .doTry()
                    .to(largeFileEndpoint)
                    .process(this::offered)
                    .doCatch(Exception.class)
                    .onWhen(SubmissionRefusal::forGood)
                    .process(this::refused)
                    .end();
            return;
        }
        from("file:" + directory.toAbsolutePath() + "?include=.*\\.(json|xml)&readLock=rename&delay=200"
                        + "&move=${exchangeProperty." + OUTCOME + "}/${file:name}")
                .routeId("flow-" + flow + "-directory-source")
                .process(this::sourceId)
                .doTry()
                .to(FlowEndpoints.entry(flow))
                .process(this::outcome)
                .doCatch(Exception.class)
                .onWhen(SubmissionRefusal::forGood)
                .process(this::refused)
                .end();
    }

    private void refused(Exchange exchange) throws IOException {
        String reason = SubmissionRefusal.reason(exchange);
        moveToError(exchange, SubmissionRefusal.KIND, reason);
        SubmissionRefusal.log(flow, exchange, reason);
    }

    private void sourceId(Exchange exchange) {
        byte[] content = exchange.getMessage().getBody(byte[].class);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        exchange.getMessage().setHeader(FlowHeaders.SOURCE_ID, "file-" + Digest.sha256(name, content));
        exchange.setProperty(OUTCOME, "done");
    }

    private void largeFile(Exchange exchange) throws IOException {
        Path file = exchange.getMessage().getBody(File.class).toPath();
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        String sourceId = "file-" + Digest.sha256(name, file);
        String type = URLConnection.guessContentTypeFromName(name);
        if (type == null) {
            type = Files.probeContentType(file);
        }
        exchange.getMessage().setHeader(FlowHeaders.SOURCE_ID, sourceId);
        exchange.getMessage().setHeader(FlowHeaders.MESSAGE_ID, MessageIdOf.event(flow, sourceId));
        exchange.getMessage().setHeader(FlowHeaders.FLOW, flow);
        exchange.getMessage().setHeader(FILE_NAME, name);
        exchange.getMessage().setHeader(FILE_CONTENT_TYPE, type == null ? "application/octet-stream" : type);
        exchange.setProperty(OUTCOME, "done");
    }

    private void offered(Exchange exchange) {
        LOG.atInfo()
                .addKeyValue("event", "flow.file-submitted")
                .addKeyValue("flow", flow)
                .addKeyValue("sourceId", exchange.getMessage().getHeader(FlowHeaders.SOURCE_ID))
                .addKeyValue("messageId", exchange.getMessage().getHeader(FlowHeaders.MESSAGE_ID))
                .log("dropped file stored and announced through Grote Berichten");
    }

    private void outcome(Exchange exchange) throws IOException {
        FlowRejectedException rejection =
                exchange.getProperty(FlowHeaders.REJECTION_PROPERTY, FlowRejectedException.class);
        if (rejection == null) {
            return;
        }
        moveToError(exchange, rejection.kind().name(), String.join(System.lineSeparator(), rejection.reasons()));
    }

    /** Has the file moved to {@code error/} once the route is done, next to its {@code .reason} file. */
    private void moveToError(Exchange exchange, String kind, String reasons) throws IOException {
        exchange.setProperty(OUTCOME, "error");
        Path error = directory.resolve("error");
        Files.createDirectories(error);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Files.writeString(
                error.resolve(name + ".reason"),
                kind + System.lineSeparator() + reasons + System.lineSeparator(),
                StandardCharsets.UTF_8);
    }
}
