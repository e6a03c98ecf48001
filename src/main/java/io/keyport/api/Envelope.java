package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** App.net's response envelope: {@code {"meta": {...}, "data": ...}}; an error has no data. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Envelope<T>(Meta meta, T data) {
  public static <T> Envelope<T> ok(T data) {
    return new Envelope<>(Meta.ok(200), data);
  }
}
