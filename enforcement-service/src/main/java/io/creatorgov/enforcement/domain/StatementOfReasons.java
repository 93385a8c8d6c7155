package io.creatorgov.enforcement.domain;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a catalogue entry's statement-of-reasons template. A placeholder is the shortest {@code
 * {{name}}} on one line, with exactly one of {@link #PLACEHOLDERS} as the name (no spaces); a
 * <code>{{</code> after the last placeholder is unclosed. This is the grammar policy-service
 * validates templates with, so a published template always renders.
 */
public final class StatementOfReasons {

  /** The placeholders the contract allows, in its order. */
  public static final List<String> PLACEHOLDERS =
      List.of(
          "creator_handle",
          "violation_code",
          "violation_title",
          "observed_time",
          "action_type",
          "restriction_types",
          "end_time",
          "policy_key",
          "policy_version",
          "market",
          "evidence_summary",
          "appeal_deadline");

  /** A placeholder: the shortest {@code {{...}}} on one line. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(.*?)}}");

  private StatementOfReasons() {}

  /**
   * Renders {@code template}, replacing each placeholder with its value from {@code values} (a
   * missing or null value renders as the empty string; keys that are not placeholders are ignored).
   * Values are inserted as they are: a <code>{{</code> in a value is not expanded.
   *
   * @throws IllegalArgumentException for an unknown placeholder or an unclosed <code>{{</code>
   */
  public static String render(String template, Map<String, String> values) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(values, "values");
    StringBuilder out = new StringBuilder(template.length() + 256);
    Matcher m = PLACEHOLDER.matcher(template);
    int from = 0;
    while (m.find()) {
      String name = m.group(1);
      if (!PLACEHOLDERS.contains(name)) {
        throw new IllegalArgumentException(
            "unknown placeholder {{%s}} at character %d; allowed: %s"
                .formatted(name, m.start(), String.join(", ", PLACEHOLDERS)));
      }
      String value = values.get(name);
      out.append(template, from, m.start()).append(value == null ? "" : value);
      from = m.end();
    }
    int unclosed = template.indexOf("{{", from);
    if (unclosed >= 0) {
      throw new IllegalArgumentException(
          "unclosed {{ at character %d: close it with }}".formatted(unclosed));
    }
    return out.append(template, from, template.length()).toString();
  }

  /**
   * Checks a template without rendering it.
   *
   * @throws IllegalArgumentException as {@link #render} would
   */
  public static void validate(String template) {
    render(template, Map.of());
  }
}
