package nl.dkgw.gateway.camel;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.dkgw.gateway.api.SpooledPayload;
import nl.dkgw.gateway.ebms.PayloadContent;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.StreamCache;
import org.apache.camel.WrappedFile;

/**
 * The payload parts of one exchange as {@link PayloadContent}, taken without holding a large body whole: a file
 * ({@link File}, {@link Path}, a file endpoint's file) is read where it lies, a stream ({@link InputStream}, a Camel
 * {@link StreamCache}) is spooled to a temporary file when it is large, bytes and text are taken as before. Closing
 * this deletes what was spooled: close it once the message is stored.
 */
final class ExchangeParts implements AutoCloseable {

    private final List<SpooledPayload> spooled = new ArrayList<>();

    /** The message's body as a payload's content. */
    PayloadContent body(Message in) throws IOException, InvalidPayloadException {
        Object body = in.getBody();
        if (body instanceof byte[] bytes) {
            return PayloadContent.of(bytes);
        }
        if (body instanceof File file) {
            return file(file.toPath());
        }
        if (body instanceof Path path) {
            return file(path);
        }
        if (body instanceof WrappedFile<?> wrapped) {
            if (wrapped.getFile() instanceof File file && Files.isRegularFile(file.toPath())) {
                return file(file.toPath());
            }
            if (wrapped.getFile() instanceof Path path && Files.isRegularFile(path)) {
                return file(path);
            }
            InputStream stream = in.getBody(InputStream.class);
            if (stream != null) {
                try (stream) {
                    return spool(stream);
                }
            }
        }
        if (body instanceof StreamCache cache && !cache.inMemory() && body instanceof InputStream stream) {
            cache.reset();
            try {
                return spool(stream);
            } finally {
                cache.reset();
            }
        }
        if (body instanceof InputStream stream && !(body instanceof StreamCache)) {
            try (stream) {
                return spool(stream);
            }
        }
        byte[] bytes = in.getBody(byte[].class);
        if (bytes == null) {
            throw new InvalidPayloadException(in.getExchange(), byte[].class, in);
        }
        return PayloadContent.of(bytes);
    }

    /** An attachment as a payload's content: its file when it is one, else its stream spooled. */
    PayloadContent attachment(DataHandler handler) throws IOException {
        if (handler.getDataSource() instanceof FileDataSource file
                && Files.isRegularFile(file.getFile().toPath())) {
            return PayloadContent.ofFile(file.getFile().toPath());
        }
        try (InputStream in = handler.getInputStream()) {
            return spool(in);
        }
    }

    private static PayloadContent file(Path path) throws IOException {
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new IOException("the body names the file " + path + ", which cannot be read");
        }
        return PayloadContent.ofFile(path);
    }

    private PayloadContent spool(InputStream stream) throws IOException {
        SpooledPayload payload = SpooledPayload.receive(stream);
        spooled.add(payload);
        return payload.content();
    }

    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (SpooledPayload p : spooled) {
            try {
                p.close();
            } catch (IOException e) {
                failed = e;
            }
        }
        spooled.clear();
        if (failed != null) {
            throw failed;
        }
    }
}
