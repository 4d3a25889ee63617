package nl.dkgw.gateway.gb.store;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id of a stored file and the last segment of its URL: 128 random bits from a {@link SecureRandom}, base64url
 * without padding (22 characters from {@code A-Z a-z 0-9 - _}), so it cannot be guessed and needs no escaping.
 * Anything else is not an id, which also keeps path separators and dots out of the store's file names.
 */
public record FileId(String value) {

    private static final int RANDOM_BYTES = 16;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{22}");

    public FileId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("not a GB file id: 22 characters of A-Z, a-z, 0-9, '-' and '_'");
        }
    }

    public static FileId random(SecureRandom random) {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return new FileId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The id in a URL segment, or empty for anything that is not one (never throws on hostile input). */
    public static Optional<FileId> parse(String text) {
        return text != null && SHAPE.matcher(text).matches() ? Optional.of(new FileId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
