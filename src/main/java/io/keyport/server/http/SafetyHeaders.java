package io.keyport.server.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.http.HttpFields;

/**
 * Headers on every answer, errors included: {@code X-Content-Type-Options: nosniff}, so that no
 * browser takes an answer for anything but what its Content-Type says (an echoed value never runs
 * as a script or a page), and {@code Referrer-Policy: no-referrer}, so that no URL of the server (a
 * consent page's, say) leaves in a Referer header. A filter for what the routes answer, and {@link
 * JettyErrors} for what Jetty answers itself.
 */
final class SafetyHeaders implements Filter {
  static final String NOSNIFF = "X-Content-Type-Options";
  static final String REFERRER = "Referrer-Policy";

  static void on(HttpServletResponse response) {
    response.setHeader(NOSNIFF, "nosniff");
    response.setHeader(REFERRER, "no-referrer");
  }

  static void on(HttpFields.Mutable fields) {
    fields.put(NOSNIFF, "nosniff");
    fields.put(REFERRER, "no-referrer");
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (response instanceof HttpServletResponse http) {
      on(http);
    }
    chain.doFilter(request, response);
  }
}
