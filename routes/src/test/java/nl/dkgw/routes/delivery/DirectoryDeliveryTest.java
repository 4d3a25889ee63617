package nl.dkgw.routes.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nl.dkgw.routes.flow.FlowHeaders;
import nl.dkgw.routes.flow.FlowRejectedException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery into a directory and of Grote Berichten files, without nodes: a payload lands under its MessageId; a
 * message's files land in its own directory, which appears complete in one step, and a repeated delivery (after a
 * crash before the gateway marked the message processed) leaves it as it is; a leftover partial directory is
 * replaced; a table destination refuses files.
 */
class DirectoryDeliveryTest {

    @TempDir
    Path dir;

    final CamelContext camel = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        camel.close();
    }

    @Test
    void aPayloadIsWrittenUnderItsMessageIdAndARepeatOverwritesItWithTheSame() throws Exception {
        DirectoryDelivery delivery = new DirectoryDelivery(dir.resolve("inbox"));
        Exchange exchange = exchange("flow.evt-1@dkgw.flows", null);
        exchange.getMessage().setBody("<a/>".getBytes(StandardCharsets.UTF_8));
        delivery.process(exchange);
        delivery.process(exchange);
        try (var files = Files.list(dir.resolve("inbox"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("flow.evt-1@dkgw.flows.xml");
        }
        assertThat(Files.readString(dir.resolve("inbox/flow.evt-1@dkgw.flows.xml")))
                .isEqualTo("<a/>");
    }

    @Test
    void filesArriveInTheMessagesDirectoryOnceAndALeftoverPartialIsReplaced() throws Exception {
        Path gb = Files.createDirectories(dir.resolve("gb"));
        Files.writeString(gb.resolve("t1"), "first file");
        Files.writeString(gb.resolve("t2"), "second");
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Path partial = Files.createDirectories(inbox.resolve(".m-1_x@dkgw.partial"));
        Files.writeString(partial.resolve("export.csv"), "half");
        Exchange exchange = exchange(
                "m-1/x@dkgw",
                List.of(file("t1", "export.csv", gb.resolve("t1"), 10), file("t2", "..", gb.resolve("t2"), 6)));

        new FileDelivery("f", null, null, new DirectoryDelivery(inbox), false).process(exchange);

        Path message = inbox.resolve("m-1_x@dkgw");
        assertThat(Files.readString(message.resolve("export.csv"))).isEqualTo("first file");
        assertThat(Files.readString(message.resolve("_.."))).isEqualTo("second");
        assertThat(partial).doesNotExist();
        assertThat(exchange.isRouteStop()).isTrue();

        // delivered again: the complete directory stays as it is
        Files.writeString(gb.resolve("t1"), "changed since");
        new FileDelivery("f", null, null, new DirectoryDelivery(inbox), false)
                .process(exchange("m-1/x@dkgw", List.of(file("t1", "export.csv", gb.resolve("t1"), 13))));
        assertThat(Files.readString(message.resolve("export.csv"))).isEqualTo("first file");
    }

    @Test
    void aMessageWithoutFilesPassesOnAndATableRefusesFiles() throws Exception {
        Exchange plain = exchange("m-2@dkgw", null);
        new FileDelivery("f", null, null, null, true).process(plain);
        assertThat(plain.isRouteStop()).isFalse();

        Path gb = Files.writeString(dir.resolve("t3"), "x");
        assertThatThrownBy(() -> new FileDelivery("f", null, null, null, true)
                        .process(exchange("m-3@dkgw", List.of(file("t3", "a.bin", gb, 1)))))
                .isInstanceOf(FlowRejectedException.class)
                .hasMessageContaining("table");
    }

    private Exchange exchange(String messageId, List<Map<String, Object>> files) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setHeader(FlowHeaders.MESSAGE_ID, messageId);
        if (files != null) {
            exchange.getMessage().setHeader(FlowHeaders.FILES, files);
        }
        return exchange;
    }

    private static Map<String, Object> file(String transferId, String name, Path path, long size) {
        return Map.of(
                "transferId",
                transferId,
                "filename",
                name,
                "contentType",
                "application/octet-stream",
                "size",
                size,
                "checksum",
                "SHA256:00",
                "path",
                path.toString());
    }
}
