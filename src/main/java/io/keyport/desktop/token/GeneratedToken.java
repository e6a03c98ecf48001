package io.keyport.desktop.token;

import io.keyport.api.App;
import io.keyport.api.Secret;
import io.keyport.api.Token;
import java.net.URI;

/**
 * A token just generated for the user, and where it went: {@code savedTo} is the keychain's name
 * when it was stored, otherwise {@code notSavedReason} says why it could not be (and it was then
 * kept nowhere). {@code replaced}: the user's earlier token for the app stopped working.
 */
public record GeneratedToken(
    App app,
    URI server,
    Secret token,
    Token info,
    boolean replaced,
    String savedTo,
    String notSavedReason) {

  public boolean saved() {
    return savedTo != null;
  }
}
