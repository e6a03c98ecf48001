package io.keyport.server.http;

import io.javalin.http.Context;
import io.keyport.api.ErrorSlug;
import io.keyport.server.core.ApiFailure;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies over 64 KiB are refused with 413 (API.md, Conventions): at once when {@code
 * Content-Length} says so, and while reading when the body comes chunked (no length), so a client
 * can never make the server hold more than the limit in memory.
 */
final class BodyLimit {
  static final String MESSAGE = "The request body is larger than 64 KiB.";

  private BodyLimit() {}

  /**
   * A before-handler: a declared length over the limit is refused before anything reads the body.
   */
  static void checkDeclaredLength(Context ctx, long maxBytes) {
    if (ctx.req().getContentLengthLong() > maxBytes) {
      throw new TooLarge();
    }
  }

  /** What to throw on finding the body too large; answered by {@link #answer}. */
  static RuntimeException tooLarge() {
    return new TooLarge();
  }

  /** The 413: the envelope, or on {@code /oauth/*} RFC 6749's error shape. */
  static void answer(Context ctx) {
    if (ctx.path().startsWith("/oauth/")) {
      OAuthRoutes.error(ctx, new OAuthFailure(413, "invalid_request", MESSAGE, false));
    } else {
      Exchange.error(ctx, new ApiFailure(ErrorSlug.PAYLOAD_TOO_LARGE, MESSAGE));
    }
  }

  /**
   * Whether {@code failure}, or anything that caused it, is a body found too large while reading.
   */
  static boolean isTooLarge(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TooLarge) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** Thrown by the request body's stream at the first byte past the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge() {
      super(MESSAGE, null, false, false);
    }
  }

  /** A servlet filter that hands the application a body stream which stops at the limit. */
  static final class LimitingFilter implements Filter {
    private final long maxBytes;

    LimitingFilter(long maxBytes) {
      this.maxBytes = maxBytes;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (request instanceof HttpServletRequest http) {
        chain.doFilter(new Limited(http, maxBytes), response);
      } else {
        chain.doFilter(request, response);
      }
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public synchronized ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new Counting(super.getInputStream(), maxBytes);
      }
      return stream;
    }

    @Override
    public BufferedReader getReader() throws IOException {
      Charset charset;
      try {
        charset =
            getCharacterEncoding() == null
                ? StandardCharsets.UTF_8
                : Charset.forName(getCharacterEncoding());
      } catch (IllegalArgumentException e) {
        charset = StandardCharsets.UTF_8;
      }
      return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    Counting(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
    }

    private int count(int n) {
      if (n > 0) {
        read += n;
        if (read > maxBytes) {
          throw new TooLarge();
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      return count(in.read(buffer, offset, length));
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }

    @Override
    public int available() throws IOException {
      return in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
