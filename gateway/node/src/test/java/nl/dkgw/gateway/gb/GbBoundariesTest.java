package nl.dkgw.gateway.gb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Grote Berichten is not wired into the node yet: its packages stand on the safe XML parser and certs-pkio only,
 * with no server, store, MSH, config or CLI, and nothing of the node depends on them but the file endpoint.
 */
class GbBoundariesTest {

    private static final String GATEWAY = "nl.dkgw.gateway";
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(GATEWAY);

    @Test
    void gbDependsOnNothingOfTheNode() {
        noClasses()
                .that()
                .resideInAPackage(GATEWAY + ".gb..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        GATEWAY + ".msh..",
                        GATEWAY + ".store..",
                        GATEWAY + ".http..",
                        GATEWAY + ".admin..",
                        GATEWAY + ".camel..",
                        GATEWAY + ".cli..",
                        GATEWAY + ".config..",
                        GATEWAY + ".ebms..",
                        "org.eclipse.jetty..",
                        "java.sql..")
                .check(CLASSES);
    }

    @Test
    void onlyTheFileEndpointUsesGb() {
        noClasses()
                .that()
                .resideOutsideOfPackage(GATEWAY + ".gb..")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".http.GbFileHandler")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(GATEWAY + ".gb..")
                .check(CLASSES);
    }
}
