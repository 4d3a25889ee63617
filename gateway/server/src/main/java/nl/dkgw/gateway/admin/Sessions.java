package nl.dkgw.gateway.admin;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sessions of one node, in memory: a random 256-bit id per login that ends after {@code idle} without
 * requests, {@link #LIFETIME} after the login however busy, at logout, or when the node restarts. Several nodes behind one address need sticky sessions (or a
 * login per node).
 */
public final class Sessions {

    /** The longest a session lives, in use or not: a stolen cookie does not stay valid for ever. */
    public static final Duration LIFETIME = Duration.ofHours(12);

    private static final int MAX_SESSIONS = 10_000;

    private record Session(AdminPrincipal principal, Instant lastSeen, Instant opened) {}

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    public Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** Opens a session and returns its id. */
    public String open(AdminPrincipal principal) {
        if (sessions.size() >= MAX_SESSIONS) {
            Instant cutOff = clock.instant().minus(idle);
            Instant tooOld = clock.instant().minus(LIFETIME);
            sessions.values()
                    .removeIf(s -> s.lastSeen().isBefore(cutOff) || s.opened().isBefore(tooOld));
            if (sessions.size() >= MAX_SESSIONS) {
                throw new IllegalStateException("too many open console sessions");
            }
        }
        byte[] id = new byte[32];
        random.nextBytes(id);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        sessions.put(key, new Session(principal, clock.instant(), clock.instant()));
        return key;
    }

    /** The session's user when it is open, not idle too long and not older than its lifetime; each use restarts
     * the idle time. */
    public Optional<AdminPrincipal> use(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Session s = sessions.computeIfPresent(
                id,
                (k, old) -> old.lastSeen().plus(idle).isAfter(now)
                                && old.opened().plus(LIFETIME).isAfter(now)
                        ? new Session(old.principal(), now, old.opened())
                        : null);
        return s == null ? Optional.empty() : Optional.of(s.principal());
    }

    public void close(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    public Duration idle() {
        return idle;
    }
}
