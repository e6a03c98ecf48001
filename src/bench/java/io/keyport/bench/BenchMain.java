package io.keyport.bench;

/**
 * {@code mvn -Pbench verify} runs this: every benchmark, then target/bench/report.md and
 * report.json.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    int exit = new Bench().run();
    System.exit(exit);
  }
}
