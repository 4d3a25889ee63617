package nl.dkgw.routes.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import nl.dkgw.routes.route.FlowEndpoints;
import nl.dkgw.routes.route.QuietErrors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * A drop directory as the source of a flow: {@code *.json} and {@code *.xml} files dropped there are sent and moved
 * to {@code done/}; rejected ones are moved to {@code error/} next to a {@code <file>.reason} text file (the kind on
 * its first line, then the reasons). So are the ones the gateway refuses for good (a {@link SubmissionRefusal}:
 * unknown CPA or action, a value too long, a node that cannot send on the CPA as configured), with kind
 * {@code REFUSED} and the gateway's reason, so that they are not read again. A file that could not be stored otherwise
 * (gateway store down, or a failure that names no remedy) stays and is tried again. The source id is the file name
 * plus a digest of its content, so a file picked up again after a crash keeps its ebMS MessageId. Writers should drop
 * files atomically (write elsewhere, then rename into the directory).
 */
public final class DirectorySourceRoute extends RouteBuilder {

    static final String OUTCOME = "DkgwDropOutcome";

    private final String flow;
    private final Path directory;

    public DirectorySourceRoute(String flow, Path directory) {
        this.flow = flow;
        this.directory = directory;
    }

    @Override
    public void configure() {
        errorHandler(QuietErrors.of(this));
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
