package nl.dkgw.gateway.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package boundaries of the gateway module that hold today, checked on its compiled classes so that they keep
 * holding: Jetty only in the HTTP server, JDBC only in the store, the message model and its wire formats free of the
 * server, the store and the MSH around them. docs/architecture.md lists what is still tangled (the cycles through
 * {@code Gateway}, {@code msh <-> msh.inbound}); a rule for each comes when it is untangled.
 */
class ArchitectureRulesTest {

    private static final String GATEWAY = "nl.dkgw.gateway";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(GATEWAY);
    }

    /** The wiring ({@code Gateway}, the demo's {@code LocalChain}) also passes a Jetty layer in front of the node. */
    @Test
    void onlyTheHttpServerUsesJetty() {
        noClasses().that().resideOutsideOfPackages(GATEWAY + ".http..", GATEWAY + ".demo..")
                .and().doNotHaveFullyQualifiedName(GATEWAY + ".Gateway")
                .should().dependOnClassesThat().resideInAPackage("org.eclipse.jetty..")
                .because("the ebMS and admin endpoints are Jetty handlers; everything else speaks the domain")
                .check(classes);
    }

    /** Besides the store: the audit log keeps its own table. */
    @Test
    void onlyTheStoreUsesJdbc() {
        noClasses().that().resideOutsideOfPackages(GATEWAY + ".store..")
                .and().doNotHaveFullyQualifiedName(GATEWAY + ".admin.AuditLog")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..")
                .because("SQL and its result sets stay behind the store's classes")
                .check(classes);
    }

    @Test
    void theMessageModelAndItsWireFormatsStandOnTheirOwn() {
        noClasses().that().resideInAnyPackage(GATEWAY + ".ebms..", GATEWAY + ".mime..", GATEWAY + ".xml..")
                .should().dependOnClassesThat().resideInAnyPackage(GATEWAY + ".msh..", GATEWAY + ".store..",
                        GATEWAY + ".http..", GATEWAY + ".admin..", GATEWAY + ".camel..", GATEWAY + ".cli..",
                        GATEWAY + ".diagnosis..", GATEWAY + ".config..")
                .because("the ebMS message, MIME packing and safe XML are the bottom layer the MSH builds on")
                .check(classes);
    }

    @Test
    void messageSecurityDoesNotReachIntoTheServerTheStoreOrTheMsh() {
        noClasses().that().resideInAPackage(GATEWAY + ".security..")
                .should().dependOnClassesThat().resideInAnyPackage(GATEWAY + ".msh..", GATEWAY + ".store..",
                        GATEWAY + ".http..", GATEWAY + ".admin..", GATEWAY + ".camel..", GATEWAY + ".cli..")
                .check(classes);
    }

    @Test
    void theBottomLayersHaveNoCyclesAmongThem() {
        slices().matching(GATEWAY + ".(ebms|mime|xml|security)..").should().beFreeOfCycles().check(classes);
    }
}
