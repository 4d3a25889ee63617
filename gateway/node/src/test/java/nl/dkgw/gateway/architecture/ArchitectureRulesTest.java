package nl.dkgw.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import nl.dkgw.gateway.ebms.Payload;
import nl.dkgw.gateway.ebms.PayloadContent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module and package boundaries of the gateway, checked on the compiled classes of all its modules (this test
 * lives in the node module, which has them all on its class path) so that they keep holding: the modules depend on
 * each other in one direction only, the {@code ebms:} component on the narrow API only, Jetty only in the HTTP
 * server, JDBC only in the JDBC store, the MSH core on the store's ports and never on their JDBC implementation,
 * which only the composition root builds, the message model and its wire formats free of the server, the store and
 * the MSH around them, no package cycles, and the store behind the MSH core and the narrow API.
 */
class ArchitectureRulesTest {

    private static final String GATEWAY = "nl.dkgw.gateway";

    /** The packages of each module under gateway/ (gateway/pom.xml lists the modules). */
    private static final String[] WIRE = {
        GATEWAY + ".xml..", GATEWAY + ".ebms..", GATEWAY + ".mime..", GATEWAY + ".security.."
    };

    /** The store's ports (the package itself, not its sub-packages) and their JDBC implementation. */
    private static final String STORE_PORTS = GATEWAY + ".store";

    private static final String STORE_JDBC = GATEWAY + ".store.jdbc..";

    /** The composition root: the one class that builds the JDBC store and hands its ports to the rest. */
    private static final String COMPOSITION_ROOT = GATEWAY + ".Gateway";

    private static final String[] CORE = {
        GATEWAY + ".msh..", GATEWAY + ".ops..", GATEWAY + ".retention..", GATEWAY + ".cpa.."
    };
    private static final String[] SERVER = {
        GATEWAY + ".http..", GATEWAY + ".admin..", GATEWAY + ".diagnosis..", GATEWAY + ".chaintest.."
    };
    /** The node module: the root package itself (no sub-packages: {@code Gateway}), the command line, the demo. */
    private static final String[] NODE = {GATEWAY, GATEWAY + ".cli..", GATEWAY + ".demo.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(GATEWAY);
    }

    /**
     * The modules depend on each other in one direction: wire at the bottom; config on it; the narrow API on config;
     * the store's ports on wire; the JDBC store on the ports and the API (it implements {@code api.AuditTrail}); the
     * MSH core on the API and the store's ports, never on the JDBC store; Grote Berichten on wire; the server on the
     * core and Grote Berichten, but never on the store's classes (it searches and audits through the API); the Camel
     * component on the API; the node on all of them. Maven enforces the same for the
     * main code; this keeps a package from being moved back to a module where it would reach upwards.
     */
    @Test
    void theModulesDependOnEachOtherInOneDirection() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("wire")
                .definedBy(WIRE)
                .layer("config")
                .definedBy(GATEWAY + ".config..")
                .layer("api")
                .definedBy(GATEWAY + ".api..")
                .layer("store")
                .definedBy(STORE_PORTS)
                .layer("store-jdbc")
                .definedBy(STORE_JDBC)
                .layer("core")
                .definedBy(CORE)
                .layer("gb")
                .definedBy(GATEWAY + ".gb..")
                .layer("server")
                .definedBy(SERVER)
                .layer("camel")
                .definedBy(GATEWAY + ".camel..")
                .layer("node")
                .definedBy(NODE)
                .whereLayer("wire")
                .mayNotAccessAnyLayer()
                .whereLayer("config")
                .mayOnlyAccessLayers("wire")
                .whereLayer("api")
                .mayOnlyAccessLayers("config", "wire")
                .whereLayer("store")
                .mayOnlyAccessLayers("wire")
                .whereLayer("store-jdbc")
                .mayOnlyAccessLayers("store", "api", "wire")
                .whereLayer("core")
                .mayOnlyAccessLayers("api", "store", "config", "wire")
                .whereLayer("gb")
                .mayOnlyAccessLayers("wire")
                .whereLayer("server")
                .mayOnlyAccessLayers("core", "gb", "api", "config", "wire")
                .whereLayer("camel")
                .mayOnlyAccessLayers("api", "wire")
                .whereLayer("node")
                .mayNotBeAccessedByAnyLayer()
                .check(classes);
    }

    /**
     * The {@code ebms:} component works through the narrow API alone: {@code MessageService}, {@code InboundDelivery},
     * {@code FailureReports} and their records. Of the layer below it names only {@code ebms.Payload} and its
     * {@code PayloadContent}, which the API's records carry.
     */
    @Test
    void theCamelComponentUsesOnlyTheApi() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + ".camel..")
                .should()
                .dependOnClassesThat(JavaClass.Predicates.resideInAPackage(GATEWAY + "..")
                        .and(JavaClass.Predicates.resideOutsideOfPackages(GATEWAY + ".camel..", GATEWAY + ".api.."))
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(Payload.class)))
                        .and(DescribedPredicate.not(JavaClass.Predicates.equivalentTo(PayloadContent.class))))
                .because("a route is a client of the node like any other; it never sees the MSH or the store")
                .check(classes);
    }

    /**
     * Jetty is the server module's, and within it only the HTTP package's: the ebMS and admin endpoints are Jetty
     * handlers. The wiring in the node module ({@code Gateway}, the demo's {@code LocalChain}) also passes a Jetty
     * layer in front of the node, and so depends on Jetty itself.
     */
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
    void onlyTheJdbcStoreUsesJdbc() {
        noClasses()
                .that()
                .resideOutsideOfPackages(STORE_JDBC)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", "org.flywaydb..", "com.zaxxer.hikari..")
                .because(
                        "SQL, result sets, the pool and the migrations stay behind the JDBC store; its ports have none")
                .check(classes);
    }

    /**
     * Only the composition root builds the JDBC store: {@code Gateway} opens the database and hands the store's ports
     * to the MSH core, the server and the API. Everything else (the MSH core above all) sees the ports only, so it can
     * run on another implementation, a test's included. Tests, the benchmark and the app may use the JDBC store too;
     * they are not imported here.
     */
    @Test
    void onlyTheCompositionRootBuildsTheJdbcStore() {
        noClasses()
                .that()
                .resideOutsideOfPackages(STORE_JDBC)
                .and()
                .doNotHaveFullyQualifiedName(COMPOSITION_ROOT)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(STORE_JDBC)
                .because("the MSH works through the store's ports; one place builds their JDBC implementation")
                .check(classes);
    }

    /** The MSH core (ebms, mime, xml, security, msh and what runs beside it) is testable without a database. */
    @Test
    void theMshCoreDependsOnPortsNotOnADatabase() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .or()
                .resideInAnyPackage(WIRE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("java.sql..", "javax.sql..", STORE_JDBC)
                .because("the MSH core reaches its messages and tasks through the store's ports only")
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
     * The store module and the MSH core module read and write messages: {@code msh} and its checks, {@code ops}
     * (metrics count messages by status, readiness asks the store's health), {@code retention} (purging is a store
     * operation), {@code cpa}. The admin API, the {@code ebms:} component, the link diagnosis and test-chain use the
     * narrow API ({@code api}) instead: the admin API and console search through {@code api.MessageSearch} and audit
     * through {@code api.AuditTrail}. What else may touch the store, and why (docs/architecture.md keeps the same
     * list): the wiring in the root package of the node module (it builds the JDBC store, and {@code Gateway} keeps
     * a store-typed Java facade for the module's tests).
     */
    @Test
    void onlyTheStoreAndTheMshCoreTouchTheStore() {
        noClasses()
                .that()
                .resideOutsideOfPackage(GATEWAY + ".store..")
                .and()
                .resideOutsideOfPackages(CORE)
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
