package io.keyport.desktop.fx;

import java.util.List;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;

/**
 * A field that shows a secret (a new token, a revealed client secret): every way of copying out of
 * it — Ctrl+C, Ctrl+Insert, cut (Ctrl+X, Shift+Delete), its context menu — runs {@code copy}, which
 * puts the secret on the clipboard through the {@code ClipboardGuard} (countdown, clearing,
 * password-manager hint), instead of the text control's own plain copy. One call per field: {@code
 * SecretField.copyThrough(tokenField, this::copy)}.
 */
public final class SecretField {
  /** The keys that copy (or cut) out of a text control, on every platform's shortcut key. */
  static final List<KeyCombination> COPY_KEYS =
      List.of(
          new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN),
          new KeyCodeCombination(KeyCode.X, KeyCombination.SHORTCUT_DOWN),
          new KeyCodeCombination(KeyCode.INSERT, KeyCombination.SHORTCUT_DOWN),
          new KeyCodeCombination(KeyCode.DELETE, KeyCombination.SHIFT_DOWN),
          new KeyCodeCombination(KeyCode.COPY),
          new KeyCodeCombination(KeyCode.CUT));

  private SecretField() {}

  /**
   * Makes every copy out of {@code field} run {@code copy}; the field's own clipboard is never
   * used.
   */
  public static void copyThrough(TextInputControl field, Runnable copy) {
    field.addEventFilter(
        KeyEvent.KEY_PRESSED,
        e -> {
          if (COPY_KEYS.stream().anyMatch(keys -> keys.match(e))) {
            e.consume();
            copy.run();
          }
        });
    MenuItem copyItem = new MenuItem("Copy");
    copyItem.setOnAction(e -> copy.run());
    // replaces the control's own menu (Cut, Copy, Paste… straight to the clipboard)
    field.setContextMenu(new ContextMenu(copyItem));
  }
}
