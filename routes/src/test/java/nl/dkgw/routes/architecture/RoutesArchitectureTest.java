package nl.dkgw.routes.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module boundary between gateway and routes and the package structure inside routes, checked on the compiled
 * main classes: the routes build on the gateway and never the other way round, only {@code node} (the wiring of the
 * flows onto a running node) knows the gateway, and no two packages of routes need each other.
 */
class RoutesArchitectureTest {

    private static final String ROUTES = "nl.dkgw.routes";
    private static final String GATEWAY = "nl.dkgw.gateway";
    private static JavaClasses classes;
    private static JavaClasses routes;

    @BeforeAll
    static void importMainClasses() {
        ClassFileImporter importer =
                new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS);
        classes = importer.importPackages(ROUTES, GATEWAY);
        routes = importer.importPackages(ROUTES);
    }

    @Test
    void noGatewayClassKnowsTheRoutes() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(ROUTES + "..")
                .because("the gateway is the MSH; the flows are started on it by the app, the composition root")
                .check(classes);
    }

    @Test
    void onlyTheNodeWiringKnowsTheGateway() {
        noClasses()
                .that()
                .resideInAPackage(ROUTES + "..")
                .and()
                .resideOutsideOfPackage(ROUTES + ".node")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(GATEWAY + "..")
                .because("the flows talk to the node through the ebms component handed to FlowsRuntime")
                .check(classes);
    }

    /** Every package its own slice, the root package included. */
    @Test
    void theRoutesPackagesHaveNoCycles() {
        slices().matching("nl.dkgw.(**)").should().beFreeOfCycles().check(routes);
    }
}
