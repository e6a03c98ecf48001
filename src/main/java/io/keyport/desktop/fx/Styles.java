package io.keyport.desktop.fx;

import javafx.css.PseudoClass;

/**
 * The style class names the desktop's code sets, as one set of constants: AtlantaFX's own ({@code
 * danger}, {@code success}) and those of {@code keyport.css}. FXML and CSS spell the same names.
 */
public final class Styles {
  /**
   * AtlantaFX: a button or callout in the danger colour; a banner or result line that reports a
   * failure.
   */
  public static final String DANGER = "danger";

  /** A banner that informs. */
  public static final String INFO = "info";

  /** AtlantaFX: a result line that reports success. */
  public static final String SUCCESS = "success";

  /** The small spinner {@link Busy} puts on a control. */
  public static final String BUTTON_SPINNER = "button-spinner";

  /** Keyport: muted, secondary text. */
  public static final String TEXT_MUTED = "text-muted";

  /** Keyport: text in a fixed-width font (client IDs, last four characters). */
  public static final String MONOSPACE = "monospace";

  /** Keyport: one live client secret in the secret block. */
  public static final String LIVE_SECRET = "live-secret";

  /** Keyport: the badge of a kept token that expires within seven days. */
  public static final String TOKEN_EXPIRING = "token-expiring";

  /** Keyport: the badge of a kept token that has expired (it stays listed until removed). */
  public static final String TOKEN_EXPIRED = "token-expired";

  /** Keyport: a token's expiry badge, with {@link #TOKEN_EXPIRING} or {@link #TOKEN_EXPIRED}. */
  public static final String EXPIRY_BADGE = "expiry-badge";

  /** Keyport: advice under a field that is not a refusal (the callback URL checker's hints). */
  public static final String FIELD_HINT = "field-hint";

  /** A field whose value is refused: its border in the danger colour. */
  public static final PseudoClass DANGER_STATE = PseudoClass.getPseudoClass(DANGER);

  private Styles() {}
}
