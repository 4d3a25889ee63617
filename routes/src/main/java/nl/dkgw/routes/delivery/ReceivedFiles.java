package nl.dkgw.routes.delivery;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.dkgw.routes.flow.FlowHeaders;
import org.apache.camel.Message;

/**
 * The Grote Berichten files of a received message, as the gateway's {@code ebms} consumer names them in
 * {@link FlowHeaders#FILES}: each arrived and was verified before the message was offered.
 */
record ReceivedFiles(List<File> files) {

    /** One file: its transfer id (unique), name, content type, size, checksum ({@code ALGORITHM:hex}) and path. */
    record File(String transferId, String filename, String contentType, long size, String checksum, Path path) {}

    /** The files of the message; empty when it announced none. */
    static ReceivedFiles of(Message message) {
        List<?> described = message.getHeader(FlowHeaders.FILES, List.class);
        List<File> files = new ArrayList<>();
        if (described != null) {
            for (Object o : described) {
                Map<?, ?> d = (Map<?, ?>) o;
                Object path = d.get("path");
                if (path == null) {
                    throw new IllegalStateException("the gateway offered a GB file that has not arrived: " + d);
                }
                files.add(new File(
                        String.valueOf(d.get("transferId")),
                        String.valueOf(d.get("filename")),
                        String.valueOf(d.get("contentType")),
                        ((Number) d.get("size")).longValue(),
                        String.valueOf(d.get("checksum")),
                        Path.of(path.toString())));
            }
        }
        return new ReceivedFiles(List.copyOf(files));
    }

    boolean isEmpty() {
        return files.isEmpty();
    }
}
