package io.keyport.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Medians and percentiles of small samples (nearest rank). */
final class Stats {
  private Stats() {}

  static double median(List<Double> xs) {
    return percentile(xs, 50);
  }

  static double percentile(List<Double> xs, double p) {
    if (xs.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(xs);
    Collections.sort(sorted);
    if (p == 50 && sorted.size() % 2 == 0) {
      return (sorted.get(sorted.size() / 2 - 1) + sorted.get(sorted.size() / 2)) / 2;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  static Map<String, Object> summary(List<Double> xs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("n", xs.size());
    m.put("median", round(median(xs)));
    m.put("p95", round(percentile(xs, 95)));
    m.put("min", round(xs.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)));
    m.put("max", round(xs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
    m.put("samples", xs.stream().map(Stats::round).toList());
    return m;
  }

  static double round(double x) {
    return Double.isNaN(x) ? x : Math.round(x * 10) / 10.0;
  }
}
