package nl.dkgw.gateway.mime;

import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.dkgw.gateway.ebms.EbmsException;
import nl.dkgw.gateway.ebms.ErrorCode;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;

/**
 * Packs and unpacks ebMS 2.0 messages as {@code multipart/related; type="text/xml"} (SOAP with attachments),
 * with Jakarta Mail (Angus) doing the MIME work.
 */
public final class SoapWithAttachments {

    /** Folded white space in a Content-Type header, made one space (compiled once: packing is on the hot path). */
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    static {
        // Refuse truncated multiparts instead of silently accepting what arrived.
        System.setProperty("mail.mime.multipart.ignoremissingendboundary", "false");
        System.setProperty("mail.mime.multipart.ignoremissingboundaryparameter", "false");
        // Name the stream provider, or Jakarta Mail scans the class path for it on every body part (hot path).
        if (System.getProperty("jakarta.mail.util.StreamProvider") == null) {
            System.setProperty("jakarta.mail.util.StreamProvider", "org.eclipse.angus.mail.util.MailStreamProvider");
        }
    }

    /**
     * The largest SOAP part read from a spooled body (4 MiB): it is held in memory and parsed, while the payload parts
     * stay on disk. Envelopes are a few kilobytes; a larger one is refused with a MimeProblem error.
     */
    public static final int MAX_SOAP_PART_BYTES = 4 * 1024 * 1024;

    private final int maxParts;

    public SoapWithAttachments(int maxParts) {
        this.maxParts = maxParts;
    }

    /**
     * Packs the envelope and payload parts. Jakarta Mail writes the MIME structure with a placeholder for each
     * payload part's content; the placeholders are then replaced by the parts' contents as they are, so no part is
     * read here: the message's body streams each part when it is written (binary transfer encoding, bytes unchanged),
     * and its length is the structure's plus the parts' sizes.
     */
    public PackedMessage pack(byte[] envelope, List<Payload> payloads) {
        try {
            String startId = "soappart-" + UUID.randomUUID() + "@dkgw";
            MimeMultipart multipart = new MimeMultipart("related");
            multipart.addBodyPart(part(envelope, "text/xml; charset=UTF-8", startId));
            String placeholder = "dkgw-payload-" + UUID.randomUUID() + "-";
            for (int i = 0; i < payloads.size(); i++) {
                Payload p = payloads.get(i);
                byte[] mark = (placeholder + i).getBytes(StandardCharsets.US_ASCII);
                multipart.addBodyPart(part(mark, p.contentType(), p.contentId()));
            }
            ContentType contentType = new ContentType(multipart.getContentType());
            contentType.setParameter("type", "text/xml");
            contentType.setParameter("start", "<" + startId + ">");
            ByteArrayOutputStream out = new ByteArrayOutputStream(envelope.length + 1024);
            multipart.writeTo(out);
            String type = WHITESPACE.matcher(contentType.toString()).replaceAll(" ");
            byte[] structure = out.toByteArray();
            if (payloads.isEmpty()) {
                return new PackedMessage(type, structure);
            }
            List<PayloadContent> pieces = new ArrayList<>(2 * payloads.size() + 1);
            int from = 0;
            for (int i = 0; i < payloads.size(); i++) {
                byte[] mark = (placeholder + i).getBytes(StandardCharsets.US_ASCII);
                int at = indexOf(structure, mark, from);
                if (at < 0) {
                    throw new IllegalStateException("the MIME structure lost the place of payload part " + i);
                }
                pieces.add(PayloadContent.of(Arrays.copyOfRange(structure, from, at)));
                pieces.add(payloads.get(i).content());
                from = at + mark.length;
            }
            pieces.add(PayloadContent.of(Arrays.copyOfRange(structure, from, structure.length)));
            return PackedMessage.ofPieces(type, pieces);
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("cannot build MIME message: " + e.getMessage(), e);
        }
    }

    private static int indexOf(byte[] in, byte[] what, int from) {
        outer:
        for (int i = from; i <= in.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static MimeBodyPart part(byte[] data, String contentType, String contentId) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(data, contentType)));
        part.setHeader("Content-Type", contentType);
        part.setHeader("Content-ID", "<" + contentId + ">");
        part.setHeader("Content-Transfer-Encoding", "binary");
        return part;
    }

    /**
     * Takes a received HTTP body apart. A plain {@code text/xml} body is a message without attachments.
     *
     * @throws EbmsException MimeProblem when the MIME structure is broken or not what ebMS requires
     */
    public MimeMessage unpack(String contentTypeHeader, byte[] body) throws EbmsException {
        ContentType contentType = contentTypeOf(contentTypeHeader);
        if (contentType.match("text/xml")) {
            return new MimeMessage(body, List.of());
        }
        try {
            return unpack(
                    contentType,
                    new MimeMultipart(new ByteArrayDataSource(body, contentTypeHeader)),
                    SoapWithAttachments::read,
                    part -> PayloadContent.of(read(part)));
        } catch (MessagingException | IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * Takes a received HTTP body apart, in memory or spooled to a file. From a file, only the SOAP part is read into
     * memory (at most {@value #MAX_SOAP_PART_BYTES} bytes); each payload part stays a range of the file that is read,
     * and decoded, whenever the payload is opened. The payloads are valid until {@code body} is closed, which also
     * closes the file they read.
     *
     * @throws EbmsException MimeProblem when the MIME structure is broken or not what ebMS requires, or the SOAP part
     *     of a spooled body is too large
     */
    public MimeMessage unpack(String contentTypeHeader, ReceivedBody body) throws EbmsException {
        if (!body.spooled()) {
            return unpack(contentTypeHeader, body.bytes());
        }
        ContentType contentType = contentTypeOf(contentTypeHeader);
        try {
            if (contentType.match("text/xml")) {
                if (body.length() > MAX_SOAP_PART_BYTES) {
                    throw soapPartTooLarge();
                }
                return new MimeMessage(Files.readAllBytes(body.file()), List.of());
            }
            SpooledBodyStream file = new SpooledBodyStream(body.file().toFile());
            body.closeWith(file::release);
            return unpack(
                    contentType,
                    new SpooledMultipart(file, contentTypeHeader),
                    SoapWithAttachments::readSoapPart,
                    part -> ((SpooledMultipart.Part) part).content());
        } catch (MessagingException | IOException e) {
            throw unreadable(e);
        }
    }

    /** How one part of the body is read. */
    @FunctionalInterface
    private interface PartReader<T> {
        T read(MimeBodyPart part) throws MessagingException, IOException, EbmsException;
    }

    private static ContentType contentTypeOf(String contentTypeHeader) throws EbmsException {
        if (contentTypeHeader == null || contentTypeHeader.isBlank()) {
            throw new EbmsException(ErrorCode.MimeProblem, "Content-Type", "the HTTP request has no Content-Type");
        }
        ContentType contentType;
        try {
            contentType = new ContentType(contentTypeHeader);
        } catch (ParseException e) {
            throw new EbmsException(
                    ErrorCode.MimeProblem,
                    "Content-Type",
                    "the Content-Type header cannot be parsed: " + e.getMessage());
        }
        if (contentType.match("text/xml")) {
            return contentType;
        }
        if (!contentType.match("multipart/related")) {
            throw new EbmsException(
                    ErrorCode.MimeProblem,
                    "Content-Type",
                    "expected multipart/related (SOAP with attachments) or text/xml, got " + contentType.getBaseType());
        }
        String type = contentType.getParameter("type");
        if (type != null && !type.equalsIgnoreCase("text/xml")) {
            throw new EbmsException(
                    ErrorCode.MimeProblem,
                    "Content-Type",
                    "the multipart/related type parameter must be text/xml, got " + type);
        }
        if (contentType.getParameter("boundary") == null) {
            throw new EbmsException(ErrorCode.MimeProblem, "Content-Type", "multipart/related without a boundary");
        }
        return contentType;
    }

    private MimeMessage unpack(
            ContentType contentType,
            MimeMultipart multipart,
            PartReader<byte[]> envelopeOf,
            PartReader<PayloadContent> contentOf)
            throws MessagingException, IOException, EbmsException {
        int count = multipart.getCount();
        if (count == 0) {
            throw new EbmsException(ErrorCode.MimeProblem, "MIME", "the multipart message has no parts");
        }
        if (count > maxParts + 1) {
            throw new EbmsException(
                    ErrorCode.MimeProblem,
                    "MIME",
                    "the message has " + (count - 1) + " payload parts; at most " + maxParts + " are accepted");
        }
        if (!multipart.isComplete()) {
            throw new EbmsException(ErrorCode.MimeProblem, "MIME", "the multipart message is truncated");
        }
        String start = contentType.getParameter("start");
        int soapIndex = 0;
        if (start != null) {
            soapIndex = -1;
            for (int i = 0; i < count; i++) {
                String id = ((MimeBodyPart) multipart.getBodyPart(i)).getContentID();
                if (start.equals(id) || ("<" + start + ">").equals(id)) {
                    soapIndex = i;
                    break;
                }
            }
            if (soapIndex < 0) {
                throw new EbmsException(
                        ErrorCode.MimeProblem,
                        "Content-Type",
                        "no MIME part has the Content-ID named by the start parameter " + start);
            }
        }
        MimeBodyPart soap = (MimeBodyPart) multipart.getBodyPart(soapIndex);
        if (!new ContentType(soap.getContentType()).match("text/xml")) {
            throw new EbmsException(
                    ErrorCode.MimeProblem, "MIME", "the SOAP part must be text/xml, got " + soap.getContentType());
        }
        byte[] envelope = envelopeOf.read(soap);
        List<Payload> payloads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (i == soapIndex) {
                continue;
            }
            MimeBodyPart part = (MimeBodyPart) multipart.getBodyPart(i);
            String id = part.getContentID();
            if (id == null || id.isBlank()) {
                throw new EbmsException(ErrorCode.MimeProblem, "MIME part " + i, "a payload part has no Content-ID");
            }
            String cid = id.trim();
            if (cid.startsWith("<") && cid.endsWith(">")) {
                cid = cid.substring(1, cid.length() - 1);
            }
            String partType = part.getContentType() == null ? "application/octet-stream" : part.getContentType();
            payloads.add(new Payload(cid, partType, contentOf.read(part)));
        }
        return new MimeMessage(envelope, payloads);
    }

    private static EbmsException unreadable(Exception e) {
        return new EbmsException(ErrorCode.MimeProblem, "MIME", "the MIME message cannot be read: " + e.getMessage());
    }

    private static EbmsException soapPartTooLarge() {
        return new EbmsException(
                ErrorCode.MimeProblem,
                "SOAP part",
                "the SOAP part is larger than " + MAX_SOAP_PART_BYTES
                        + " bytes; payloads belong in parts of their own");
    }

    private static byte[] read(MimeBodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** The SOAP part of a spooled body, refused when it is larger than {@value #MAX_SOAP_PART_BYTES} bytes. */
    private static byte[] readSoapPart(MimeBodyPart part) throws MessagingException, IOException, EbmsException {
        try (InputStream in = part.getInputStream()) {
            byte[] envelope = in.readNBytes(MAX_SOAP_PART_BYTES + 1);
            if (envelope.length > MAX_SOAP_PART_BYTES) {
                throw soapPartTooLarge();
            }
            return envelope;
        }
    }
}
