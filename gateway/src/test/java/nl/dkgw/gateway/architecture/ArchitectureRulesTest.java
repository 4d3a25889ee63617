package nl.dkgw.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of the gateway module that hold today, checked on its compiled classes so that they keep
 * holding: Jetty only in the HTTP server, JDBC only in the store, the message model and its wire formats free of the
 * server, the store and the MSH around them, no package cycles, and the store behind the MSH and the narrow API.
 */
class ArchitectureRulesTest {

    private static final String GATEWAY = "nl.dkgw.gateway";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(GATEWAY);
    }

    /** The wiring ({@code Gateway}, the demo's {@code LocalChain}) also passes a Jetty layer in front of the node. */
    @Test
    void onlyTheHttpServerUsesJetty() {
        noClasses()
                .that()
                .resideOutsideOfPackages(GATEWAY + ".http..", GATEWAY + ".demo..")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".Gateway")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.eclipse.jetty..")
                .because("the ebMS and admin endpoints are Jetty handlers; everything else speaks the domain")
                .check(classes);
    }

    @Test
    void onlyTheStoreUsesJdbc() {
        noClasses()
                .that()
                .resideOutsideOfPackages(GATEWAY + ".store..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..")
                .because("SQL and its result sets stay behind the store's classes")
                .check(classes);
    }

    @Test
    void theMessageModelAndItsWireFormatsStandOnTheirOwn() {
        noClasses()
                .that()
                .resideInAnyPackage(GATEWAY + ".ebms..", GATEWAY + ".mime..", GATEWAY + ".xml..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY + ".msh..",
                        GATEWAY + ".store..",
                        GATEWAY + ".http..",
                        GATEWAY + ".admin..",
                        GATEWAY + ".camel..",
                        GATEWAY + ".cli..",
                        GATEWAY + ".diagnosis..",
                        GATEWAY + ".config..")
                .because("the ebMS message, MIME packing and safe XML are the bottom layer the MSH builds on")
                .check(classes);
    }

    @Test
    void messageSecurityDoesNotReachIntoTheServerTheStoreOrTheMsh() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + ".security..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY + ".msh..",
                        GATEWAY + ".store..",
                        GATEWAY + ".http..",
                        GATEWAY + ".admin..",
                        GATEWAY + ".camel..",
                        GATEWAY + ".cli..")
                .check(classes);
    }

    /**
     * Every package of the module is its own slice, the root package ({@code Gateway}) and each sub-package alike
     * ({@code msh} and {@code msh.inbound} are two), so a cycle between any two of them fails.
     */
    @Test
    void noPackageCycles() {
        slices().assignedFrom(new PackageSlices(GATEWAY))
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /**
     * The MSH core ({@code msh}, its checks) reads and writes messages; the admin API, the {@code ebms:} component,
     * the link diagnosis and test-chain use the narrow API ({@code api}) instead. What else may touch the store, and
     * why (docs/architecture.md keeps the same list): the wiring in the root package (it constructs the store, and
     * {@code Gateway} keeps a store-typed Java facade for the module's tests); {@code ops} (metrics count messages
     * by status, readiness asks the database); {@code retention} (purging is a store operation). The admin API and
     * console search through {@code api.MessageSearch} and audit through {@code api.AuditTrail}.
     */
    @Test
    void onlyTheStoreAndTheMshCoreTouchTheStore() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        GATEWAY + ".store..", GATEWAY + ".msh..", GATEWAY + ".ops..", GATEWAY + ".retention..")
                .and()
                .resideOutsideOfPackage(GATEWAY)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(GATEWAY + ".store..")
                .because("the store's tables and types are the MSH's; other parts use the narrow API")
                .check(classes);
    }

    @Test
    void theBottomLayersHaveNoCyclesAmongThem() {
        slices().matching(GATEWAY + ".(ebms|mime|xml|security)..")
                .should()
                .beFreeOfCycles()
                .check(classes);
    }

    /** One slice per package under {@code root}, the root package included. */
    private record PackageSlices(String root) implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals(root)) {
                return SliceIdentifier.of("(root)");
            }
            return pkg.startsWith(root + ".")
                    ? SliceIdentifier.of(pkg.substring(root.length() + 1))
                    : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "packages under " + root;
        }
    }
}
