package io.keyport.api;

import java.util.List;

/** The body of {@code POST /account/0/apps}. */
public record NewApp(String name, String website, List<String> callbackUrls) {}
