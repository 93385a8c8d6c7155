package io.creatorgov.contracts.docs;

import static org.assertj.core.api.Assertions.assertThat;

import build.buf.validate.EnumRules;
import build.buf.validate.FieldRules;
import build.buf.validate.Ignore;
import build.buf.validate.Int32Rules;
import build.buf.validate.MessageOneofRule;
import build.buf.validate.MessageRules;
import build.buf.validate.RepeatedRules;
import build.buf.validate.Rule;
import build.buf.validate.StringRules;
import build.buf.validate.TimestampRules;
import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API reference shows each field's protovalidate rules. */
class ApiReferenceConstraintsTest {
  private static final Path DESCRIPTORS =
      Path.of("target", "descriptors", "creatorgov-v1-documented.binpb");

  @Test
  void moneyCurrencyCodeShowsItsPatternInTheRenderedReference() throws IOException {
    FileDescriptorSet set;
    try (InputStream in = Files.newInputStream(DESCRIPTORS)) {
      // Parsed without an extension registry, as the build does: the rules are unknown fields.
      set = FileDescriptorSet.parseFrom(in);
    }

    String reference = ApiReferenceGenerator.render(set);

    String money =
        reference.substring(
            reference.indexOf("### message Money"),
            reference.indexOf("\n### ", reference.indexOf("### message Money") + 1));
    String row =
        money
            .lines()
            .filter(l -> l.startsWith("| 2 | `currency_code` | `string` |"))
            .findFirst()
            .orElseThrow();
    assertThat(row).startsWith("| 2 | `currency_code` | `string` | ISO 4217 alphabetic code");
    assertThat(row).endsWith("<br>**Constraints:** pattern `^[A-Z]{3}$` |");
    assertThat(money).contains("| 1 | `amount_minor` | `int64` |");
    assertThat(money.lines().filter(l -> l.contains("`amount_minor`")).findFirst().orElseThrow())
        .doesNotContain("Constraints");
    // only the contracts are rendered, not the imported buf.validate package
    assertThat(reference).doesNotContain("### message FieldRules");
  }

  @Test
  void everyKindOfFieldRuleReadsCompactly() throws InvalidProtocolBufferException {
    FileDescriptorSet set =
        FileDescriptorSet.newBuilder()
            .addFile(
                FileDescriptorProto.newBuilder()
                    .setName("test/v1/t.proto")
                    .setPackage("test.v1")
                    .addEnumType(
                        EnumDescriptorProto.newBuilder()
                            .setName("Colour")
                            .addValue(value("COLOUR_UNSPECIFIED", 0))
                            .addValue(value("COLOUR_RED", 1))))
            .build();
    ValidationRulesText text = new ValidationRulesText(set);

    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_STRING,
                    null,
                    FieldRules.newBuilder()
                        .setRequired(true)
                        .setString(StringRules.newBuilder().setMinLen(1).setMaxLen(128)))))
        .isEqualTo("required; min length 1; max length 128");
    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_INT32,
                    null,
                    FieldRules.newBuilder()
                        .setInt32(Int32Rules.newBuilder().setLte(1000).setGte(0)))))
        .isEqualTo(">= 0; <= 1000");
    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_INT32,
                    null,
                    FieldRules.newBuilder().setInt32(Int32Rules.newBuilder().setGt(0).setLt(10)))))
        .isEqualTo("> 0; < 10");
    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_ENUM,
                    ".test.v1.Colour",
                    FieldRules.newBuilder()
                        .setEnum(EnumRules.newBuilder().setDefinedOnly(true).addNotIn(0)))))
        .isEqualTo("defined values only; not in [`COLOUR_UNSPECIFIED`]");
    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_STRING,
                    null,
                    FieldRules.newBuilder()
                        .setRepeated(
                            RepeatedRules.newBuilder()
                                .setMinItems(1)
                                .setMaxItems(20)
                                .setUnique(true)
                                .setItems(
                                    FieldRules.newBuilder()
                                        .setString(StringRules.newBuilder().setMaxLen(64)))))))
        .isEqualTo("min 1 items; max 20 items; unique items; each item: (max length 64)");
    assertThat(
            text.field(
                field(
                    FieldDescriptorProto.Type.TYPE_MESSAGE,
                    ".google.protobuf.Timestamp",
                    FieldRules.newBuilder()
                        .setIgnore(Ignore.IGNORE_IF_ZERO_VALUE)
                        .setTimestamp(TimestampRules.newBuilder().setLtNow(true))
                        .addCel(
                            Rule.newBuilder()
                                .setId("window.order")
                                .setMessage("must be after start_time")
                                .setExpression("true")))))
        .isEqualTo(
            "checked only when set; before now; rule `window.order`: must be after start_time");
    assertThat(text.field(field(FieldDescriptorProto.Type.TYPE_STRING, null, null))).isEmpty();
  }

  @Test
  void messageRulesReadAsOneLine() throws InvalidProtocolBufferException {
    DescriptorProto message =
        DescriptorProto.parseFrom(
            DescriptorProto.newBuilder()
                .setName("Pick")
                .setOptions(
                    MessageOptions.newBuilder()
                        .setExtension(
                            ValidateProto.message,
                            MessageRules.newBuilder()
                                .addOneof(
                                    MessageOneofRule.newBuilder()
                                        .addAllFields(List.of("a", "b"))
                                        .setRequired(true))
                                .build()))
                .build()
                .toByteString());

    assertThat(new ValidationRulesText(FileDescriptorSet.getDefaultInstance()).message(message))
        .isEqualTo("exactly one of `a`, `b`");
  }

  /** A field whose rules arrive as unknown fields, the way a descriptor set is usually read. */
  private static FieldDescriptorProto field(
      FieldDescriptorProto.Type type, String typeName, FieldRules.Builder rules)
      throws InvalidProtocolBufferException {
    FieldDescriptorProto.Builder field =
        FieldDescriptorProto.newBuilder().setName("f").setNumber(1).setType(type);
    if (typeName != null) {
      field.setTypeName(typeName);
    }
    if (rules != null) {
      field.setOptions(
          FieldOptions.newBuilder().setExtension(ValidateProto.field, rules.build()).build());
    }
    return FieldDescriptorProto.parseFrom(field.build().toByteString());
  }

  private static EnumValueDescriptorProto.Builder value(String name, int number) {
    return EnumValueDescriptorProto.newBuilder().setName(name).setNumber(number);
  }
}
