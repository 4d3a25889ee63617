package nl.dkgw.testkit;

/**
 * The seed of a test that makes random choices (kill moments, orders, sizes). A build is repeatable: unless told
 * otherwise every test uses the same fixed seed, so CI runs the same choices each time and a failure replays
 * locally. The seed in use is always printed with the property that sets it:
 *
 * <ul>
 *   <li>{@code -Ddkgw.test.seed=N}: use N (replay a printed seed, or try another fixed one);</li>
 *   <li>{@code -Ddkgw.test.seed=random}: a new seed per run (exploring), still printed for the replay.</li>
 * </ul>
 *
 * A test may also accept its own, older property as an alias (the durability test's {@code dkgw.durability.seed}).
 */
public final class TestSeed {

    /** The system property every seeded test reads. */
    public static final String PROPERTY = "dkgw.test.seed";
    /** The seed CI uses when no property is set. */
    public static final long FIXED = 20_141_214L;

    private TestSeed() {}

    /** The seed for {@code test}: from {@value #PROPERTY} (or {@code aliasProperty}), else {@link #FIXED}; printed. */
    public static long of(Class<?> test, String aliasProperty) {
        String given = System.getProperty(PROPERTY);
        String from = PROPERTY;
        if ((given == null || given.isBlank()) && aliasProperty != null) {
            given = System.getProperty(aliasProperty);
            from = aliasProperty;
        }
        long seed = parse(given, from);
        System.out.printf(
                "%s: seed %d (replay with -D%s=%d; -D%s=random for a new one)%n",
                test.getSimpleName(), seed, PROPERTY, seed, PROPERTY);
        return seed;
    }

    /** The seed for {@code test}, read from {@value #PROPERTY} only. */
    public static long of(Class<?> test) {
        return of(test, null);
    }

    static long parse(String given, String property) {
        if (given == null || given.isBlank()) {
            return FIXED;
        }
        if (given.trim().equalsIgnoreCase("random")) {
            return System.nanoTime();
        }
        try {
            return Long.parseLong(given.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + property + " must be a whole number or 'random', not '" + given + "'", e);
        }
    }
}
