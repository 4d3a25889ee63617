package nl.dkgw.gateway.gb;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Grote Berichten's building blocks stand on the safe XML parser and certs-pkio only, with no server, store, MSH,
 * config or CLI; of the node only the file endpoint and the wiring that puts GB into a node
 * ({@code LargeFileTransfers}, constructed by {@code Gateway}) use them.
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
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".http.GbPushHandler")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".http.OfferedFileAccess")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".http.OfferedFileAccess$1")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".LargeFileTransfers")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".OfferedFileRegister")
                .and()
                .doNotHaveFullyQualifiedName(GATEWAY + ".Gateway")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(GATEWAY + ".gb..")
                .check(CLASSES);
    }
}
