package io.creatorgov.enforcement;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of style.md, as far as enforcement-service has layers today. */
class ArchitectureTest {
  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.creatorgov.enforcement");

  @Test
  void theDomainIsPlainJavaWithoutGeneratedTypesFrameworksOrIo() {
    // no generated proto classes, Quarkus, Mutiny, Hibernate, jakarta, gRPC or the kit:
    // only the JDK and the domain itself
    classes()
        .that()
        .resideInAPackage("io.creatorgov.enforcement.domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "io.creatorgov.enforcement.domain..")
        .check(CLASSES);
  }
}
