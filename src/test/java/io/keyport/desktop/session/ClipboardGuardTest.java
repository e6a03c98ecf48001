package io.keyport.desktop.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.api.Secret;
import io.keyport.desktop.FxLookups;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Copying a secret: on the clipboard, marked for clipboard managers, cleared after the delay only
 * if unchanged.
 */
class ClipboardGuardTest {
  private final FxLookups fx = new FxLookups(new FxRobot());

  @BeforeAll
  static void toolkit() throws Exception {
    FxToolkit.registerPrimaryStage();
  }

  @Test
  void clearsTheSecretAfterTheDelayWithACountdown() throws Exception {
    Settings settings = new Settings(new Settings.Values(3, 30, Settings.Theme.LIGHT, ""));
    ClipboardGuard guard = new ClipboardGuard(settings, "Linux");

    String[] right =
        onFx(
            () -> {
              guard.copySecret(Secret.of("kps_secret_one"), "Client secret");
              return new String[] {
                Clipboard.getSystemClipboard().getString(), guard.messageProperty().get(), hint()
              };
            });

    assertThat(right[0]).isEqualTo("kps_secret_one");
    assertThat(right[1]).isEqualTo("Client secret copied. Clipboard clears in 3 s.");
    assertThat(right[2]).isEqualTo("secret");
    fx.waitUntil(() -> guard.messageProperty().get().contains("in 1 s"));
    fx.waitUntil(() -> !Clipboard.getSystemClipboard().hasString());
    assertThat(onFx(() -> guard.messageProperty().get())).isEqualTo("Clipboard cleared.");
  }

  @Test
  void leavesTheClipboardAloneWhenSomethingElseWasCopiedMeanwhile() throws Exception {
    Settings settings = new Settings(new Settings.Values(1, 30, Settings.Theme.LIGHT, ""));
    ClipboardGuard guard = new ClipboardGuard(settings, "Linux");

    onFx(
        () -> {
          guard.copySecret(Secret.of("kps_secret_two"), "Client secret");
          ClipboardContent other = new ClipboardContent();
          other.putString("something the user copied");
          Clipboard.getSystemClipboard().setContent(other);
          return null;
        });

    fx.waitUntil(() -> !guard.isCountingDown());
    assertThat(onFx(() -> Clipboard.getSystemClipboard().getString()))
        .isEqualTo("something the user copied");
    assertThat(onFx(() -> guard.messageProperty().get())).isEmpty();
  }

  private static String hint() {
    DataFormat format = DataFormat.lookupMimeType(ClipboardGuard.KDE_HINT_FORMAT);
    Object content = format == null ? null : Clipboard.getSystemClipboard().getContent(format);
    if (content instanceof ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return new String(bytes, StandardCharsets.US_ASCII);
    }
    return content == null ? null : content.toString();
  }

  private static <T> T onFx(Callable<T> work) throws Exception {
    return WaitForAsyncUtils.asyncFx(work).get();
  }
}
