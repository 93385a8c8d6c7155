package io.creatorgov.kit.validation;

import build.buf.validate.FieldPath;
import build.buf.validate.FieldPathElement;

/**
 * Writes protovalidate's structured field path in the house syntax of {@link
 * io.creatorgov.kit.error.FieldViolation#field()}: proto field names joined by dots, {@code [i]}
 * after a repeated field for its element, {@code ["key"]} after a map field for a string key and
 * {@code [key]} for an integer or boolean key. For example {@code
 * program.budget.total.currency_code}, {@code evidence[2].id}, {@code labels["region"]}, {@code
 * limits[42]}.
 */
public final class FieldPaths {

  private FieldPaths() {}

  /** The house path of a protovalidate {@link FieldPath}; empty for the message itself. */
  public static String of(FieldPath path) {
    StringBuilder out = new StringBuilder();
    for (FieldPathElement element : path.getElementsList()) {
      if (out.length() > 0) {
        out.append('.');
      }
      out.append(
          element.getFieldName().isEmpty()
              ? String.valueOf(element.getFieldNumber())
              : element.getFieldName());
      switch (element.getSubscriptCase()) {
        case INDEX -> out.append('[').append(Long.toUnsignedString(element.getIndex())).append(']');
        case BOOL_KEY -> out.append('[').append(element.getBoolKey()).append(']');
        case INT_KEY -> out.append('[').append(element.getIntKey()).append(']');
        case UINT_KEY ->
            out.append('[').append(Long.toUnsignedString(element.getUintKey())).append(']');
        case STRING_KEY -> out.append("[\"").append(escape(element.getStringKey())).append("\"]");
        case SUBSCRIPT_NOT_SET -> {}
      }
    }
    return out.toString();
  }

  /** A string key with {@code \} and {@code "} escaped, so the path stays unambiguous. */
  private static String escape(String key) {
    if (key.indexOf('"') < 0 && key.indexOf('\\') < 0) {
      return key;
    }
    return key.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
