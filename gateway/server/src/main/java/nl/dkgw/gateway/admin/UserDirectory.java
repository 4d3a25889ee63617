package nl.dkgw.gateway.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.dkgw.gateway.config.GatewayConfig;

/**
 * The admin users of gateway.yml and the check of their passwords. Argon2id is slow on purpose; so that HTTP Basic
 * callers (the CLI, a Prometheus scrape) do not pay for it on every request, a successful check is remembered for
 * {@value #REMEMBER_MINUTES} minutes as an HMAC of name and password under a key that lives only in this process.
 */
public final class UserDirectory {

    private static final int REMEMBER_MINUTES = 5;
    private static final int MAX_REMEMBERED = 1_000;
    /**
     * Password checks (Argon2id, 19 MiB each) running at once in this process; an unauthenticated caller sending a
     * new user name each time must not be able to exhaust memory or the admin port's threads.
     */
    static final Semaphore PASSWORD_CHECKS = new Semaphore(4);

    private static final long BUSY_WAIT_MILLIS = 1_000;

    /** Every password check of this process is busy; the caller should try again in a moment. */
    public static final class Busy extends Exception {
        Busy() {
            super("too many password checks at once", null, false, false);
        }
    }

    private record Entry(AdminPrincipal principal, PasswordHash hash) {}

    private final Map<String, Entry> users;
    private final PasswordHash decoy;
    private final Clock clock;
    private final byte[] rememberKey = new byte[32];
    private final Map<String, Instant> remembered = new ConcurrentHashMap<>();

    private UserDirectory(Map<String, Entry> users, Clock clock) {
        this.users = users;
        this.clock = clock;
        this.decoy = PasswordHash.parse(PasswordHash.hash("decoy".toCharArray()));
        new SecureRandom().nextBytes(rememberKey);
    }

    /**
     * The users of the configuration.
     *
     * @throws IllegalArgumentException naming the user and key when one is incomplete or its hash or role is invalid
     */
    public static UserDirectory of(List<GatewayConfig.User> configured, Clock clock) {
        Map<String, Entry> users = new LinkedHashMap<>();
        int i = 0;
        for (GatewayConfig.User u : configured) {
            String where = "admin.users[" + i++ + "]";
            if (u.name() == null || u.name().isBlank() || u.name().contains(":")) {
                throw new IllegalArgumentException(where + ".name is required and must not contain ':'");
            }
            PasswordHash hash;
            Role role;
            try {
                hash = PasswordHash.parse(u.passwordHash());
                role = Role.parse(u.role());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + " (" + u.name() + "): " + e.getMessage());
            }
            if (users.put(u.name(), new Entry(new AdminPrincipal(u.name(), role, u.payloads()), hash)) != null) {
                throw new IllegalArgumentException(where + ": user " + u.name() + " is configured twice");
            }
        }
        return new UserDirectory(Map.copyOf(users), clock);
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /**
     * The user when name and password match; an unknown name costs the same time as a wrong password.
     *
     * @throws Busy when no password check became free within a second (remembered checks never wait)
     */
    public Optional<AdminPrincipal> verify(String name, char[] password) throws Busy {
        Entry entry = name == null ? null : users.get(name);
        String token = token(name, password);
        Instant until = remembered.get(token);
        if (entry != null && until != null && until.isAfter(clock.instant())) {
            return Optional.of(entry.principal());
        }
        if (!matches(entry == null ? decoy : entry.hash(), password) || entry == null) {
            return Optional.empty();
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(token, clock.instant().plus(Duration.ofMinutes(REMEMBER_MINUTES)));
        return Optional.of(entry.principal());
    }

    private static boolean matches(PasswordHash hash, char[] password) throws Busy {
        try {
            if (!PASSWORD_CHECKS.tryAcquire(BUSY_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new Busy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Busy();
        }
        try {
            return hash.matches(password);
        } finally {
            PASSWORD_CHECKS.release();
        }
    }

    private String token(String name, char[] password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
            mac.update(String.valueOf(name).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            byte[] pw = new byte[bytes.remaining()];
            bytes.get(pw);
            mac.update(pw);
            Arrays.fill(pw, (byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
