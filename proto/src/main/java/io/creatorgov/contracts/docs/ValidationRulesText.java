package io.creatorgov.contracts.docs;

import build.buf.validate.FieldRules;
import build.buf.validate.Ignore;
import build.buf.validate.MessageOneofRule;
import build.buf.validate.MessageRules;
import build.buf.validate.OneofRules;
import build.buf.validate.Rule;
import build.buf.validate.ValidateProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.DescriptorProtos.OneofOptions;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Duration;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Short, readable text for the protovalidate rules of a contract ({@code (buf.validate.field)},
 * {@code (buf.validate.message)}, {@code (buf.validate.oneof)}), for the API reference. For example
 * {@code required; min length 1; max length 128} or {@code pattern `^[A-Z]{3}$`}.
 *
 * <p>The rules are extensions of the descriptor options. A descriptor set parsed without an
 * extension registry keeps them as unknown fields, so the options are re-read here with {@link
 * ValidateProto}'s extensions registered: the text is the same however the set was parsed.
 */
public final class ValidationRulesText {

  private static final ExtensionRegistry EXTENSIONS = ExtensionRegistry.newInstance();

  static {
    ValidateProto.registerAllExtensions(EXTENSIONS);
  }

  /** How each rule reads; {@code %s} is its value. Rules not listed read "name value". */
  private static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("defined_only", "defined values only");
    LABELS.put("const", "= %s");
    LABELS.put("gt", "> %s");
    LABELS.put("gte", ">= %s");
    LABELS.put("gt_now", "after now");
    LABELS.put("lt", "< %s");
    LABELS.put("lte", "<= %s");
    LABELS.put("lt_now", "before now");
    LABELS.put("within", "within %s of now");
    LABELS.put("len", "length %s");
    LABELS.put("min_len", "min length %s");
    LABELS.put("max_len", "max length %s");
    LABELS.put("len_bytes", "length %s bytes");
    LABELS.put("min_bytes", "min %s bytes");
    LABELS.put("max_bytes", "max %s bytes");
    LABELS.put("pattern", "pattern %s");
    LABELS.put("prefix", "prefix %s");
    LABELS.put("suffix", "suffix %s");
    LABELS.put("contains", "contains %s");
    LABELS.put("not_contains", "must not contain %s");
    LABELS.put("in", "in %s");
    LABELS.put("not_in", "not in %s");
    LABELS.put("min_items", "min %s items");
    LABELS.put("max_items", "max %s items");
    LABELS.put("unique", "unique items");
    LABELS.put("min_pairs", "min %s entries");
    LABELS.put("max_pairs", "max %s entries");
    LABELS.put("items", "each item: %s");
    LABELS.put("keys", "keys: %s");
    LABELS.put("values", "values: %s");
  }

  private final Map<String, EnumDescriptorProto> enums = new HashMap<>();

  /**
   * Enum value names for enum rules ({@code not_in: [0]} reads as the value's name) come from the
   * set.
   */
  public ValidationRulesText(FileDescriptorSet set) {
    for (FileDescriptorProto file : set.getFileList()) {
      String prefix = file.getPackage().isEmpty() ? "." : "." + file.getPackage() + ".";
      file.getEnumTypeList().forEach(e -> enums.put(prefix + e.getName(), e));
      file.getMessageTypeList().forEach(m -> indexEnums(prefix + m.getName(), m));
    }
  }

  private void indexEnums(String messageName, DescriptorProto message) {
    message.getEnumTypeList().forEach(e -> enums.put(messageName + "." + e.getName(), e));
    message.getNestedTypeList().forEach(n -> indexEnums(messageName + "." + n.getName(), n));
  }

  /** The {@code (buf.validate.field)} rules of a field; the default instance when it has none. */
  public static FieldRules fieldRules(FieldDescriptorProto field) {
    if (!field.hasOptions()) {
      return FieldRules.getDefaultInstance();
    }
    return reparse(field.getOptions().toByteString(), FieldOptions.parser())
        .getExtension(ValidateProto.field);
  }

  /** The rules of a field as text, empty when it has none. */
  public String field(FieldDescriptorProto field) {
    String enumType =
        field.getType() == FieldDescriptorProto.Type.TYPE_ENUM ? field.getTypeName() : null;
    return String.join("; ", describe(fieldRules(field), enumType));
  }

  /**
   * The message-level rules ({@code (buf.validate.message)} and {@code (buf.validate.oneof)}) as
   * text, empty when there are none.
   */
  public String message(DescriptorProto message) {
    List<String> parts = new ArrayList<>();
    if (message.hasOptions()) {
      MessageRules rules =
          reparse(message.getOptions().toByteString(), MessageOptions.parser())
              .getExtension(ValidateProto.message);
      for (MessageOneofRule oneof : rules.getOneofList()) {
        parts.add(
            (oneof.getRequired() ? "exactly one of " : "at most one of ")
                + codeList(oneof.getFieldsList()));
      }
      parts.addAll(cel(rules.getCelList(), rules.getCelExpressionList()));
    }
    for (int o = 0; o < message.getOneofDeclCount(); o++) {
      if (!message.getOneofDecl(o).hasOptions()) {
        continue;
      }
      OneofRules rules =
          reparse(message.getOneofDecl(o).getOptions().toByteString(), OneofOptions.parser())
              .getExtension(ValidateProto.oneof);
      if (rules.getRequired()) {
        List<String> members = new ArrayList<>();
        for (FieldDescriptorProto f : message.getFieldList()) {
          if (f.hasOneofIndex() && f.getOneofIndex() == o) {
            members.add(f.getName());
          }
        }
        parts.add(
            "`"
                + message.getOneofDecl(o).getName()
                + "` required (one of "
                + codeList(members)
                + ")");
      }
    }
    return String.join("; ", parts);
  }

  private List<String> describe(FieldRules rules, String enumType) {
    List<String> parts = new ArrayList<>();
    if (rules.getRequired()) {
      parts.add("required");
    }
    if (rules.getIgnore() == Ignore.IGNORE_IF_ZERO_VALUE) {
      parts.add("checked only when set");
    } else if (rules.getIgnore() == Ignore.IGNORE_ALWAYS) {
      parts.add("never checked");
    }
    switch (rules.getTypeCase()) {
      case TYPE_NOT_SET -> {}
      case ENUM -> parts.addAll(typeRules(rules.getEnum(), enumType));
      case REPEATED -> parts.addAll(typeRules(rules.getRepeated(), enumType));
      default -> {
        FieldDescriptor typeField =
            FieldRules.getDescriptor().findFieldByNumber(rules.getTypeCase().getNumber());
        parts.addAll(typeRules((Message) rules.getField(typeField), null));
      }
    }
    parts.addAll(cel(rules.getCelList(), rules.getCelExpressionList()));
    return parts;
  }

  /** The rules of one type-specific message (StringRules, Int32Rules, ...), in reading order. */
  private List<String> typeRules(Message rules, String enumType) {
    Map<String, String> byName = new LinkedHashMap<>();
    for (Map.Entry<FieldDescriptor, Object> e : rules.getAllFields().entrySet()) {
      FieldDescriptor fd = e.getKey();
      String name = fd.getName();
      if (name.equals("example") || fd.isExtension()) {
        continue; // examples document, they do not constrain
      }
      if (fd.getType() == FieldDescriptor.Type.BOOL && !fd.isRepeated()) {
        if (Boolean.TRUE.equals(e.getValue()) && !name.equals("strict")) {
          byName.put(name, LABELS.getOrDefault(name, name.replace('_', ' ')));
        }
        continue;
      }
      String value = value(fd, e.getValue(), enumType);
      String label = LABELS.get(name);
      byName.put(name, label != null ? label.formatted(value) : name + " " + value);
    }
    List<String> ordered = new ArrayList<>();
    for (String name : LABELS.keySet()) {
      String text = byName.remove(name);
      if (text != null) {
        ordered.add(text);
      }
    }
    ordered.addAll(byName.values());
    return ordered;
  }

  private String value(FieldDescriptor fd, Object value, String enumType) {
    if (fd.isRepeated()) {
      List<String> items = new ArrayList<>();
      for (Object item : (List<?>) value) {
        items.add(single(fd, item, enumType));
      }
      return "[" + String.join(", ", items) + "]";
    }
    return single(fd, value, enumType);
  }

  private String single(FieldDescriptor fd, Object value, String enumType) {
    if (value instanceof FieldRules nested) {
      String inner = String.join("; ", describe(nested, enumType));
      return inner.isEmpty() ? "no rules" : "(" + inner + ")";
    }
    if (value instanceof Duration d) {
      return seconds(d.getSeconds(), d.getNanos());
    }
    if (value instanceof Timestamp t) {
      return "`" + Instant.ofEpochSecond(t.getSeconds(), t.getNanos()) + "`";
    }
    if (value instanceof String s) {
      return "`" + s + "`";
    }
    if (value instanceof ByteString b) {
      return "`0x" + hex(b) + "`";
    }
    if (value instanceof Integer i && enumType != null && enums.containsKey(enumType)) {
      for (EnumValueDescriptorProto v : enums.get(enumType).getValueList()) {
        if (v.getNumber() == i) {
          return "`" + v.getName() + "`";
        }
      }
      return String.valueOf(i);
    }
    return switch (fd.getType()) {
      case UINT64, FIXED64 -> Long.toUnsignedString((Long) value);
      case UINT32, FIXED32 -> Integer.toUnsignedString((Integer) value);
      default -> String.valueOf(value);
    };
  }

  private static List<String> cel(List<Rule> rules, List<String> expressions) {
    List<String> parts = new ArrayList<>();
    for (Rule rule : rules) {
      String what =
          rule.getMessage().isEmpty() ? "`" + rule.getExpression() + "`" : rule.getMessage();
      parts.add(rule.getId().isEmpty() ? "rule: " + what : "rule `" + rule.getId() + "`: " + what);
    }
    for (String expression : expressions) {
      parts.add("rule `" + expression + "`");
    }
    return parts;
  }

  private static String seconds(long seconds, int nanos) {
    if (nanos == 0) {
      return seconds + "s";
    }
    return BigDecimal.valueOf(seconds)
            .add(BigDecimal.valueOf(nanos, 9))
            .stripTrailingZeros()
            .toPlainString()
        + "s";
  }

  private static String codeList(List<String> names) {
    List<String> quoted = new ArrayList<>();
    names.forEach(n -> quoted.add("`" + n + "`"));
    return String.join(", ", quoted);
  }

  private static String hex(ByteString bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes.toByteArray()) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }

  private static <T extends Message> T reparse(
      ByteString options, com.google.protobuf.Parser<T> parser) {
    try {
      return parser.parseFrom(options, EXTENSIONS);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable descriptor options", e);
    }
  }
}
