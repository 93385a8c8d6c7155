package io.creatorgov.kit.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * Measures how deeply lambdas nest in Java sources, for the house rule "a command reads top to
 * bottom: no lambda nested more than two levels" (a lambda inside a lambda is depth 2).
 *
 * <p>A small scanner, not a parser: it skips comments, strings and character literals, tracks
 * brackets, and treats {@code ->} as a lambda unless it ends a {@code case}/{@code default} label.
 * An expression lambda lasts until the next {@code ,} or {@code ;} at its own bracket level, or
 * until that level closes; a block lambda lasts until its block closes.
 */
public final class LambdaNesting {
  private LambdaNesting() {}

  /** Where a lambda starts deeper than {@code max}: {@code File.java:line depth N}. */
  public static List<String> deeperThan(Path sourceDirectory, int max) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sourceDirectory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
        for (int[] lambda : lambdas(Files.readString(file))) {
          if (lambda[1] > max) {
            found.add(file.getFileName() + ":" + lambda[0] + " depth " + lambda[1]);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  /** Every lambda of {@code source} as {line, depth}. */
  public static List<int[]> lambdas(String source) {
    List<int[]> lambdas = new ArrayList<>();
    Deque<Frame> frames = new ArrayDeque<>();
    frames.push(new Frame(0));
    boolean blockLambdaPending = false;
    int line = 1;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i);
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        line += count(source, i, end);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        line += count(source, i, end);
        i = end;
      } else if (c == '"' || c == '\'') {
        i = endOfLiteral(source, i, c);
      } else if (c == '(' || c == '{' || c == '[') {
        Frame parent = frames.peek();
        int base = parent.depth() + (blockLambdaPending && c == '{' ? 1 : 0);
        blockLambdaPending = false;
        frames.push(new Frame(base));
        i++;
      } else if (c == ')' || c == '}' || c == ']') {
        if (frames.size() > 1) {
          frames.pop();
        }
        i++;
      } else if (c == ',' || c == ';') {
        frames.peek().expressionLambdas = 0;
        frames.peek().caseLabel = false;
        i++;
      } else if (source.startsWith("->", i)) {
        Frame frame = frames.peek();
        i += 2;
        if (frame.caseLabel) {
          frame.caseLabel = false;
          continue;
        }
        lambdas.add(new int[] {line, frame.depth() + 1});
        int next = skipSpace(source, i);
        if (next < n && source.charAt(next) == '{') {
          blockLambdaPending = true;
        } else {
          frame.expressionLambdas++;
        }
      } else if (Character.isJavaIdentifierStart(c)) {
        int end = i;
        while (end < n && Character.isJavaIdentifierPart(source.charAt(end))) {
          end++;
        }
        String word = source.substring(i, end);
        if (word.equals("case") || word.equals("default")) {
          frames.peek().caseLabel = true;
        }
        i = end;
      } else {
        i++;
      }
    }
    return lambdas;
  }

  private static final class Frame {
    final int base;
    int expressionLambdas;
    boolean caseLabel;

    Frame(int base) {
      this.base = base;
    }

    int depth() {
      return base + expressionLambdas;
    }
  }

  private static int endOfLiteral(String source, int start, char quote) {
    int i = start + 1;
    while (i < source.length() && source.charAt(i) != quote && source.charAt(i) != '\n') {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    return i + 1;
  }

  private static int skipSpace(String source, int i) {
    while (i < source.length() && Character.isWhitespace(source.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int count(String source, int from, int to) {
    int lines = 0;
    for (int i = from; i < to && i < source.length(); i++) {
      if (source.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
