package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code PATCH /account/0/apps/{id}}: a null field is left as it is. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AppChanges(String name, String website, List<String> callbackUrls) {}
