package io.keyport.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a fresh JVM on this test run's class path, for tests whose subject is a
 * process of its own: a server killed mid-write, a command whose output scripts read, a keychain
 * call from another process.
 */
public final class ChildJava {
  private ChildJava() {}

  /** {@code java OPTIONS -cp <this run's class path> MAIN ARGS}, on the JVM running the tests. */
  public static List<String> command(List<String> jvmOptions, String mainClass, String... args) {
    return command(jvmOptions, mainClass, List.of(args));
  }

  /** As {@link #command(List, String, String...)}, the arguments in a list. */
  public static List<String> command(List<String> jvmOptions, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass);
    command.addAll(args);
    return command;
  }

  /**
   * Surefire's class path of the tests (the test JVM's own is a manifest-only jar under Surefire),
   * else the JVM's.
   */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }
}
