package io.keyport.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without the browser, for tests of the web sign-in pages over raw HTTP: it keeps
 * cookies, never follows redirects (the test looks at each {@code Location}), and reads and submits
 * the pages' forms as a browser would (hidden fields included).
 */
public final class WebClient {
  private static final Pattern FORM =
      Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">(.*?)</form>", Pattern.DOTALL);
  private static final Pattern INPUT =
      Pattern.compile(
          "<input type=\"(hidden|text|password)\"[^>]*?"
              + " name=\"([^\"]+)\"(?: value=\"([^\"]*)\")?");

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient client;

  public WebClient(URI base) {
    this.base = base;
    this.client =
        HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  public URI base() {
    return base;
  }

  /** GET a path (with its query) on the server, or an absolute URL. */
  public Page get(String pathOrUrl) {
    URI uri = pathOrUrl.startsWith("http") ? URI.create(pathOrUrl) : URI.create(base + pathOrUrl);
    return send(HttpRequest.newBuilder(uri).GET());
  }

  /** POST {@code fields} as a form to a path. */
  public Page post(String path, Map<String, String> fields) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
  }

  /**
   * Submits the page's form that posts to {@code action}, with its fields changed or added by
   * {@code changes} (a null value removes a field).
   */
  public Page submit(Page page, String action, Map<String, String> changes) {
    Map<String, String> fields = page.form(action);
    changes.forEach(
        (name, value) -> {
          if (value == null) {
            fields.remove(name);
          } else {
            fields.put(name, value);
          }
        });
    return post(action, fields);
  }

  /** The value of a cookie the client holds, or null. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream()
        .filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Puts a cookie in the jar as if the server had set it (e.g. a stolen or old session id). */
  public void setCookie(String name, String value) {
    HttpCookie cookie = new HttpCookie(name, value);
    cookie.setPath("/oauth");
    cookie.setVersion(0);
    cookies.getCookieStore().add(URI.create(base + "/oauth"), cookie);
  }

  public void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  private Page send(HttpRequest.Builder request) {
    try {
      return new Page(
          client.send(
              request.timeout(Duration.ofSeconds(30)).build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static String encode(Map<String, String> fields) {
    StringBuilder out = new StringBuilder();
    fields.forEach(
        (name, value) -> {
          if (out.length() > 0) {
            out.append('&');
          }
          out.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
    return out.toString();
  }

  /** The query parameters of a URL (first value of each). */
  public static Map<String, String> query(String url) {
    Map<String, String> out = new LinkedHashMap<>();
    String q = URI.create(url).getRawQuery();
    if (q == null) {
      return out;
    }
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      out.putIfAbsent(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** An answer: status, headers, the HTML, and its forms. */
  public static final class Page {
    private final HttpResponse<String> raw;

    Page(HttpResponse<String> raw) {
      this.raw = raw;
    }

    public int status() {
      return raw.statusCode();
    }

    public String body() {
      return raw.body();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public List<String> headers(String name) {
      return raw.headers().allValues(name);
    }

    public String location() {
      return header("Location");
    }

    /** The query parameters of the redirect's Location. */
    public Map<String, String> redirectParams() {
      return query(location());
    }

    public boolean hasForm(String action) {
      return body().contains("action=\"" + action + "\"");
    }

    /**
     * The fields of the form posting to {@code action}, as the browser would send them (unescaped).
     */
    public Map<String, String> form(String action) {
      Matcher forms = FORM.matcher(body());
      while (forms.find()) {
        if (forms.group(1).equals(action)) {
          Map<String, String> fields = new LinkedHashMap<>();
          Matcher inputs = INPUT.matcher(forms.group(2));
          while (inputs.find()) {
            fields.put(inputs.group(2), inputs.group(3) == null ? "" : unescape(inputs.group(3)));
          }
          return fields;
        }
      }
      throw new AssertionError("no form posting to " + action + " in " + status() + " " + body());
    }

    @Override
    public String toString() {
      return raw.statusCode() + " " + raw.headers().map() + "\n" + raw.body();
    }
  }

  static String unescape(String html) {
    return html.replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
  }
}
