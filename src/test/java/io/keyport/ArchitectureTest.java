package io.keyport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The arrows of HOUSE.md: api depends on nothing of Keyport's; desktop never on server; rooms stay apart. */
class ArchitectureTest {
  private static JavaClasses keyport;

  @BeforeAll
  static void importClasses() {
    keyport = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.keyport");
  }

  @Test
  void apiDependsOnNothingOfKeyports() {
    noClasses().that().resideInAPackage("io.keyport.api..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.keyport.server..", "io.keyport.client..", "io.keyport.vault..", "io.keyport.desktop..")
        .orShould().dependOnClassesThat().resideInAPackage("io.keyport")
        .check(keyport);
  }

  @Test
  void desktopNeverDependsOnTheServer() {
    noClasses().that().resideInAPackage("io.keyport.desktop..")
        .should().dependOnClassesThat().resideInAPackage("io.keyport.server..")
        .orShould().dependOnClassesThat().resideInAPackage("io.keyport")
        .check(keyport);
  }

  @Test
  void serverDependsOnlyOnTheApi() {
    noClasses().that().resideInAPackage("io.keyport.server..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.keyport.client..", "io.keyport.vault..", "io.keyport.desktop..")
        .orShould().dependOnClassesThat().resideInAPackage("io.keyport")
        .check(keyport);
  }

  @Test
  void clientDependsOnlyOnTheApi() {
    noClasses().that().resideInAPackage("io.keyport.client..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.keyport.server..", "io.keyport.vault..", "io.keyport.desktop..")
        .orShould().dependOnClassesThat().resideInAPackage("io.keyport")
        .check(keyport);
  }

  @Test
  void vaultDependsOnlyOnTheApi() {
    noClasses().that().resideInAPackage("io.keyport.vault..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "io.keyport.server..", "io.keyport.client..", "io.keyport.desktop..")
        .orShould().dependOnClassesThat().resideInAPackage("io.keyport")
        .check(keyport);
  }

  @Test
  void onlyTheServersStoreTouchesJdbc() {
    noClasses().that().resideOutsideOfPackage("io.keyport.server.store..")
        .should().dependOnClassesThat().resideInAnyPackage(
            "java.sql..", "javax.sql..", "org.postgresql..", "com.zaxxer.hikari..", "org.h2..", "org.flywaydb..")
        .check(keyport);
  }
}
