package io.keyport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of HOUSE.md. The front door alone in the root package; launch and cli beside it; api
 * depends on nothing of Keyport's; client and vault only on api; desktop on client, vault and api,
 * never on the server; inside the server, http and web call core, never store, and only store
 * touches JDBC.
 */
class ArchitectureTest {
  private static final String ROOT = "io.keyport";
  private static final String API = "io.keyport.api..";
  private static final String CLIENT = "io.keyport.client..";
  private static final String VAULT = "io.keyport.vault..";
  private static final String DESKTOP = "io.keyport.desktop..";
  private static final String SERVER = "io.keyport.server..";
  private static final String LAUNCH = "io.keyport.launch..";
  private static final String CLI = "io.keyport.cli..";
  private static final String HTTP = "io.keyport.server.http..";
  private static final String WEB = "io.keyport.server.web..";
  private static final String CORE = "io.keyport.server.core..";
  private static final String STORE = "io.keyport.server.store..";
  private static final String CRYPTO = "io.keyport.server.crypto..";

  /** JDBC itself, and the libraries that speak it for Keyport. */
  private static final String[] JDBC = {
    "java.sql..",
    "javax.sql..",
    "org.h2..",
    "org.postgresql..",
    "com.zaxxer.hikari..",
    "org.flywaydb..",
    "io.github.bucket4j.distributed.jdbc..",
    "io.github.bucket4j.postgresql.."
  };

  private static JavaClasses keyport;

  @BeforeAll
  static void importClasses() {
    keyport =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.keyport");
  }

  @Test
  void theRootPackageHoldsOnlyTheFrontDoor() {
    classes()
        .that()
        .resideInAPackage(ROOT)
        .should()
        .haveNameMatching("io\\.keyport\\.Keyport(\\$.*)?")
        .check(keyport);
  }

  @Test
  void nothingDependsOnTheFrontDoor() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(keyport);
  }

  @Test
  void apiDependsOnNothingOfKeyports() {
    noClasses()
        .that()
        .resideInAPackage(API)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVER, CLIENT, VAULT, DESKTOP, LAUNCH, CLI)
        .check(keyport);
  }

  @Test
  void clientDependsOnlyOnTheApi() {
    noClasses()
        .that()
        .resideInAPackage(CLIENT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVER, VAULT, DESKTOP, LAUNCH, CLI)
        .check(keyport);
  }

  @Test
  void vaultDependsOnlyOnTheApi() {
    noClasses()
        .that()
        .resideInAPackage(VAULT)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVER, CLIENT, DESKTOP, LAUNCH, CLI)
        .check(keyport);
  }

  @Test
  void desktopDependsOnClientVaultAndApiNeverOnTheServer() {
    noClasses()
        .that()
        .resideInAPackage(DESKTOP)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVER, LAUNCH, CLI)
        .check(keyport);
  }

  @Test
  void serverDependsOnlyOnTheApi() {
    noClasses()
        .that()
        .resideInAPackage(SERVER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLIENT, VAULT, DESKTOP, LAUNCH, CLI)
        .check(keyport);
  }

  @Test
  void launchComposesTheDesktopAndLeavesTheCommandsAlone() {
    noClasses()
        .that()
        .resideInAPackage(LAUNCH)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CLI)
        .check(keyport);
  }

  /**
   * The commands run the server, or read the tokens the desktop kept through the vault (token, run,
   * tokens: HOUSE.md, "cli"); never the desktop or the HTTP client.
   */
  @Test
  void theCommandsRunTheServerNeverTheDesktop() {
    noClasses()
        .that()
        .resideInAPackage(CLI)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(DESKTOP, CLIENT)
        .check(keyport);
  }

  @Test
  void httpAndWebCallCoreNeverStore() {
    noClasses()
        .that()
        .resideInAnyPackage(HTTP, WEB)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(STORE)
        .check(keyport);
  }

  /**
   * The JSON routes and the HTML pages are two rooms side by side; what both need of a request (the
   * client's address) the composition hands the pages.
   */
  @Test
  void httpAndWebKnowNothingOfEachOther() {
    noClasses()
        .that()
        .resideInAPackage(WEB)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(HTTP)
        .check(keyport);
    noClasses()
        .that()
        .resideInAPackage(HTTP)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(WEB)
        .check(keyport);
  }

  @Test
  void coreNeverDependsOnHttpOrWeb() {
    noClasses()
        .that()
        .resideInAnyPackage(CORE, CRYPTO, STORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(HTTP, WEB)
        .check(keyport);
  }

  @Test
  void storeAndCryptoKnowNoRules() {
    noClasses()
        .that()
        .resideInAnyPackage(STORE, CRYPTO)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(CORE)
        .check(keyport);
  }

  /**
   * Crypto is hashing and sealing; the server's shared set-up (ServerConfig, DataFolder) it may
   * use.
   */
  @Test
  void cryptoNeverTouchesTheStore() {
    noClasses()
        .that()
        .resideInAPackage(CRYPTO)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(STORE)
        .check(keyport);
  }

  @Test
  void onlyStoreTouchesJdbc() {
    noClasses()
        .that()
        .resideOutsideOfPackage(STORE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(JDBC)
        .check(keyport);
  }
}
