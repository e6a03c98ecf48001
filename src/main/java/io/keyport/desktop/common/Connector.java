package io.keyport.desktop.common;

/**
 * Opens the desktop's session: starts the embedded server and signs the local user in, or signs in
 * to a team server. Blocking; called on a background task. The front door supplies it, so the
 * desktop never knows the server's classes.
 */
@FunctionalInterface
public interface Connector {
  Session connect() throws Exception;
}
