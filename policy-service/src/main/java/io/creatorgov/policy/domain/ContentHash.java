package io.creatorgov.policy.domain;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import io.creatorgov.policy.v1.PolicyContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The {@code content_hash} of resolved content ({@code ResolvedPolicy.content_hash}): SHA-256 of
 * the deterministic protobuf binary serialization (fields in field-number order, no unknown fields)
 * as 64 lower-case hex characters. Equal content gives an equal hash across markets and versions,
 * provided it is in canonical form ({@link OverlayMerger#canonical}); this class hashes the content
 * as given and does not canonicalize it.
 */
public final class ContentHash {

  private ContentHash() {}

  /** SHA-256 hex (lower case, 64 characters) of the canonical content's deterministic bytes. */
  public static String sha256Hex(PolicyContent canonical) {
    Message content = withoutUnknownFields(canonical);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(content.getSerializedSize());
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      content.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return HexFormat.of().formatHex(sha256().digest(bytes.toByteArray()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** A copy without unknown fields at any depth (they may linger from parsing newer writers). */
  private static Message withoutUnknownFields(Message message) {
    Message.Builder builder = message.toBuilder();
    builder.setUnknownFields(UnknownFieldSet.getDefaultInstance());
    for (Map.Entry<FieldDescriptor, Object> entry : message.getAllFields().entrySet()) {
      FieldDescriptor field = entry.getKey();
      if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
        continue;
      }
      if (field.isRepeated()) {
        for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
          builder.setRepeatedField(
              field, i, withoutUnknownFields((Message) message.getRepeatedField(field, i)));
        }
      } else {
        builder.setField(field, withoutUnknownFields((Message) entry.getValue()));
      }
    }
    return builder.build();
  }
}
