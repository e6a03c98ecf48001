package io.keyport.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.client.KeyportClient;
import io.keyport.desktop.fx.BackgroundExecutor;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Tasks;
import io.keyport.desktop.fx.WindowIcons;
import io.keyport.desktop.session.Connector;
import io.keyport.desktop.session.LaunchProbe;
import io.keyport.desktop.session.NoKeychain;
import io.keyport.desktop.session.Session;
import io.keyport.server.KeyportServer;
import io.keyport.testing.TestServers;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Keyport's icon on every window, and the hook --measure-startup waits for: the first shown app
 * list.
 */
class WindowIconsTest {
  private static ExecutorService background;
  private static KeyportServer server;
  private static KeyportClient client;

  @BeforeAll
  static void start() throws Exception {
    FxToolkit.registerPrimaryStage();
    background = BackgroundExecutor.create();
    server = KeyportServer.start(TestServers.H2.config());
    client = KeyportClient.create(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    background.shutdownNow();
    client.close();
    server.close();
  }

  @AfterEach
  void closeWindows() throws Exception {
    FxToolkit.cleanupStages();
  }

  @Test
  void theMainWindowAndItsDialogsCarryTheIconAtEverySize() throws Exception {
    Stage main =
        FxToolkit.setupStage(
            stage ->
                DesktopApp.show(
                    stage,
                    new DesktopApp.Parts(
                        signedIn(),
                        new Tasks(background),
                        new NoKeychain("This window was opened without a keychain."))));
    assertThat(sizes(main.getIcons())).containsExactly(16, 32, 48, 64, 128, 256);

    Stage dialog =
        WaitForAsyncUtils.asyncFx(() -> DialogStage.create(main, new Label("A dialog"), "Dialog"))
            .get();
    assertThat(sizes(dialog.getIcons())).containsExactly(16, 32, 48, 64, 128, 256);
    Stage orphan =
        WaitForAsyncUtils.asyncFx(() -> DialogStage.create(null, new Label("No owner"), "Orphan"))
            .get();
    assertThat(orphan.getIcons()).isEqualTo(WindowIcons.icons());
  }

  @Test
  void theAppListHookRunsOnceTheFirstLoadedListIsShown() throws Exception {
    AtomicInteger shown = new AtomicInteger();
    LaunchProbe probe = LaunchProbe.of(shown::incrementAndGet, error -> {});
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(
                        signedIn(),
                        new Tasks(background),
                        new NoKeychain("No keychain in this test."))
                    .withProbe(probe)));

    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> shown.get() == 1);
    WaitForAsyncUtils.asyncFx(probe::appListShown).get();
    assertThat(shown).hasValue(1);
  }

  @Test
  void theFailedHookRunsInsteadWhenTheFirstLoadFails() throws Exception {
    AtomicInteger shown = new AtomicInteger();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    LaunchProbe probe = LaunchProbe.of(shown::incrementAndGet, failures::add);
    Connector unreachable =
        () -> {
          throw new ConnectException("Connection refused");
        };
    FxToolkit.setupStage(
        stage ->
            DesktopApp.show(
                stage,
                new DesktopApp.Parts(
                        unreachable,
                        new Tasks(background),
                        new NoKeychain("No keychain in this test."))
                    .withProbe(probe)));

    WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> failures.size() == 1);
    WaitForAsyncUtils.asyncFx(probe::appListShown).get();
    assertThat(shown).hasValue(0);
    assertThat(failures).hasSize(1);
  }

  private static List<Integer> sizes(List<Image> icons) {
    return icons.stream().map(i -> (int) i.getWidth()).toList();
  }

  private static Connector signedIn() {
    KeyportServer.LocalSession local = server.localSession("alice");
    Session session =
        new Session(server.baseUrl(), local.username(), true, client.withToken(local.token()));
    return () -> session;
  }
}
