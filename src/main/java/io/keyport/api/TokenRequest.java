package io.keyport.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /account/0/apps/{id}/tokens/me}: "Generate a user token for yourself".
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenRequest(List<String> scopes, Integer expiresInDays) {}
