package io.keyport.desktop.session;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The user's settings as live properties: views bind to them, so a change (the theme, the reveal
 * timeout) applies at once. {@link SettingsStore} keeps them as JSON in the config folder.
 */
public final class Settings {
  public static final int DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30;
  public static final int DEFAULT_REVEAL_TIMEOUT_SECONDS = 30;
  public static final int MIN_SECONDS = 1;
  public static final int MAX_SECONDS = 3600;

  /** The look: AtlantaFX Primer light or dark. */
  public enum Theme {
    LIGHT,
    DARK
  }

  /** The settings as plain data, as they are kept on disk. */
  public record Values(
      int clipboardClearSeconds, int revealTimeoutSeconds, Theme theme, String teamServerUrl) {
    public static Values defaults() {
      return new Values(
          DEFAULT_CLIPBOARD_CLEAR_SECONDS, DEFAULT_REVEAL_TIMEOUT_SECONDS, Theme.LIGHT, "");
    }

    /**
     * Out-of-range or missing values replaced by the defaults, so a hand-edited file cannot break
     * the app.
     */
    public Values sane() {
      return new Values(
          clamp(clipboardClearSeconds, DEFAULT_CLIPBOARD_CLEAR_SECONDS),
          clamp(revealTimeoutSeconds, DEFAULT_REVEAL_TIMEOUT_SECONDS),
          theme == null ? Theme.LIGHT : theme,
          teamServerUrl == null ? "" : teamServerUrl.trim());
    }

    private static int clamp(int value, int fallback) {
      return value < MIN_SECONDS || value > MAX_SECONDS ? fallback : value;
    }
  }

  private final IntegerProperty clipboardClearSeconds =
      new SimpleIntegerProperty(this, "clipboardClearSeconds");
  private final IntegerProperty revealTimeoutSeconds =
      new SimpleIntegerProperty(this, "revealTimeoutSeconds");
  private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>(this, "theme");
  private final StringProperty teamServerUrl = new SimpleStringProperty(this, "teamServerUrl");

  public Settings() {
    this(Values.defaults());
  }

  public Settings(Values values) {
    apply(values);
  }

  public void apply(Values values) {
    Values v = values.sane();
    clipboardClearSeconds.set(v.clipboardClearSeconds());
    revealTimeoutSeconds.set(v.revealTimeoutSeconds());
    theme.set(v.theme());
    teamServerUrl.set(v.teamServerUrl());
  }

  public Values values() {
    return new Values(
        clipboardClearSeconds.get(), revealTimeoutSeconds.get(), theme.get(), teamServerUrl.get());
  }

  public IntegerProperty clipboardClearSecondsProperty() {
    return clipboardClearSeconds;
  }

  public IntegerProperty revealTimeoutSecondsProperty() {
    return revealTimeoutSeconds;
  }

  public ObjectProperty<Theme> themeProperty() {
    return theme;
  }

  public StringProperty teamServerUrlProperty() {
    return teamServerUrl;
  }
}
