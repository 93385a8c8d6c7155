package io.creatorgov.kit.idempotency;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A stable fingerprint of a command's content: SHA-256 (hex) of the deterministic serialization of
 * the request with its {@code request_id} field cleared, so a replay of the same command matches
 * and a different command under a reused id does not.
 */
public final class RequestFingerprint {
  private RequestFingerprint() {}

  public static String of(Message request) {
    Message.Builder builder = request.toBuilder();
    for (String ignored : new String[] {"request_id"}) { // the id itself never counts
      FieldDescriptor field = request.getDescriptorForType().findFieldByName(ignored);
      if (field != null) {
        builder.clearField(field);
      }
    }
    Message normalized = builder.build();
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      normalized.writeTo(out);
      out.flush();
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(normalized.getDescriptorForType().getFullName().getBytes());
      sha.update((byte) 0);
      return HexFormat.of().formatHex(sha.digest(bytes.toByteArray()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
