package io.keyport.desktop.session;

import io.keyport.api.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DataFormat;
import javafx.util.Duration;

/**
 * Every copy of a secret goes through here: the secret goes on the clipboard marked so that
 * clipboard managers skip it (KDE's {@code x-kde-passwordManagerHint} on Linux, Windows' {@code
 * ExcludeClipboardContentFromMonitorProcessing}), and after the delay of the settings it is
 * cleared, but only if the clipboard still holds it. {@link #messageProperty()} counts down for the
 * status line. FX thread only.
 */
public final class ClipboardGuard implements SecretClipboard {
  /** KDE Klipper and other Linux clipboard managers skip content offered with this hint. */
  public static final String KDE_HINT_FORMAT = "x-kde-passwordManagerHint";

  /** Windows' clipboard history and cloud clipboard skip content offered with this format. */
  public static final String WINDOWS_EXCLUDE_FORMAT =
      "ExcludeClipboardContentFromMonitorProcessing";

  private final Settings settings;
  private final String osName;
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private Timeline countdown;
  private String guarded;
  private String what;
  private int remaining;

  public ClipboardGuard(Settings settings) {
    this(settings, System.getProperty("os.name", ""));
  }

  ClipboardGuard(Settings settings, String osName) {
    this.settings = settings;
    this.osName = osName.toLowerCase(Locale.ROOT);
  }

  /**
   * Copies {@code secret} ("Client secret", "Token") and clears it after the delay if unchanged.
   */
  public void copySecret(Secret secret, String what) {
    stopCountdown();
    ClipboardContent content = new ClipboardContent();
    content.putString(secret.reveal());
    if (osName.contains("linux")) {
      content.put(
          format(KDE_HINT_FORMAT), ByteBuffer.wrap("secret".getBytes(StandardCharsets.US_ASCII)));
    } else if (osName.contains("win")) {
      content.put(format(WINDOWS_EXCLUDE_FORMAT), ByteBuffer.wrap(new byte[] {0, 0, 0, 0}));
    }
    Clipboard.getSystemClipboard().setContent(content);
    guarded = secret.reveal();
    this.what = what;
    remaining = settings.clipboardClearSecondsProperty().get();
    showRemaining();
    countdown = new Timeline(new KeyFrame(Duration.seconds(1), e -> tick()));
    countdown.setCycleCount(remaining);
    countdown.play();
  }

  /**
   * {@link SecretClipboard}: the same as {@link #copySecret(Secret, String)}; {@code what} may be
   * lower case.
   */
  @Override
  public void copySecret(String secret, String what) {
    String label =
        what == null || what.isEmpty()
            ? "Secret"
            : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    copySecret(Secret.of(secret), label);
  }

  /**
   * Copies something that is not a secret (a client id): no clearing, a short note in the status
   * line.
   */
  public void copyText(String text, String what) {
    ClipboardContent content = new ClipboardContent();
    content.putString(text);
    Clipboard.getSystemClipboard().setContent(content);
    if (guarded == null) {
      message.set(what + " copied.");
    }
  }

  /** Clears the clipboard now if it still holds the guarded secret (when the app closes). */
  public void clearNow() {
    if (guarded != null) {
      clearIfUnchanged();
    }
    stopCountdown();
  }

  /**
   * "Client secret copied. Clipboard clears in 29 s", or what happened last; empty when nothing to
   * say.
   */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** True while a copied secret waits to be cleared. */
  public boolean isCountingDown() {
    return guarded != null;
  }

  private void tick() {
    remaining--;
    if (remaining > 0) {
      showRemaining();
      return;
    }
    boolean cleared = clearIfUnchanged();
    stopCountdown();
    message.set(cleared ? "Clipboard cleared." : "");
  }

  private boolean clearIfUnchanged() {
    Clipboard clipboard = Clipboard.getSystemClipboard();
    boolean unchanged =
        guarded != null && clipboard.hasString() && guarded.equals(clipboard.getString());
    if (unchanged) {
      clipboard.clear();
    }
    guarded = null;
    return unchanged;
  }

  private void showRemaining() {
    message.set(what + " copied. Clipboard clears in " + remaining + " s.");
  }

  private void stopCountdown() {
    if (countdown != null) {
      countdown.stop();
      countdown = null;
    }
    guarded = null;
  }

  private static DataFormat format(String id) {
    DataFormat existing = DataFormat.lookupMimeType(id);
    return existing != null ? existing : new DataFormat(id);
  }
}
