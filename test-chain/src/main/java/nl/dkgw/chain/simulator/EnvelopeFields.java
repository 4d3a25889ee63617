package nl.dkgw.chain.simulator;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ebMS header fields of a posted message, read from the start of the HTTP body (the SOAP part comes first in a
 * SOAP-with-attachments message) without parsing it: enough to record and to decide whether it is a signal. A body
 * that is not ebMS gives empty fields; the node behind the layer judges it properly.
 */
final class EnvelopeFields {

    private static final int HEAD = 64 * 1024;

    private final String head;

    EnvelopeFields(byte[] body) {
        this.head = new String(body, 0, Math.min(body.length, HEAD), StandardCharsets.UTF_8);
    }

    String messageId() {
        return element("MessageId");
    }

    String cpaId() {
        return element("CPAId");
    }

    String action() {
        return element("Action");
    }

    String conversationId() {
        return element("ConversationId");
    }

    String refToMessageId() {
        return element("RefToMessageId");
    }

    private String element(String local) {
        Matcher m = Pattern.compile("<(?:[\\w.-]+:)?" + local + "(?:\\s[^>]*)?>\\s*([^<]*?)\\s*</")
                .matcher(head);
        return m.find() ? m.group(1) : null;
    }
}
