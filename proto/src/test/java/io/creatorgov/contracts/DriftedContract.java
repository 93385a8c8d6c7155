package io.creatorgov.contracts;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;

/** A contract file that breaks every shape rule once, to prove the rules catch drift. */
final class DriftedContract {
  private DriftedContract() {}

  static FileDescriptorProto file() {
    DescriptorProto reference =
        DescriptorProto.newBuilder()
            .setName("PolicyReference")
            .addField(field("policy_key", 1, Type.TYPE_STRING))
            .addField(field("policy_version", 2, Type.TYPE_INT32))
            .build();
    DescriptorProto hold =
        DescriptorProto.newBuilder()
            .setName("Hold")
            .addField(field("name", 1, Type.TYPE_STRING))
            .addField(message("held_until", 2, ".google.protobuf.Timestamp"))
            .addField(field("amount_minor", 3, Type.TYPE_INT64))
            .addField(field("policy_key", 4, Type.TYPE_STRING))
            .addField(field("policy_version", 5, Type.TYPE_INT32))
            .addField(field("resume_token", 6, Type.TYPE_STRING))
            .addField(field("sequence", 7, Type.TYPE_INT64))
            .addField(field("active_points", 8, Type.TYPE_INT32))
            .addField(field("health_score", 9, Type.TYPE_INT32))
            .addField(field("etag", 10, Type.TYPE_STRING))
            .build();
    DescriptorProto updateRequest =
        DescriptorProto.newBuilder()
            .setName("UpdateHoldRequest")
            .addField(message("hold", 1, ".drift.v1.Hold"))
            .addField(message("update_mask", 2, ".google.protobuf.FieldMask"))
            .addField(field("request_id", 3, Type.TYPE_STRING))
            .build();
    DescriptorProto listRequest =
        DescriptorProto.newBuilder()
            .setName("ListHoldsRequest")
            .addField(field("limit", 1, Type.TYPE_INT32))
            .build();
    DescriptorProto listResponse =
        DescriptorProto.newBuilder()
            .setName("ListHoldsResponse")
            .addField(
                message("holds", 1, ".drift.v1.Hold").toBuilder().setLabel(Label.LABEL_REPEATED))
            .build();
    DescriptorProto streamResponse =
        DescriptorProto.newBuilder()
            .setName("StreamHoldsResponse")
            .addField(message("hold", 1, ".drift.v1.Hold"))
            .build();
    ServiceDescriptorProto service =
        ServiceDescriptorProto.newBuilder()
            .setName("DriftService")
            .addMethod(method("UpdateHold", ".drift.v1.UpdateHoldRequest", ".drift.v1.Hold", false))
            .addMethod(
                method(
                    "ListHolds",
                    ".drift.v1.ListHoldsRequest",
                    ".drift.v1.ListHoldsResponse",
                    false))
            .addMethod(
                method(
                    "StreamHolds",
                    ".drift.v1.ListHoldsRequest",
                    ".drift.v1.StreamHoldsResponse",
                    true))
            .build();
    return FileDescriptorProto.newBuilder()
        .setName("drift/v1/drift.proto")
        .setPackage("drift.v1")
        .addMessageType(reference)
        .addMessageType(hold)
        .addMessageType(updateRequest)
        .addMessageType(listRequest)
        .addMessageType(listResponse)
        .addMessageType(streamResponse)
        .addService(service)
        .build();
  }

  private static FieldDescriptorProto field(String name, int number, Type type) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(type)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static FieldDescriptorProto message(String name, int number, String typeName) {
    return FieldDescriptorProto.newBuilder()
        .setName(name)
        .setNumber(number)
        .setType(Type.TYPE_MESSAGE)
        .setTypeName(typeName)
        .setLabel(Label.LABEL_OPTIONAL)
        .build();
  }

  private static MethodDescriptorProto method(
      String name, String input, String output, boolean serverStreaming) {
    return MethodDescriptorProto.newBuilder()
        .setName(name)
        .setInputType(input)
        .setOutputType(output)
        .setServerStreaming(serverStreaming)
        .build();
  }
}
