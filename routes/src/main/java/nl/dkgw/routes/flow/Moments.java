package nl.dkgw.routes.flow;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * Reading the dates and times of payloads, strictly: a 30th of February is no date. The rules use it to reject
 * impossible and future moments.
 */
public final class Moments {

    /** How far ahead of this node's clock a sender's clock may run. */
    public static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    /** Dutch time: payload times without an offset are read in it. */
    public static final ZoneId NL = ZoneId.of("Europe/Amsterdam");

    private static final DateTimeFormatter STUF_DATE =
            DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter STUF_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmss").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter STUF_MESSAGE_TIME =
            DateTimeFormatter.ofPattern("uuuuMMddHHmmssSSS").withResolverStyle(ResolverStyle.STRICT);

    private Moments() {}

    /** An xs:date (already schema-valid, so only the calendar is left to check); null if it is none. */
    public static LocalDate isoDate(String text) {
        try {
            return text == null ? null : LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** An xs:dateTime as an instant (no offset: Dutch time); null if it is none. */
    public static Instant isoDateTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(NL).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** A StUF datum (yyyyMMdd); null if it is no calendar date. */
    public static LocalDate stufDate(String text) {
        try {
            return text == null ? null : LocalDate.parse(text, STUF_DATE);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A StUF tijdstip (yyyyMMddHHmmss, Dutch time); null if it is no real moment. */
    public static Instant stufTime(String text) {
        try {
            return text == null
                    ? null
                    : LocalDateTime.parse(text, STUF_TIME).atZone(NL).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static String toStufDate(LocalDate date) {
        return date.format(STUF_DATE);
    }

    public static String toStufTime(Instant instant) {
        return LocalDateTime.ofInstant(instant, NL).format(STUF_TIME);
    }

    public static String toStufMessageTime(Instant instant) {
        return LocalDateTime.ofInstant(instant, NL).format(STUF_MESSAGE_TIME);
    }

    public static boolean isFuture(Instant instant, Clock clock) {
        return instant.isAfter(clock.instant().plus(CLOCK_SKEW));
    }

    public static boolean isFuture(LocalDate date, Clock clock) {
        return date.isAfter(LocalDate.ofInstant(clock.instant().plus(CLOCK_SKEW), NL));
    }
}
