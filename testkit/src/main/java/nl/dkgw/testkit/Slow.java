package nl.dkgw.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Marks a test class as slow: it starts gateway nodes, child JVMs, PostgreSQL, a broker or a browser, or otherwise
 * takes seconds. {@code mvn -B verify} (CI) runs these too; {@code mvn -B verify -DexcludedGroups=slow} leaves them
 * out, for a quick round of unit tests.
 *
 * <p>Each test method of such a class may take up to 15 minutes (the default for all other tests, set in every
 * module's {@code junit-platform.properties}, is 2 minutes). Lifecycle methods ({@code @BeforeAll} and the like)
 * are not covered by a class-level {@code @Timeout}; they get the properties' lifecycle default.
 * Inherited, so the subclasses of a slow abstract suite are slow too.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Tag(Slow.TAG)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
public @interface Slow {
    /** The JUnit tag: {@code -DexcludedGroups=slow} leaves these tests out, {@code -Dgroups=slow} runs only them. */
    String TAG = "slow";
}
