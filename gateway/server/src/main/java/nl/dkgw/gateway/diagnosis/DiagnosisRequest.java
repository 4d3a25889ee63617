package nl.dkgw.gateway.diagnosis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What to diagnose: the CPA, how long to wait at each step, and optionally a real test message (service and action
 * from the CPA) that must be acknowledged (or, for a best-effort profile, accepted).
 */
public record DiagnosisRequest(
        String cpaId,
        Duration connectTimeout,
        Duration pingTimeout,
        Optional<TestMessage> testMessage,
        Duration testMessageTimeout) {

    /** A business message to send as the last check. */
    public record TestMessage(String service, String action) {
        public TestMessage {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(action, "action");
        }
    }

    public DiagnosisRequest {
        Objects.requireNonNull(cpaId, "cpaId");
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
        pingTimeout = pingTimeout == null ? Duration.ofSeconds(30) : pingTimeout;
        testMessage = testMessage == null ? Optional.empty() : testMessage;
        testMessageTimeout = testMessageTimeout == null ? Duration.ofSeconds(60) : testMessageTimeout;
    }

    /** Defaults: 5 s to connect, 30 s for the Pong, no test message. */
    public static DiagnosisRequest of(String cpaId) {
        return new DiagnosisRequest(cpaId, null, null, Optional.empty(), null);
    }

    public DiagnosisRequest withConnectTimeout(Duration timeout) {
        return new DiagnosisRequest(cpaId, timeout, pingTimeout, testMessage, testMessageTimeout);
    }

    public DiagnosisRequest withPingTimeout(Duration timeout) {
        return new DiagnosisRequest(cpaId, connectTimeout, timeout, testMessage, testMessageTimeout);
    }

    public DiagnosisRequest withTestMessage(String service, String action, Duration timeout) {
        return new DiagnosisRequest(
                cpaId, connectTimeout, pingTimeout, Optional.of(new TestMessage(service, action)), timeout);
    }
}
