package nl.dkgw.cpa;

import java.util.Objects;

/**
 * One action of a service and who may send it.
 *
 * @param name      the ebMS Action (no whitespace), e.g. a verb or the payload's root element name
 * @param direction which party sends it
 */
public record ActionSpec(String name, Direction direction) {

    /** Who sends the action. */
    public enum Direction {
        CONSUMER_TO_PROVIDER,
        PROVIDER_TO_CONSUMER,
        BOTH;

        boolean consumerSends() {
            return this != PROVIDER_TO_CONSUMER;
        }

        boolean providerSends() {
            return this != CONSUMER_TO_PROVIDER;
        }
    }

    public ActionSpec {
        Objects.requireNonNull(direction, "direction of action " + name);
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("action name must be non-empty without whitespace: '" + name + "'");
        }
    }
}
