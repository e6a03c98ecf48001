package io.keyport.desktop;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link DesktopHarness} per test class: started before the class's first test, closed after
 * its last (after the class's own {@code @AfterAll}), and, unless told otherwise, reset after each
 * test (after the class's own {@code @AfterEach}).
 *
 * <pre>{@code
 * @RegisterExtension static final DesktopHarnessExtension desktop = DesktopHarnessExtension.alice();
 * private final DesktopHarness harness = desktop.harness();
 * }</pre>
 */
public final class DesktopHarnessExtension
    implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
  private final String password;
  private final boolean resetAfterEach;
  private DesktopHarness harness;

  private DesktopHarnessExtension(String password, boolean resetAfterEach) {
    this.password = password;
    this.resetAfterEach = resetAfterEach;
  }

  /** alice without a password, as the embedded server makes her; reset after each test. */
  public static DesktopHarnessExtension alice() {
    return new DesktopHarnessExtension(null, true);
  }

  /** alice with {@code password} (see {@link DesktopHarness#DesktopHarness(String)}). */
  public static DesktopHarnessExtension aliceWithPassword(String password) {
    return new DesktopHarnessExtension(password, true);
  }

  /** The same harness, not reset between tests: each test leaves its apps and windows. */
  public DesktopHarnessExtension notResetBetweenTests() {
    return new DesktopHarnessExtension(password, false);
  }

  /** The class's harness; test instances may take it in a field initializer. */
  public DesktopHarness harness() {
    if (harness == null) {
      throw new IllegalStateException("the harness starts before the test class's first test");
    }
    return harness;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    harness = new DesktopHarness(password);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (resetAfterEach) {
      harness.reset();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (harness != null) {
      harness.close();
      harness = null;
    }
  }
}
