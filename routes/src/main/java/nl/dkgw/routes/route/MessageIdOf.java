package nl.dkgw.routes.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ebMS MessageId of a source event: {@code <flow>.<source id>@dkgw.flows}. The same event (same source id) always
 * gets the same MessageId, so submitting it again after a crash returns the message stored the first time instead of
 * sending a second one.
 */
public final class MessageIdOf {

    public static final String DOMAIN = "dkgw.flows";
    private static final int MAX_SOURCE_ID = 120;

    private MessageIdOf() {}

    public static String event(String flow, String sourceId) {
        String local = sourceId.replaceAll("[^A-Za-z0-9._-]", "-");
        if (local.length() > MAX_SOURCE_ID) {
            local = sha256(sourceId);
        }
        return flow + "." + local + "@" + DOMAIN;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
