package nl.dkgw.gateway.ebms;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The instant an envelope's xsd:dateTime (eb:Timestamp, eb:TimeToLive) stands for. Most MSHs, this one included,
 * write UTC with a 'Z' ({@code 2026-12-06T05:40:09.492Z}); that form is read digit by digit, because {@link
 * OffsetDateTime#parse} took about 2 % of the sender's samples on the signed benchmark (JFR) for the two or three
 * timestamps of every message. Any other form (an offset, no seconds, a year beyond four digits), and anything the
 * quick reading doubts, goes to {@link OffsetDateTime#parse}, so both readings agree on every text: the quick one only
 * answers when it is sure.
 */
final class XsdDateTime {

    private XsdDateTime() {}

    /**
     * @throws DateTimeParseException when {@code text} is neither an ISO date-time with an offset nor (as deployed
     *     MSHs send it) one without a zone designator, which is taken as UTC
     */
    static Instant parse(String text) {
        Instant quick = utcWithSeconds(text);
        if (quick != null) {
            return quick;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} in ASCII digits; null for any other text or an impossible value. */
    static Instant utcWithSeconds(String text) {
        int length = text.length();
        if (length < 20
                || length == 21
                || length > 30
                || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 7);
        int day = digits(text, 8, 10);
        int hour = digits(text, 11, 13);
        int minute = digits(text, 14, 16);
        int second = digits(text, 17, 19);
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = digits(text, 20, length - 1);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = length - 1 - 20; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException impossible) {
            return null; // February 30th, hour 24, ...: the full parser says what is wrong
        }
    }

    /** The number written in ASCII digits from {@code from} to {@code to} (at most nine), or -1. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
