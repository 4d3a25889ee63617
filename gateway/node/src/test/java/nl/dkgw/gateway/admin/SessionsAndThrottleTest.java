package nl.dkgw.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Session idle expiry, the login throttle's lock and reset, hash parsing and the access rules, on a set clock. */
class SessionsAndThrottleTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        private Instant now = Instant.parse("2026-11-23T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static final AdminPrincipal ALICE = new AdminPrincipal("alice", Role.OPERATOR, false);

    @Test
    void aSessionLivesWhileUsedAndEndsAfterTheIdleTimeOrAtLogout() {
        HandClock clock = new HandClock();
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        String id = sessions.open(ALICE);
        assertThat(id).isNotEqualTo(sessions.open(ALICE));
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.use(id)).contains(ALICE);
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.use(id)).as("each use restarts the idle time").contains(ALICE);
        clock.advance(Duration.ofMinutes(31));
        assertThat(sessions.use(id)).isEmpty();
        String other = sessions.open(ALICE);
        sessions.close(other);
        assertThat(sessions.use(other)).isEmpty();
        assertThat(sessions.use("made-up")).isEmpty();
        assertThat(sessions.use(null)).isEmpty();
    }

    @Test
    void aSessionInUseEndsAfterItsLifetime() {
        HandClock clock = new HandClock();
        Sessions sessions = new Sessions(Duration.ofMinutes(30), clock);
        String id = sessions.open(ALICE);
        Duration used = Duration.ZERO;
        while (used.plusMinutes(20).compareTo(Sessions.LIFETIME) < 0) {
            clock.advance(Duration.ofMinutes(20));
            used = used.plusMinutes(20);
            assertThat(sessions.use(id)).as("after %s", used).contains(ALICE);
        }
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.use(id)).isEmpty();
    }

    @Test
    void theThrottleLocksAfterFiveFailuresDoublesTheLockAndResetsOnSuccess() {
        HandClock clock = new HandClock();
        LoginThrottle throttle = new LoginThrottle(clock);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("bob");
            assertThat(throttle.lockedFor("bob")).isEmpty();
        }
        throttle.failed("bob");
        assertThat(throttle.lockedFor("bob")).contains(Duration.ofSeconds(30));
        assertThat(throttle.lockedFor("carol")).isEmpty();
        clock.advance(Duration.ofSeconds(31));
        assertThat(throttle.lockedFor("bob")).isEmpty();
        throttle.failed("bob");
        assertThat(throttle.lockedFor("bob")).contains(Duration.ofSeconds(60));
        for (int i = 0; i < 20; i++) {
            throttle.failed("bob");
        }
        assertThat(throttle.lockedFor("bob")).contains(Duration.ofMinutes(15));
        throttle.succeeded("bob");
        assertThat(throttle.lockedFor("bob")).isEmpty();
    }

    @Test
    void tryingManyOtherNamesDoesNotResetTheCountOfTheNameUnderAttack() {
        HandClock clock = new HandClock();
        LoginThrottle throttle = new LoginThrottle(clock, 100);
        for (int i = 0; i < LoginThrottle.FREE_FAILURES - 1; i++) {
            throttle.failed("bob");
        }
        for (int i = 0; i < 1_000; i++) {
            throttle.failed("spray-" + i);
        }
        throttle.failed("bob");
        assertThat(throttle.lockedFor("bob")).as("the fifth failure locks bob").contains(Duration.ofSeconds(30));
        // names without a running lock and quiet for 15 minutes are forgotten once the map is full again
        clock.advance(Duration.ofMinutes(16));
        throttle.failed("late");
        assertThat(throttle.tracked()).isEqualTo(1);
        assertThat(throttle.lockedFor("late")).isEmpty();
    }

    @Test
    void malformedHashesAreRefusedWithAReason() {
        assertThatThrownBy(() -> PasswordHash.parse("secret")).hasMessageContaining("not an Argon2id");
        assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=16$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"))
                .hasMessageContaining("v=19");
        assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=19$m=1,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=19$m=19456,t=2,p=1$!!$aGFzaA"))
                .hasMessageContaining("malformed");
        assertThat(PasswordHash.parse(PasswordHash.hash("a long password".toCharArray()))
                        .matches("a long password".toCharArray()))
                .isTrue();
    }

    @Test
    void accessRulesFollowTheRoles() {
        assertThat(AccessRule.of("GET", "/health/ready").open()).isTrue();
        assertThat(AccessRule.of("GET", "/console/assets/app.js").open()).isTrue();
        assertThat(AccessRule.of("GET", "/console/assets/../index.html").open()).isFalse();
        assertThat(AccessRule.of("GET", "/console/index.html").role()).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.of("GET", "/metrics").role()).isEqualTo(Role.VIEWER);
        assertThat(AccessRule.of("POST", "/api/messages/x/resend").role()).isEqualTo(Role.OPERATOR);
        assertThat(AccessRule.of("POST", "/api/received/3/processed").auditAction())
                .isEqualTo("mark-processed");
        assertThat(AccessRule.of("PUT", "/api/cpas").role()).isEqualTo(Role.ADMIN);
        assertThat(AccessRule.of("GET", "/api/received/3").payloads()).isTrue();
        assertThat(AccessRule.of("GET", "/api/received").payloads()).isFalse();
        assertThat(AccessRule.of("GET", "/api/received/3/processed").payloads()).isTrue();
        assertThat(AccessRule.of("GET", "/api/messages/a/b@c/payloads/0").payloads())
                .isTrue();
        assertThat(AccessRule.of("GET", "/api/messages/a/b@c").payloads()).isFalse();
        assertThat(AccessRule.of("POST", "/api/something-new").role()).isEqualTo(Role.ADMIN);
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
    }
}
