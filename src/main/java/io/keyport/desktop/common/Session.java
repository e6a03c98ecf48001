package io.keyport.desktop.common;

import io.keyport.client.KeyportClient;
import java.net.URI;

/** Who the desktop is signed in as, where, and the client that calls with that session's token. */
public record Session(URI baseUrl, String username, boolean embedded, KeyportClient client) {

  /** "Connected to http://127.0.0.1:8470 as alice", as the status line shows it. */
  public String describe() {
    return "Connected to " + baseUrl + " as " + username;
  }
}
