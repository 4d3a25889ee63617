package nl.dkgw.chain.suite;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.dkgw.gateway.ebms.Payload;

/**
 * The changes the negative tests make to a message the gateway built and signed: each keeps everything else
 * byte for byte, so the counterpart's refusal can only be about that change.
 */
final class EnvelopeEdits {

    private static final String PREFIX = "(?:[\\w.-]+:)?";

    private EnvelopeEdits() {}

    /** Replaces the text of the first element with this local name (eb:MessageId, eb:CPAId, ...). */
    static byte[] setElement(byte[] envelope, String localName, String value) {
        String xml = new String(envelope, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(<" + PREFIX + localName + "(?:\\s[^>]*)?>)([^<]*)(</)")
                .matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("the envelope has no " + localName + " element");
        }
        return (xml.substring(0, m.start(2)) + value + xml.substring(m.end(2))).getBytes(StandardCharsets.UTF_8);
    }

    /** Replaces the PartyId inside eb:From. */
    static byte[] setFromParty(byte[] envelope, String value) {
        String xml = new String(envelope, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<" + PREFIX + "From(?:\\s[^>]*)?>\\s*<" + PREFIX + "PartyId(?:\\s[^>]*)?>([^<]*)<")
                .matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("the envelope has no eb:From/eb:PartyId");
        }
        return (xml.substring(0, m.start(1)) + value + xml.substring(m.end(1))).getBytes(StandardCharsets.UTF_8);
    }

    /** Removes the XML signature (ds:Signature) from the SOAP header. */
    static byte[] withoutSignature(byte[] envelope) {
        String xml = new String(envelope, StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("<" + PREFIX + "Signature[\\s>].*?</" + PREFIX + "Signature>", Pattern.DOTALL)
                .matcher(xml);
        if (!m.find()) {
            throw new IllegalArgumentException("the envelope has no ds:Signature");
        }
        return (xml.substring(0, m.start()) + xml.substring(m.end())).getBytes(StandardCharsets.UTF_8);
    }

    static boolean hasSignature(byte[] envelope) {
        return Pattern.compile("<" + PREFIX + "Signature[\\s>]")
                .matcher(new String(envelope, StandardCharsets.UTF_8))
                .find();
    }

    /** The payloads with one byte in the middle of the first changed: the signed digest no longer matches. */
    static List<Payload> tampered(List<Payload> payloads) {
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("the message has no payload to tamper with");
        }
        List<Payload> out = new ArrayList<>(payloads);
        Payload first = payloads.get(0);
        byte[] data = first.data().clone();
        data[data.length / 2] ^= 0x20;
        out.set(0, new Payload(first.contentId(), first.contentType(), data));
        return out;
    }
}
