package nl.dkgw.chain.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure of test-chain, checked on its compiled classes: the simulators, the suite, its reports, the
 * demo and the CLI commands depend on each other in one direction only.
 */
class ArchitectureRulesTest {

    @Test
    void noPackageCycles() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("nl.dkgw.chain");
        slices().matching("nl.dkgw.chain.(**)").should().beFreeOfCycles().check(classes);
    }
}
