package nl.dkgw.routes.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.dkgw.gateway.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dkgw serve} with the flows as its add-on, as the runnable jar runs it. */
class FlowsAddOnTest {

    @TempDir
    Path dir;

    @Test
    void aBadFlowsSectionStopsServeBeforeTheNodeStarts() throws Exception {
        // no tls section either: had the node started first, its own complaint would have come first
        Path file = Files.writeString(dir.resolve("gateway.yml"), "flows:\n  rest:\n    colour: red\n");
        CliRun run = CliRun.of(List.of(new FlowsAddOn()), "serve", "--config", file.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("flows.rest.colour");
    }

    @Test
    void aFileWithoutFlowsAsksForNone() throws Exception {
        Path file = Files.writeString(dir.resolve("gateway.yml"), "node:\n  id: a\n");
        assertThat(new FlowsAddOn().prepare(file, dir)).isNull();
    }
}
