package io.keyport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the formatter (spotless:check in {@code mvn verify}) cannot see: a class named by its full
 * package inside code hides a dependency from the imports, where reviews and ArchUnit read them.
 */
class SourceStyleTest {
  private static final Pattern QUALIFIED_NAME =
      Pattern.compile(
          "(?<![\\w.$])(?:java|javax|javafx|jdk|com|org|io|net)(?:\\.[a-z_][\\w]*)+\\.[A-Z]\\w*");
  private static final Pattern COMMENTS_AND_STRINGS =
      Pattern.compile(
          "/\\*.*?\\*/|//[^\\n]*|\"\"\"(?:.|\\n)*?\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\\\n])'",
          Pattern.DOTALL);

  @Test
  void noFullyQualifiedClassNamesInsideCode() {
    List<String> found = new ArrayList<>();
    for (String root : List.of("src/main/java", "src/test/java", "src/bench/java")) {
      for (Path file : javaFiles(Path.of(root))) {
        String code = blankCommentsAndStrings(read(file));
        String[] lines = code.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          String line = lines[i].strip();
          if (line.startsWith("import ") || line.startsWith("package ")) {
            continue;
          }
          Matcher m = QUALIFIED_NAME.matcher(lines[i]);
          while (m.find()) {
            found.add(file + ":" + (i + 1) + ": " + m.group());
          }
        }
      }
    }
    assertThat(found).as("import these classes instead").isEmpty();
  }

  @Test
  void theCheckSeesAQualifiedNameButNotOneInACommentOrString() {
    String code =
        blankCommentsAndStrings(
            "var a = new java.util.ArrayList<>(); // java.util.List\n String s = \"java.util.Map\";");
    Matcher m = QUALIFIED_NAME.matcher(code);
    assertThat(m.find()).isTrue();
    assertThat(m.group()).isEqualTo("java.util.ArrayList");
    assertThat(m.find()).isFalse();
  }

  /** Comments and string literals become spaces, keeping line breaks so line numbers stay true. */
  private static String blankCommentsAndStrings(String source) {
    Matcher m = COMMENTS_AND_STRINGS.matcher(source);
    StringBuilder out = new StringBuilder(source.length());
    while (m.find()) {
      m.appendReplacement(out, "");
      out.append(m.group().replaceAll("[^\\n]", " "));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static List<Path> javaFiles(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
