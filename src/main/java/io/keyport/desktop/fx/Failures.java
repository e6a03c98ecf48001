package io.keyport.desktop.fx;

import io.keyport.client.ApiException;
import io.keyport.client.KeyportClientException;
import io.keyport.client.ServerUnreachableException;
import io.keyport.desktop.session.ConnectionException;
import io.keyport.vault.KeychainUnavailableException;

/** Turns a failure into the sentence the UI shows. */
public final class Failures {
  private Failures() {}

  public static String describe(Throwable error) {
    if (error instanceof ServerUnreachableException unreachable) {
      return "Cannot reach the Keyport server at " + unreachable.baseUrl() + ".";
    }
    if (error instanceof ApiException api) {
      String id = api.errorId() == null ? "" : " (error id " + api.errorId() + ")";
      return api.getMessage() + id;
    }
    if (error instanceof KeyportClientException known) {
      return known.getMessage();
    }
    if (error instanceof ConnectionException || error instanceof KeychainUnavailableException) {
      return error.getMessage();
    }
    return "Something went wrong: " + error.getClass().getSimpleName();
  }

  public static boolean isUnreachable(Throwable error) {
    return error instanceof ServerUnreachableException;
  }
}
