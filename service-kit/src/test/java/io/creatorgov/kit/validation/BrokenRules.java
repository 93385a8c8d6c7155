package io.creatorgov.kit.validation;

import build.buf.validate.FieldRules;
import build.buf.validate.Rule;
import build.buf.validate.ValidateProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldOptions;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;

/** A message type whose protovalidate rule does not compile: a contract bug, never bad input. */
final class BrokenRules {
  static final Descriptors.Descriptor TYPE = build();

  private BrokenRules() {}

  static DynamicMessage message(String name) {
    return DynamicMessage.newBuilder(TYPE).setField(TYPE.findFieldByName("name"), name).build();
  }

  private static Descriptors.Descriptor build() {
    FileDescriptorProto file =
        FileDescriptorProto.newBuilder()
            .setName("test/broken/v1/broken.proto")
            .setPackage("test.broken.v1")
            .setSyntax("proto3")
            .addDependency("buf/validate/validate.proto")
            .addMessageType(
                DescriptorProto.newBuilder()
                    .setName("Broken")
                    .addField(
                        FieldDescriptorProto.newBuilder()
                            .setName("name")
                            .setNumber(1)
                            .setType(FieldDescriptorProto.Type.TYPE_STRING)
                            .setOptions(
                                FieldOptions.newBuilder()
                                    .setExtension(
                                        ValidateProto.field,
                                        FieldRules.newBuilder()
                                            .addCel(
                                                Rule.newBuilder()
                                                    .setId("broken")
                                                    .setExpression("this +"))
                                            .build()))))
            .build();
    try {
      return Descriptors.FileDescriptor.buildFrom(
              file, new Descriptors.FileDescriptor[] {ValidateProto.getDescriptor()})
          .findMessageTypeByName("Broken");
    } catch (Descriptors.DescriptorValidationException e) {
      throw new IllegalStateException(e);
    }
  }
}
