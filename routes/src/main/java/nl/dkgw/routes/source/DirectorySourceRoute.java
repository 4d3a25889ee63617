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
 * to {@code done/}; rejected ones are moved to {@code error/} next to a {@code <file>.reason} text file. A file that
 * could not be stored (gateway store down) stays and is tried again. The source id is the file name plus a digest of
 * its content, so a file picked up again after a crash keeps its ebMS MessageId. Writers should drop files
 * atomically (write elsewhere, then rename into the directory).
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
                .to(FlowEndpoints.entry(flow))
                .process(this::outcome);
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
        exchange.setProperty(OUTCOME, "error");
        Path error = directory.resolve("error");
        Files.createDirectories(error);
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        Files.writeString(
                error.resolve(name + ".reason"),
                rejection.kind()
                        + System.lineSeparator()
                        + String.join(System.lineSeparator(), rejection.reasons())
                        + System.lineSeparator(),
                StandardCharsets.UTF_8);
    }
}
