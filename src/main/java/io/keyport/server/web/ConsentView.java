package io.keyport.server.web;

import io.keyport.server.core.WebSignIn.ScopeLine;
import java.util.List;

/**
 * What the consent page shows: the app, its website and developer, the requested scopes (already
 * granted or new), whether {@code export} is among them, who is signed in, and the request's
 * parameters carried by the form.
 */
public record ConsentView(
    String appName,
    String website,
    String developer,
    List<ScopeLine> scopes,
    boolean export,
    boolean anyGranted,
    String username,
    String csrf,
    List<Field> fields) {

  /** A hidden form field. */
  public record Field(String name, String value) {}
}
