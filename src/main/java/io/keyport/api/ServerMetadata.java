package io.keyport.api;

import java.util.List;

/**
 * RFC 8414 authorization server metadata, {@code GET /.well-known/oauth-authorization-server}: the
 * issuer (the server's public URL), its endpoints, and what it supports.
 */
public record ServerMetadata(
    String issuer,
    String authorizationEndpoint,
    String tokenEndpoint,
    String introspectionEndpoint,
    String revocationEndpoint,
    List<String> scopesSupported,
    List<String> responseTypesSupported,
    List<String> responseModesSupported,
    List<String> grantTypesSupported,
    List<String> tokenEndpointAuthMethodsSupported,
    List<String> introspectionEndpointAuthMethodsSupported,
    List<String> revocationEndpointAuthMethodsSupported,
    List<String> codeChallengeMethodsSupported,
    boolean authorizationResponseIssParameterSupported) {}
