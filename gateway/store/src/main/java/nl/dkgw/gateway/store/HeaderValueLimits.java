package nl.dkgw.gateway.store;

import java.util.ArrayList;
import java.util.List;
import nl.dkgw.cpa.PartyId;
import nl.dkgw.gateway.ebms.MessageHeader;
import nl.dkgw.gateway.ebms.Payload;

/**
 * The longest value of each ebMS header field (and payload MIME header) the message store can keep: the sizes of the
 * columns of {@code ebms_message} and {@code ebms_payload} (db/gateway V1). A message with a longer value must be
 * refused before it is stored, inbound with an ebMS error and outbound with a submission error; a database error
 * halfway through receiving would answer HTTP 500 and make a reliable sender retry forever.
 */
public final class HeaderValueLimits {

    /** message_id, cpa_id, conversation_id, ref_to_message_id, from/to_party, from/to_role, action. */
    public static final int IDENTIFIER = 256;
    /** service. */
    public static final int SERVICE = 512;
    /** ebms_payload.content_id and content_type. */
    public static final int PAYLOAD_HEADER = 512;

    private static final String MH = "//eb:MessageHeader/";

    /** One value over its limit: which element, where, how long it is and how long it may be. */
    public record Overrun(String element, String location, int length, int limit) {
        /** For an error description or a submission error: names the element and the limit, never the value. */
        public String describe() {
            return element + " is " + length + " characters long; this gateway keeps at most " + limit;
        }
    }

    private HeaderValueLimits() {}

    /** Every header value of the message and every payload header that is longer than the store keeps. */
    public static List<Overrun> overruns(MessageHeader h, List<Payload> payloads) {
        List<Overrun> found = new ArrayList<>();
        check(found, "eb:CPAId", MH + "eb:CPAId", h.cpaId(), IDENTIFIER);
        check(found, "eb:ConversationId", MH + "eb:ConversationId", h.conversationId(), IDENTIFIER);
        check(found, "eb:MessageId", MH + "eb:MessageData/eb:MessageId", h.messageId(), IDENTIFIER);
        check(found, "eb:RefToMessageId", MH + "eb:MessageData/eb:RefToMessageId", h.refToMessageId(), IDENTIFIER);
        check(found, "eb:From/eb:PartyId (with its type)", MH + "eb:From/eb:PartyId", party(h.from()), IDENTIFIER);
        check(found, "eb:From/eb:Role", MH + "eb:From/eb:Role", h.fromRole(), IDENTIFIER);
        check(found, "eb:To/eb:PartyId (with its type)", MH + "eb:To/eb:PartyId", party(h.to()), IDENTIFIER);
        check(found, "eb:To/eb:Role", MH + "eb:To/eb:Role", h.toRole(), IDENTIFIER);
        check(found, "eb:Service", MH + "eb:Service", h.service(), SERVICE);
        check(found, "eb:Action", MH + "eb:Action", h.action(), IDENTIFIER);
        for (Payload p : payloads) {
            check(found, "a payload's Content-ID", "MIME Content-ID", p.contentId(), PAYLOAD_HEADER);
            check(found, "a payload's Content-Type", "MIME Content-Type", p.contentType(), PAYLOAD_HEADER);
        }
        return found;
    }

    private static String party(PartyId party) {
        return party == null ? null : party.toString();
    }

    private static void check(List<Overrun> found, String element, String location, String value, int limit) {
        if (value != null && value.length() > limit) {
            int length = value.codePointCount(0, value.length());
            if (length > limit) {
                found.add(new Overrun(element, location, length, limit));
            }
        }
    }
}
