package nl.dkgw.gateway.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing per user name: after {@value #FREE_FAILURES} failed logins in a row, every further attempt
 * for that name is refused for a lock time that doubles with each failure (30 s up to 15 min), whatever the password.
 * A successful login resets the count. The price is that someone can keep a known user name locked; the log says who
 * tried from where. Beyond {@value #MAX_TRACKED} names only those without a running lock and without a failure in
 * the last 15 minutes are forgotten, so trying many other names cannot reset the count of the name under attack
 * (the map then grows, at the pace the password checks allow).
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 10_000;
    private static final Duration FORGET_AFTER = LONGEST_LOCK;

    private record Failures(int count, Instant lockedUntil, Instant last) {}

    private final Clock clock;
    private final int maxTracked;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this(clock, MAX_TRACKED);
    }

    LoginThrottle(Clock clock, int maxTracked) {
        this.clock = clock;
        this.maxTracked = maxTracked;
    }

    /** How many user names have failures on record. */
    int tracked() {
        return failures.size();
    }

    /** How long {@code user} must wait before the next attempt is looked at, if at all. */
    public Optional<Duration> lockedFor(String user) {
        Failures f = failures.get(key(user));
        if (f == null || f.lockedUntil() == null) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), f.lockedUntil());
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }

    public void failed(String user) {
        Instant now = clock.instant();
        if (failures.size() >= maxTracked) {
            Instant forget = now.minus(FORGET_AFTER);
            failures.values()
                    .removeIf(f -> (f.lockedUntil() == null || f.lockedUntil().isBefore(now))
                            && f.last().isBefore(forget));
        }
        failures.compute(key(user), (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            Instant until = null;
            if (count >= FREE_FAILURES) {
                int doublings = Math.min(count - FREE_FAILURES, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                until = now.plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
            return new Failures(count, until, now);
        });
    }

    public void succeeded(String user) {
        failures.remove(key(user));
    }

    private static String key(String user) {
        return user == null ? "" : user;
    }
}
