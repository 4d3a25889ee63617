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
 * tried from where.
 */
public final class LoginThrottle {

    static final int FREE_FAILURES = 5;
    private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 10_000;

    private record Failures(int count, Instant lockedUntil) {
    }

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
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
        if (failures.size() > MAX_TRACKED) {
            Instant now = clock.instant();
            failures.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(now));
        }
        failures.compute(key(user), (k, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            Instant until = null;
            if (count >= FREE_FAILURES) {
                int doublings = Math.min(count - FREE_FAILURES, 10);
                Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
                until = clock.instant().plus(lock.compareTo(LONGEST_LOCK) > 0 ? LONGEST_LOCK : lock);
            }
            return new Failures(count, until);
        });
    }

    public void succeeded(String user) {
        failures.remove(key(user));
    }

    private static String key(String user) {
        return user == null ? "" : user;
    }
}
