package io.keyport.desktop.token;

import io.keyport.desktop.fx.Feedback;
import io.keyport.desktop.fx.Links;
import java.net.URI;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;

/**
 * "What's next?": a ready curl command for the token — always as {@code $KEYPORT_TOKEN}, never the
 * token itself — and App.net's guide to sending a broadcast.
 */
public final class WhatsNextController {
  static final String BROADCAST_GUIDE =
      "https://github.com/appdotnet/api-spec/blob/master/content/docs/guides/send-a-broadcast.md";

  private final Links links;

  @FXML private TextField readCommand;
  @FXML private TextField curlCommand;
  @FXML private Button copyCurlButton;

  public WhatsNextController(Links links) {
    this.links = links;
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
    // not a secret: a plain copy, nothing to clear later
    ClipboardContent content = new ClipboardContent();
    content.putString(curlCommand.getText());
    Clipboard.getSystemClipboard().setContent(content);
    Feedback.flash(copyCurlButton, "Copied");
  }

  @FXML
  void openBroadcastGuide() {
    links.open(BROADCAST_GUIDE);
  }
}
