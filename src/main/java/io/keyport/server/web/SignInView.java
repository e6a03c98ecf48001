package io.keyport.server.web;

/**
 * What the sign-in page shows: the app asking (null when none), the CSRF token, the username typed
 * so far, an error (null when none), and the authorization request to return to.
 */
public record SignInView(
    String appName, String csrf, String username, String error, String mode, String query) {}
