package io.keyport.desktop.fx;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;

/** {@code banner.fxml}: shows the window's {@link Banner}; its visibility is bound in the FXML. */
public final class BannerController {
  private final Banner banner;
  private Busy busy;

  @FXML private HBox root;
  @FXML private Label bannerMessage;
  @FXML private Button bannerAction;

  public BannerController(Banner banner) {
    this.banner = banner;
  }

  /** The banner shown, for the FXML's bindings. */
  public Banner getBanner() {
    return banner;
  }

  @FXML
  void initialize() {
    bannerMessage.textProperty().bind(banner.messageProperty());
    bannerAction.textProperty().bind(banner.actionTextProperty());
    bannerAction.accessibleTextProperty().bind(banner.actionTextProperty());
    root.getStyleClass().add(banner.kindProperty().get());
    banner
        .kindProperty()
        .addListener(
            (o, old, kind) -> {
              root.getStyleClass().removeAll(Styles.DANGER, Styles.INFO);
              root.getStyleClass().add(kind);
            });
    banner
        .workingProperty()
        .addListener(
            (o, was, working) -> {
              if (working && busy == null) {
                busy = Busy.on(bannerAction);
              } else if (!working && busy != null) {
                busy.done();
                busy = null;
              }
            });
  }

  @FXML
  void act() {
    banner.act();
  }

  @FXML
  void hide() {
    banner.hide();
  }
}
