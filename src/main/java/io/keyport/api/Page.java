package io.keyport.api;

import java.util.List;

/** One page of a list, newest first, with App.net's cursors. */
public record Page<T>(List<T> items, String minId, String maxId, boolean more) {}
