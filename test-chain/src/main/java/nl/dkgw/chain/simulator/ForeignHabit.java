package nl.dkgw.chain.simulator;

import java.util.Locale;

/**
 * One habit of the ebMS adapters in the field (the reference adapter ebms-core / ebms-admin 2.20.x) that the
 * foreign-peer simulator can show or leave off. Some are agreed in the CPAs or fixed in the node's keys, so they are
 * chosen when the simulator starts ({@link #chosenAtStart()}); the others switch at once, on the wire.
 */
public enum ForeignHabit {

    /** Its XML signatures carry only the signer's own certificate in ds:KeyInfo, no intermediate CAs. */
    LEAF_ONLY_KEY_INFO(true, "signatures carry only the signer's certificate in ds:KeyInfo"),
    /** Its Ping and StatusRequest carry no eb:Role, written in its own style; it checks our Pong and StatusResponse. */
    PING_WITHOUT_ROLES(false, "Ping and StatusRequest without eb:Role, in its own envelope style"),
    /** Its CPAs of the encrypted profiles name AES-128-CBC with RSA 1.5 key transport. */
    CBC_RSA15(true, "-e profiles encrypt with AES-CBC and RSA 1.5 (CPA)"),
    /** Its CPAs say syncReplyMode none: acknowledgments and errors come back on their own connection. */
    ASYNC_ERRORS(true, "syncReplyMode none: acknowledgments and errors asynchronously (CPA)"),
    /** Its synchronous replies that carry no payload are bare text/xml, not multipart/related. */
    BARE_SYNC_REPLIES(false, "synchronous replies as bare text/xml"),
    /** It validates everything it receives against the ebMS 2.0, SOAP 1.1 and XML-DSig schemas; HTTP 500 if not. */
    STRICT_SCHEMA(false, "validates all it receives against msg-header-2_0.xsd, SOAP 1.1 and xmldsig");

    private final boolean chosenAtStart;
    private final String description;

    ForeignHabit(boolean chosenAtStart, String description) {
        this.chosenAtStart = chosenAtStart;
        this.description = description;
    }

    /** True when the habit lives in the CPAs or the node's keys: it can only be chosen before the simulator starts. */
    public boolean chosenAtStart() {
        return chosenAtStart;
    }

    public String description() {
        return description;
    }

    /** The name the command line and the control endpoint use, e.g. {@code leaf-only-key-info}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ForeignHabit of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder known = new StringBuilder();
            for (ForeignHabit h : values()) {
                known.append(known.length() == 0 ? "" : ", ").append(h.id());
            }
            throw new IllegalArgumentException(
                    "unknown habit '" + name.trim() + "'; one of " + known + " (or all, none)");
        }
    }
}
