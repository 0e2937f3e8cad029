package ai.elevare.platform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md, checked on the compiled classes: no package cycles,
 * no feature importing the HTTP layer or the wiring on top, and core importing nothing of ours.
 */
class PackageRulesTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.elevare");
  }

  @Test
  void noCyclesBetweenFeatures() {
    slices().matching("ai.elevare.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void noCyclesBetweenAnyTwoPackages() {
    // Sub-packages count on their own here: http.auth may not lean on http, nor practice.math on practice.
    slices().matching("ai.elevare.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void featuresNeverImportHttpOrPlatform() {
    noClasses()
        .that()
        .resideOutsideOfPackages("ai.elevare.http..", "ai.elevare.platform..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.elevare.http..", "ai.elevare.platform..")
        .check(classes);
  }

  @Test
  void authKnowsNothingOfHttpRoutes() {
    noClasses()
        .that()
        .resideInAPackage("ai.elevare.http.auth..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.elevare.http")
        .check(classes);
  }

  @Test
  void coreImportsNothingOfOurs() {
    noClasses()
        .that()
        .resideInAPackage("ai.elevare.core..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("ai.elevare.core..", "java..", "javax..", "org..", "com..", "scala..")
        .check(classes);
  }
}
