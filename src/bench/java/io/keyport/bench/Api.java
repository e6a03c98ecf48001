package io.keyport.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The few raw HTTP calls the harness makes to set a server up (sign-up, sign-in, apps, tokens). */
final class Api {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  Api(URI base) {
    this.base = URI.create(base.toString().replaceAll("/+$", ""));
  }

  JsonNode get(String path, String bearer) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), bearer);
  }

  JsonNode postJson(String path, String bearer, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))),
          bearer);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  JsonNode postForm(String path, Map<String, String> form) {
    return send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))),
        null);
  }

  static String form(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** A form post with its own Authorization header (another server's client authentication). */
  JsonNode postForm(String path, String authorization, Map<String, String> form) {
    return sendAuthorized(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(form))),
        authorization);
  }

  private JsonNode send(HttpRequest.Builder request, String bearer) {
    return sendAuthorized(request, bearer == null ? null : "Bearer " + bearer);
  }

  private JsonNode sendAuthorized(HttpRequest.Builder request, String authorization) {
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      HttpResponse<String> r =
          http.send(
              request.timeout(Duration.ofSeconds(60)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() >= 300) {
        // the body of an error never holds a secret (API.md), so it may be shown
        throw new IllegalStateException(
            r.request().method()
                + " "
                + r.request().uri().getPath()
                + " answered "
                + r.statusCode()
                + ": "
                + r.body());
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.build().uri().getPath() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** App {@code i} as the benchmarks name it: "App 00042". */
  static Map<String, Object> newApp(int i) {
    return Map.of(
        "name", String.format("App %05d", i),
        "website", "https://example.com/apps/" + i,
        "callback_urls", List.of("http://localhost:8000"));
  }
}
