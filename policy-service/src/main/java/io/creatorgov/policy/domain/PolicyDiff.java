package io.creatorgov.policy.domain;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.Duration;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.StringValue;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.util.JsonFormat;
import io.creatorgov.common.v1.Money;
import io.creatorgov.policy.v1.CategoryCommissionCap;
import io.creatorgov.policy.v1.CommissionCaps;
import io.creatorgov.policy.v1.PolicyContent;
import io.creatorgov.policy.v1.PolicyFieldChange;
import io.creatorgov.policy.v1.PolicyFieldChangeKind;
import io.creatorgov.policy.v1.TierThreshold;
import io.creatorgov.policy.v1.TierThresholds;
import io.creatorgov.policy.v1.ViolationCatalogue;
import io.creatorgov.policy.v1.ViolationCatalogueEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Field-level differences between two policy contents, as DiffPolicyVersions reports them ({@code
 * PolicyFieldChange} in {@code policy_resolution.proto}).
 *
 * <p>The contents are walked by protobuf reflection, in schema order: fields in field-number order,
 * keyed-list elements in key order, other list elements in index order. Each change is reported at
 * the deepest differing leaf:
 *
 * <ul>
 *   <li>Leaves are scalars, enums, {@code Money}, {@code Duration} (and {@code Timestamp}) and
 *       whole repeated scalar/enum fields. A leaf present on both sides with different values is
 *       CHANGED. A scalar without presence that is unset compares equal to its default value
 *       (proto3 cannot tell them apart); an empty repeated scalar/enum field is the value {@code
 *       []}.
 *   <li>A message, {@code oneof} branch or list element that exists on one side only is one ADDED
 *       or REMOVED change at its path carrying the whole value. A scalar with explicit presence
 *       ({@code optional}, such as {@code default_max_rate_bps}) is treated the same way, because
 *       there "unset" and "0" mean different rules (no limit vs. a limit of 0).
 *   <li>Keyed lists are matched by key: catalogue entries by {@code code}, category caps by {@code
 *       category}, tiers by {@code tier} (addressed by the enum value name, ordered by tier
 *       number). Other repeated messages are compared by index; extra elements are ADDED or
 *       REMOVED.
 *   <li>When the whole content exists on one side only (for example the market is excluded in one
 *       version), the single change has an empty path.
 * </ul>
 *
 * <p>Paths use proto field names, for example {@code
 * violation_catalogue.entries[code=PROHIBITED_ITEM_SALE].points} or {@code
 * standing_model.points_ladder.thresholds[2].consequence.duration}. Values are proto3 JSON text
 * exactly as {@link JsonFormat} prints them (compact, lowerCamelCase JSON names as in the
 * contract's example {@code {"amountMinor":"5000000","currencyCode":"IDR"}}; 64-bit integers
 * quoted, enums by name in quotes, durations as {@code "7776000s"}); the empty string stands for
 * "no value" on the ADDED/REMOVED side.
 */
public final class PolicyDiff {

  /** Keyed repeated fields and the field of their element that is the key. */
  private static final Map<FieldDescriptor, FieldDescriptor> KEYS =
      Map.of(
          ViolationCatalogue.getDescriptor()
              .findFieldByNumber(ViolationCatalogue.ENTRIES_FIELD_NUMBER),
          ViolationCatalogueEntry.getDescriptor()
              .findFieldByNumber(ViolationCatalogueEntry.CODE_FIELD_NUMBER),
          CommissionCaps.getDescriptor()
              .findFieldByNumber(CommissionCaps.CATEGORY_CAPS_FIELD_NUMBER),
          CategoryCommissionCap.getDescriptor()
              .findFieldByNumber(CategoryCommissionCap.CATEGORY_FIELD_NUMBER),
          TierThresholds.getDescriptor().findFieldByNumber(TierThresholds.TIERS_FIELD_NUMBER),
          TierThreshold.getDescriptor().findFieldByNumber(TierThreshold.TIER_FIELD_NUMBER));

  /** Message types compared as a whole, like scalars. */
  private static final Set<Descriptor> LEAF_MESSAGES =
      Set.of(Money.getDescriptor(), Duration.getDescriptor(), Timestamp.getDescriptor());

  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private PolicyDiff() {}

  /**
   * Changes turning {@code a} into {@code b} (both canonical PolicyContent, possibly
   * CONTENT_NOT_SET), in schema order; empty when they are equal.
   *
   * @throws IllegalArgumentException if a keyed list holds the same key twice (not canonical)
   */
  public static List<PolicyFieldChange> diff(PolicyContent a, PolicyContent b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    List<PolicyFieldChange> changes = new ArrayList<>();
    boolean hasA = a.getContentCase() != PolicyContent.ContentCase.CONTENT_NOT_SET;
    boolean hasB = b.getContentCase() != PolicyContent.ContentCase.CONTENT_NOT_SET;
    if (hasA && hasB) {
      diffMessage("", a, b, changes);
    } else if (hasA) {
      changes.add(removed("", messageJson(a)));
    } else if (hasB) {
      changes.add(added("", messageJson(b)));
    }
    return List.copyOf(changes);
  }

  private static void diffMessage(String path, Message a, Message b, List<PolicyFieldChange> out) {
    for (FieldDescriptor field : a.getDescriptorForType().getFields()) { // field-number order
      String fieldPath = path.isEmpty() ? field.getName() : path + "." + field.getName();
      if (field.isRepeated()) {
        diffRepeated(fieldPath, field, a, b, out);
      } else if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        diffSingularMessage(fieldPath, field, a, b, out);
      } else {
        diffSingularScalar(fieldPath, field, a, b, out);
      }
    }
  }

  private static void diffSingularMessage(
      String path, FieldDescriptor field, Message a, Message b, List<PolicyFieldChange> out) {
    boolean hasA = a.hasField(field);
    boolean hasB = b.hasField(field);
    if (!hasA && !hasB) {
      return;
    }
    if (!hasB) {
      out.add(removed(path, messageJson((Message) a.getField(field))));
    } else if (!hasA) {
      out.add(added(path, messageJson((Message) b.getField(field))));
    } else {
      diffMessageValues(path, (Message) a.getField(field), (Message) b.getField(field), out);
    }
  }

  /** Two messages present on both sides: a leaf compared whole, or recursed into. */
  private static void diffMessageValues(
      String path, Message a, Message b, List<PolicyFieldChange> out) {
    if (LEAF_MESSAGES.contains(a.getDescriptorForType())) {
      if (!a.equals(b)) {
        out.add(changed(path, messageJson(a), messageJson(b)));
      }
    } else {
      diffMessage(path, a, b, out);
    }
  }

  private static void diffSingularScalar(
      String path, FieldDescriptor field, Message a, Message b, List<PolicyFieldChange> out) {
    if (field.hasPresence()) {
      boolean hasA = a.hasField(field);
      boolean hasB = b.hasField(field);
      if (hasA && !hasB) {
        out.add(removed(path, scalarJson(field, a.getField(field))));
        return;
      }
      if (hasB && !hasA) {
        out.add(added(path, scalarJson(field, b.getField(field))));
        return;
      }
      if (!hasA) {
        return;
      }
    }
    Object va = a.getField(field);
    Object vb = b.getField(field);
    if (!va.equals(vb)) {
      out.add(changed(path, scalarJson(field, va), scalarJson(field, vb)));
    }
  }

  private static void diffRepeated(
      String path, FieldDescriptor field, Message a, Message b, List<PolicyFieldChange> out) {
    if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
      List<?> la = (List<?>) a.getField(field);
      List<?> lb = (List<?>) b.getField(field);
      if (!la.equals(lb)) {
        out.add(changed(path, listJson(field, la), listJson(field, lb)));
      }
      return;
    }
    FieldDescriptor keyField = KEYS.get(field);
    if (keyField != null) {
      diffKeyed(path, field, keyField, a, b, out);
      return;
    }
    int countA = a.getRepeatedFieldCount(field);
    int countB = b.getRepeatedFieldCount(field);
    for (int i = 0; i < Math.max(countA, countB); i++) {
      String elementPath = path + "[" + i + "]";
      if (i >= countB) {
        out.add(removed(elementPath, messageJson((Message) a.getRepeatedField(field, i))));
      } else if (i >= countA) {
        out.add(added(elementPath, messageJson((Message) b.getRepeatedField(field, i))));
      } else {
        diffMessageValues(
            elementPath,
            (Message) a.getRepeatedField(field, i),
            (Message) b.getRepeatedField(field, i),
            out);
      }
    }
  }

  private static void diffKeyed(
      String path,
      FieldDescriptor field,
      FieldDescriptor keyField,
      Message a,
      Message b,
      List<PolicyFieldChange> out) {
    Map<Key, Message> byKeyA = byKey(path, field, keyField, a);
    Map<Key, Message> byKeyB = byKey(path, field, keyField, b);
    TreeMap<Key, Boolean> keys = new TreeMap<>(Key.ORDER);
    byKeyA.keySet().forEach(k -> keys.put(k, true));
    byKeyB.keySet().forEach(k -> keys.put(k, true));
    for (Key key : keys.keySet()) {
      String elementPath = path + "[" + keyField.getName() + "=" + key.text() + "]";
      Message ea = byKeyA.get(key);
      Message eb = byKeyB.get(key);
      if (eb == null) {
        out.add(removed(elementPath, messageJson(ea)));
      } else if (ea == null) {
        out.add(added(elementPath, messageJson(eb)));
      } else {
        diffMessage(elementPath, ea, eb, out);
      }
    }
  }

  private static Map<Key, Message> byKey(
      String path, FieldDescriptor field, FieldDescriptor keyField, Message owner) {
    Map<Key, Message> result = new TreeMap<>(Key.ORDER);
    for (int i = 0; i < owner.getRepeatedFieldCount(field); i++) {
      Message element = (Message) owner.getRepeatedField(field, i);
      Key key = Key.of(element.getField(keyField));
      if (result.put(key, element) != null) {
        throw new IllegalArgumentException(
            "duplicate key " + keyField.getName() + "=" + key.text() + " in " + path);
      }
    }
    return result;
  }

  /** A keyed-list key: a string, or an enum (ordered by number, addressed by name). */
  private record Key(int number, String text) {
    static final Comparator<Key> ORDER =
        Comparator.comparingInt(Key::number).thenComparing(Key::text);

    static Key of(Object value) {
      if (value instanceof EnumValueDescriptor e) {
        return new Key(e.getNumber(), enumName(e));
      }
      return new Key(0, (String) value);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JSON values
  // ---------------------------------------------------------------------------------------------

  private static String messageJson(MessageOrBuilder message) {
    try {
      return JSON.print(message);
    } catch (InvalidProtocolBufferException e) {
      // Only thrown for Any with an unknown type, which policy content never holds.
      throw new IllegalStateException("cannot print " + message.getDescriptorForType(), e);
    }
  }

  private static String listJson(FieldDescriptor field, List<?> values) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(scalarJson(field, values.get(i)));
    }
    return json.append(']').toString();
  }

  /**
   * One scalar or enum value as proto3 JSON, formatted by {@link JsonFormat} itself through the
   * matching wrapper type (which prints as its bare value).
   */
  private static String scalarJson(FieldDescriptor field, Object value) {
    return switch (field.getType()) {
      case ENUM -> {
        EnumValueDescriptor e = (EnumValueDescriptor) value;
        // JsonFormat prints a value the schema does not know by its number.
        yield e.getIndex() == -1 ? Integer.toString(e.getNumber()) : "\"" + e.getName() + "\"";
      }
      case INT32, SINT32, SFIXED32 -> messageJson(Int32Value.of((Integer) value));
      case UINT32, FIXED32 -> messageJson(UInt32Value.of((Integer) value));
      case INT64, SINT64, SFIXED64 -> messageJson(Int64Value.of((Long) value));
      case UINT64, FIXED64 -> messageJson(UInt64Value.of((Long) value));
      case BOOL -> messageJson(BoolValue.of((Boolean) value));
      case FLOAT -> messageJson(FloatValue.of((Float) value));
      case DOUBLE -> messageJson(DoubleValue.of((Double) value));
      case STRING -> messageJson(StringValue.of((String) value));
      case BYTES -> messageJson(BytesValue.of((ByteString) value));
      case MESSAGE, GROUP -> messageJson((Message) value);
    };
  }

  private static String enumName(EnumValueDescriptor e) {
    return e.getIndex() == -1 ? Integer.toString(e.getNumber()) : e.getName();
  }

  // ---------------------------------------------------------------------------------------------
  // Changes
  // ---------------------------------------------------------------------------------------------

  private static PolicyFieldChange added(String path, String newJson) {
    return change(path, PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_ADDED, "", newJson);
  }

  private static PolicyFieldChange removed(String path, String oldJson) {
    return change(path, PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_REMOVED, oldJson, "");
  }

  private static PolicyFieldChange changed(String path, String oldJson, String newJson) {
    return change(path, PolicyFieldChangeKind.POLICY_FIELD_CHANGE_KIND_CHANGED, oldJson, newJson);
  }

  private static PolicyFieldChange change(
      String path, PolicyFieldChangeKind kind, String oldJson, String newJson) {
    return PolicyFieldChange.newBuilder()
        .setFieldPath(path)
        .setChangeKind(kind)
        .setOldValueJson(oldJson)
        .setNewValueJson(newJson)
        .build();
  }
}
