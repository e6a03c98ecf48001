package io.keyport.desktop.trysignin;

import io.keyport.desktop.fx.Styles;
import io.keyport.desktop.signin.CallbackDifference;
import io.keyport.desktop.signin.SignInFlow.Step;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** The nodes Try sign-in shows: one timeline row per step, and URLs with a highlighted middle. */
final class TimelineViews {
  /** A timeline row. */
  static final String STEP = "try-step";

  /** A timeline row that reports the failure. */
  static final String STEP_FAILED = "try-step-failed";

  /** The part of a URL that differs from the one it is compared with. */
  static final String DIFFERENCE = "url-difference";

  /** A URL shown in parts. */
  static final String URL = "url-parts";

  private TimelineViews() {}

  static Node row(int number, Step step) {
    boolean failed = step.kind() == Step.Kind.FAILED;
    Label mark = new Label(failed ? "✗" : number + ".");
    mark.setMinWidth(24);
    Label title = new Label(step.title());
    title.getStyleClass().add("text-bold");
    Label detail = new Label(step.detail());
    detail.setWrapText(true);
    detail.setMinHeight(Region.USE_PREF_SIZE);
    detail.getStyleClass().add(failed ? Styles.DANGER : Styles.MONOSPACE);
    VBox text = new VBox(2, title, detail);
    HBox row = new HBox(8, mark, text);
    row.getStyleClass().add(failed ? STEP_FAILED : STEP);
    return row;
  }

  /**
   * The URL tried and the registered ones, each on its line; the nearest registered one and the one
   * tried with their differing middle highlighted.
   */
  static List<Node> mismatch(CallbackDifference difference, List<String> registered) {
    List<Node> out = new ArrayList<>();
    out.add(new Label("Tried:"));
    out.add(parts(difference.attemptedParts()));
    out.add(new Label("Registered for this app:"));
    for (String url : registered) {
      out.add(
          url.equals(difference.registered())
              ? parts(difference.registeredParts())
              : parts(List.of(url, "", "")));
    }
    return out;
  }

  /** Common start, highlighted middle, common end. */
  static TextFlow parts(List<String> parts) {
    TextFlow flow = new TextFlow(new Text(parts.get(0)));
    if (!parts.get(1).isEmpty()) {
      // an empty run would take the highlight on to the next character
      Text middle = new Text(parts.get(1));
      middle.getStyleClass().add(DIFFERENCE);
      flow.getChildren().add(middle);
    }
    flow.getChildren().add(new Text(parts.get(2)));
    flow.getStyleClass().addAll(URL, Styles.MONOSPACE);
    flow.setAccessibleText(String.join("", parts));
    return flow;
  }
}
