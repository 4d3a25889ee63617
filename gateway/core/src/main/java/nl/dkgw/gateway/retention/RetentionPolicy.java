package nl.dkgw.gateway.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.datatype.DatatypeConfigurationException;
import javax.xml.datatype.DatatypeFactory;
import nl.dkgw.cpa.CpaStore;
import nl.dkgw.cpa.StoredCpa;
import nl.dkgw.gateway.store.Purge;
import nl.dkgw.gateway.store.PurgeCounts;

/**
 * Decides what a purge may remove. Contents of completed messages go after the retention period; the MessageId of a
 * received message stays at least as long as the longest PersistDuration of any stored CPA, because within that time
 * a sender may still resend it and duplicate elimination must recognise it (ebMS 2.0, section 6.4.1).
 */
public final class RetentionPolicy {

    private static final Pattern PERSIST_DURATION =
            Pattern.compile("<(?:[\\w-]+:)?PersistDuration>\\s*([^<\\s]+)\\s*</(?:[\\w-]+:)?PersistDuration>");

    private final Purge purge;
    private final CpaStore cpas;
    private final Clock clock;

    public RetentionPolicy(Purge purge, CpaStore cpas, Clock clock) {
        this.purge = purge;
        this.cpas = cpas;
        this.clock = clock;
    }

    /** Purges what completed more than {@code olderThan} ago (or counts it, in a dry run). */
    public PurgeCounts purge(Duration olderThan, boolean dryRun) {
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        Instant now = clock.instant();
        Duration keepIds = longestPersistDuration();
        return purge.run(
                now.minus(olderThan), now.minus(keepIds.compareTo(olderThan) > 0 ? keepIds : olderThan), dryRun);
    }

    /** The longest PersistDuration any stored CPA names (zero when none does). */
    public Duration longestPersistDuration() {
        Duration longest = Duration.ZERO;
        for (StoredCpa listed : cpas.list()) {
            String xml = cpas.show(listed.cpaId()).map(StoredCpa::xml).orElse("");
            Matcher m = PERSIST_DURATION.matcher(xml);
            while (m.find()) {
                Duration d = parse(m.group(1));
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
            }
        }
        return longest;
    }

    /** An xs:duration (which may count years and months) as a Duration, measured from now. */
    private Duration parse(String xsDuration) {
        try {
            Date start = Date.from(clock.instant());
            long millis = DatatypeFactory.newInstance().newDuration(xsDuration).getTimeInMillis(start);
            return Duration.ofMillis(Math.max(0, millis));
        } catch (IllegalArgumentException | DatatypeConfigurationException e) {
            // an unreadable value: keep received MessageIds for a generous year rather than too short a time
            return Duration.ofDays(365);
        }
    }
}
