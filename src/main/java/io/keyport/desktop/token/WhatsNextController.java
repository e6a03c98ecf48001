package io.keyport.desktop.token;

import io.keyport.desktop.fx.Feedback;
import io.keyport.desktop.session.ClipboardGuard;
import java.net.URI;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;

/**
 * "What's next?": a ready curl command for the token — always as {@code $KEYPORT_TOKEN}, never the
 * token itself, at Keyport's own endpoint — and Send a broadcast… (UX.md step 9) where the panel
 * knows the app's kept token.
 */
public final class WhatsNextController {
  private final ClipboardGuard clipboard;
  private final BooleanProperty broadcastOffered =
      new SimpleBooleanProperty(this, "broadcastOffered");
  private Runnable onSendBroadcast;

  @FXML private TextField readCommand;
  @FXML private TextField curlCommand;
  @FXML private Button copyCurlButton;

  /** True while Send a broadcast… has an action: its row shows. */
  public BooleanProperty broadcastOfferedProperty() {
    return broadcastOffered;
  }

  public boolean isBroadcastOffered() {
    return broadcastOffered.get();
  }

  /** Offers Send a broadcast…, which runs {@code action}. */
  public void onSendBroadcast(Runnable action) {
    this.onSendBroadcast = action;
    broadcastOffered.set(action != null);
  }

  public WhatsNextController(ClipboardGuard clipboard) {
    this.clipboard = clipboard;
  }

  /** Points the command at {@code server}'s {@code GET /stream/0/token}. */
  public void setServer(URI server) {
    curlCommand.setText(curlFor(server));
  }

  /** The command, with the token left to the shell: {@code $KEYPORT_TOKEN} in double quotes. */
  public static String curlFor(URI server) {
    String base = server.toString().replaceAll("/+$", "");
    return "curl -H \"Authorization: Bearer $KEYPORT_TOKEN\" " + base + "/stream/0/token";
  }

  @FXML
  void copyCurl() {
    // not a secret (the token stays $KEYPORT_TOKEN): a plain copy, nothing to clear later
    clipboard.copyText(curlCommand.getText(), "curl command");
    Feedback.flash(copyCurlButton, "Copied");
  }

  @FXML
  void sendBroadcast() {
    if (onSendBroadcast != null) {
      onSendBroadcast.run();
    }
  }
}
