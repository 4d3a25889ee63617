package nl.dkgw.gateway.mime;

import jakarta.activation.DataSource;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.SharedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Set;
import nl.dkgw.gateway.ebms.PayloadContent;

/** A multipart body read from a spooled file: its parts are ranges of the file, decoded as they are read. */
final class SpooledMultipart extends MimeMultipart {

    private final SpooledBodyStream file;

    SpooledMultipart(SpooledBodyStream file, String contentType) throws MessagingException {
        super(new Source(file, contentType));
        this.file = file;
    }

    @Override
    protected MimeBodyPart createMimeBodyPart(InputStream range) throws MessagingException {
        return new Part(range, file.lengthOf(range));
    }

    /** The spooled file as the parser's source: read once, from its start. */
    private record Source(SpooledBodyStream file, String contentType) implements DataSource {
        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return file;
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("a received body is read only");
        }

        @Override
        public String getName() {
            return "received body";
        }
    }

    /** A body part over a range of the file; knows how many bytes its content takes there. */
    static final class Part extends MimeBodyPart {

        private final long contentBytes;

        Part(InputStream range, long rangeLength) throws MessagingException {
            super(range);
            long headerBytes = range instanceof SharedInputStream shared ? shared.getPosition() : -1;
            this.contentBytes = rangeLength < 0 || headerBytes < 0 ? -1 : rangeLength - headerBytes;
        }

        /** The part's content as a payload: its decoded stream, opened afresh on each {@code open()}. */
        PayloadContent content() throws MessagingException {
            return new PartContent(this, identityEncoded(getEncoding()) ? contentBytes : -1);
        }

        private static final Set<String> IDENTITY = Set.of("binary", "8bit", "7bit");

        private static boolean identityEncoded(String encoding) {
            return encoding == null || IDENTITY.contains(encoding.trim().toLowerCase(Locale.ROOT));
        }
    }

    /** The decoded content of a part of a spooled body; valid until the body is closed. */
    private record PartContent(MimeBodyPart part, long length) implements PayloadContent {
        @Override
        public InputStream open() throws IOException {
            try {
                return part.getInputStream();
            } catch (MessagingException e) {
                throw new IOException("the MIME part cannot be read: " + e.getMessage(), e);
            }
        }
    }
}
