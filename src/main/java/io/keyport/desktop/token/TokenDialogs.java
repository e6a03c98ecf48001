package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.desktop.broadcast.BroadcastController;
import io.keyport.desktop.fx.DialogStage;
import io.keyport.desktop.fx.Views;
import io.keyport.desktop.scopes.ScopesController;
import io.keyport.vault.VaultKey;
import java.util.List;
import java.util.function.Consumer;
import javafx.stage.Window;

/**
 * The dialogs the tokens block opens: the scope checklist, the new token, the broadcast composer.
 */
final class TokenDialogs {
  private final Views views;

  TokenDialogs(Views views) {
    this.views = views;
  }

  /**
   * The scope checklist for {@code app}, with {@code alsoChecked} checked besides the current
   * token's scopes.
   */
  void scopes(Window owner, App app, List<String> alsoChecked, Consumer<GeneratedToken> generated) {
    Views.Loaded<ScopesController> scopes = views.load(ScopesController.class, "scopes.fxml");
    var dialog = DialogStage.create(owner, scopes.root(), "Generate a user token");
    scopes.controller().start(app, generated, alsoChecked);
    dialog.show();
  }

  void newToken(Window owner, GeneratedToken generated) {
    Views.Loaded<NewTokenController> loaded =
        views.load(NewTokenController.class, "new-token.fxml");
    loaded.controller().show(generated);
    DialogStage.create(owner, loaded.root(), "Your new access token").show();
  }

  /**
   * UX.md step 9: the composer, with the token kept for this app under {@code kept} (never the
   * desktop's own).
   */
  void broadcast(Window owner, App app, VaultKey kept, Runnable askForScope) {
    Views.Loaded<BroadcastController> composer =
        views.load(BroadcastController.class, "broadcast.fxml");
    var dialog = DialogStage.create(owner, composer.root(), BroadcastController.WINDOW_TITLE);
    composer.controller().start(app, kept, askForScope);
    dialog.show();
  }
}
