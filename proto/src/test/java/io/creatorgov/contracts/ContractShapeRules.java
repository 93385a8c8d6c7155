package io.creatorgov.contracts;

import com.google.api.FieldBehavior;
import com.google.api.FieldBehaviorProto;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The "one shape per concept" rules of the contracts (ApiConventions in common), as pure checks
 * over descriptors. Each check returns one line per violation, so a test can assert both that the
 * real contracts have none and that a deliberately inconsistent descriptor is caught.
 */
final class ContractShapeRules {
  static final String COMMON = "creatorgov.common.v1";
  private static final String TIMESTAMP = ".google.protobuf.Timestamp";
  private static final String FIELD_MASK = ".google.protobuf.FieldMask";
  private static final String MONEY = "." + COMMON + ".Money";
  private static final String ENVELOPE = "." + COMMON + ".EventEnvelope";
  private static final String CHECKPOINT = "." + COMMON + ".FeedCheckpoint";

  private final List<FileDescriptorProto> files;
  private final Map<String, DescriptorProto> messages = new HashMap<>();

  ContractShapeRules(List<FileDescriptorProto> files) {
    this.files = files;
    for (FileDescriptorProto file : files) {
      for (DescriptorProto m : file.getMessageTypeList()) {
        index("." + file.getPackage() + "." + m.getName(), m);
      }
    }
  }

  private void index(String fullName, DescriptorProto message) {
    messages.put(fullName, message);
    for (DescriptorProto nested : message.getNestedTypeList()) {
      index(fullName + "." + nested.getName(), nested);
    }
  }

  /** Every message of the service packages (not common), with its full name. */
  private List<Map.Entry<String, DescriptorProto>> serviceMessages() {
    List<Map.Entry<String, DescriptorProto>> out = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      if (file.getPackage().equals(COMMON)) {
        continue;
      }
      for (DescriptorProto m : file.getMessageTypeList()) {
        out.add(Map.entry(file.getPackage() + "." + m.getName(), m));
      }
    }
    return out;
  }

  private List<Map.Entry<String, DescriptorProto>> allMessages() {
    List<Map.Entry<String, DescriptorProto>> out = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      for (DescriptorProto m : file.getMessageTypeList()) {
        out.add(Map.entry(file.getPackage() + "." + m.getName(), m));
      }
    }
    return out;
  }

  private List<String[]> methods() {
    List<String[]> out = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      for (ServiceDescriptorProto service : file.getServiceList()) {
        for (MethodDescriptorProto method : service.getMethodList()) {
          out.add(
              new String[] {
                service.getName() + "." + method.getName(),
                method.getName(),
                method.getInputType(),
                method.getOutputType(),
                Boolean.toString(method.getServerStreaming())
              });
        }
      }
    }
    return out;
  }

  private static Optional<FieldDescriptorProto> field(DescriptorProto m, String name) {
    return m.getFieldList().stream().filter(f -> f.getName().equals(name)).findFirst();
  }

  private static boolean isRequest(String name) {
    return name.endsWith("Request") || name.endsWith("Response");
  }

  /** List RPCs: page_size/page_token in, next_page_token and a repeated message field out. */
  List<String> listShape() {
    List<String> out = new ArrayList<>();
    for (String[] m : methods()) {
      if (!m[1].startsWith("List")) {
        continue;
      }
      DescriptorProto request = messages.get(m[2]);
      DescriptorProto response = messages.get(m[3]);
      if (field(request, "page_size").map(f -> f.getType() != Type.TYPE_INT32).orElse(true)) {
        out.add(m[0] + ": request lacks int32 page_size");
      }
      if (field(request, "page_token").map(f -> f.getType() != Type.TYPE_STRING).orElse(true)) {
        out.add(m[0] + ": request lacks string page_token");
      }
      if (field(response, "next_page_token")
          .map(f -> f.getType() != Type.TYPE_STRING)
          .orElse(true)) {
        out.add(m[0] + ": response lacks string next_page_token");
      }
      boolean hasItems =
          response.getFieldList().stream()
              .anyMatch(
                  f -> f.getLabel() == Label.LABEL_REPEATED && f.getType() == Type.TYPE_MESSAGE);
      if (!hasItems) {
        out.add(m[0] + ": response has no repeated resource field");
      }
    }
    return out;
  }

  /** Update RPCs: top-level REQUIRED id, REQUIRED update_mask, etag, request_id. */
  List<String> updateShape() {
    List<String> out = new ArrayList<>();
    for (String[] m : methods()) {
      if (!m[1].startsWith("Update")) {
        continue;
      }
      DescriptorProto request = messages.get(m[2]);
      Optional<FieldDescriptorProto> mask = field(request, "update_mask");
      if (mask.isEmpty() || !mask.get().getTypeName().equals(FIELD_MASK)) {
        out.add(m[0] + ": no google.protobuf.FieldMask update_mask");
      } else if (!behaviours(mask.get()).contains(FieldBehavior.REQUIRED)) {
        out.add(m[0] + ": update_mask is not REQUIRED (an empty mask must be refused everywhere)");
      }
      if (field(request, "etag").isEmpty()) {
        out.add(m[0] + ": no etag");
      }
      if (field(request, "request_id").isEmpty()) {
        out.add(m[0] + ": no request_id");
      }
      boolean topLevelId =
          request.getFieldList().stream()
              .anyMatch(
                  f ->
                      f.getType() == Type.TYPE_STRING
                          && (f.getName().endsWith("_id") || f.getName().endsWith("_key"))
                          && !f.getName().equals("request_id")
                          && behaviours(f).contains(FieldBehavior.REQUIRED));
      if (!topLevelId) {
        out.add(m[0] + ": the resource is not identified by a top-level REQUIRED id field");
      }
    }
    return out;
  }

  /** AIP-142: every Timestamp field ends in {@code _time} (or is {@code time} itself: none is). */
  List<String> timestampNames() {
    List<String> out = new ArrayList<>();
    forEachField(
        (owner, f) -> {
          if (TIMESTAMP.equals(f.getTypeName()) && !f.getName().endsWith("_time")) {
            out.add(owner + "." + f.getName() + ": a timestamp whose name does not end in _time");
          }
        });
    return out;
  }

  /** Money is {@code Money}: no bare minor-unit integers or "amount" fields of another type. */
  List<String> moneyAsMoney() {
    List<String> out = new ArrayList<>();
    forEachField(
        (owner, f) -> {
          if (owner.equals(COMMON + ".Money")) {
            return;
          }
          String n = f.getName();
          boolean moneyName =
              n.endsWith("_minor") || n.contains("amount") || n.equals("gmv") || n.endsWith("_gmv");
          if (moneyName && f.getType() != Type.TYPE_MESSAGE) {
            out.add(owner + "." + n + ": money must be creatorgov.common.v1.Money");
          } else if (moneyName
              && !MONEY.equals(f.getTypeName())
              && !n.endsWith("_time")
              && !n.endsWith("_reported")) {
            out.add(owner + "." + n + ": money must be creatorgov.common.v1.Money");
          }
        });
    return out;
  }

  /**
   * Feeds: every server-streaming RPC answers {@code oneof item { <Event> event; FeedCheckpoint
   * checkpoint; }} and the event starts with the shared EventEnvelope; no other message re-invents
   * the envelope (a {@code sequence} with a {@code resume_token}).
   */
  List<String> feedShape() {
    List<String> out = new ArrayList<>();
    int streams = 0;
    for (String[] m : methods()) {
      if (!Boolean.parseBoolean(m[4])) {
        continue;
      }
      streams++;
      DescriptorProto response = messages.get(m[3]);
      Optional<FieldDescriptorProto> event = field(response, "event");
      Optional<FieldDescriptorProto> checkpoint = field(response, "checkpoint");
      if (event.isEmpty() || checkpoint.isEmpty()) {
        out.add(m[0] + ": response is not an event-or-checkpoint");
        continue;
      }
      if (!CHECKPOINT.equals(checkpoint.get().getTypeName())) {
        out.add(m[0] + ": checkpoint is not creatorgov.common.v1.FeedCheckpoint");
      }
      if (!event.get().hasOneofIndex()
          || !checkpoint.get().hasOneofIndex()
          || event.get().getOneofIndex() != checkpoint.get().getOneofIndex()
          || response.getFieldCount() != 2) {
        out.add(m[0] + ": event and checkpoint must be the only fields, in one oneof");
      }
      DescriptorProto eventMessage = messages.get(event.get().getTypeName());
      if (eventMessage == null
          || eventMessage.getFieldCount() == 0
          || !eventMessage.getField(0).getName().equals("envelope")
          || !ENVELOPE.equals(eventMessage.getField(0).getTypeName())) {
        out.add(
            m[0] + ": the event does not start with creatorgov.common.v1.EventEnvelope envelope");
      }
    }
    if (streams < 4) {
      out.add("expected a change feed on each of the four services, found " + streams);
    }
    for (Map.Entry<String, DescriptorProto> e : serviceMessages()) {
      if (isRequest(e.getKey())) {
        continue;
      }
      if (field(e.getValue(), "resume_token").isPresent()) {
        out.add(e.getKey() + ": re-invents the feed envelope (use EventEnvelope / FeedCheckpoint)");
      }
    }
    return out;
  }

  /**
   * No shared concept is defined twice: service packages do not re-declare a common message or enum
   * name, and a non-request message citing a policy version uses {@code PolicyRef}.
   */
  List<String> sharedConceptsLiveInCommon() {
    List<String> out = new ArrayList<>();
    Set<String> commonNames = new HashSet<>();
    for (FileDescriptorProto file : files) {
      if (file.getPackage().equals(COMMON)) {
        file.getMessageTypeList().forEach(m -> commonNames.add(m.getName()));
        file.getEnumTypeList().forEach(e -> commonNames.add(e.getName()));
      }
    }
    commonNames.add("PolicyReference");
    for (FileDescriptorProto file : files) {
      if (file.getPackage().equals(COMMON)) {
        continue;
      }
      for (DescriptorProto m : file.getMessageTypeList()) {
        if (commonNames.contains(m.getName())) {
          out.add(
              file.getPackage() + "." + m.getName() + ": duplicates a shared concept of common");
        }
      }
      for (EnumDescriptorProto e : file.getEnumTypeList()) {
        if (commonNames.contains(e.getName())) {
          out.add(file.getPackage() + "." + e.getName() + ": duplicates a shared enum of common");
        }
      }
    }
    for (Map.Entry<String, DescriptorProto> e : serviceMessages()) {
      if (isRequest(e.getKey())) {
        continue;
      }
      // A message whose policy_key is REQUIRED is caller input naming a policy (for example the
      // version a creator acknowledges), not a reference the service reports.
      Optional<FieldDescriptorProto> key = field(e.getValue(), "policy_key");
      if (key.isPresent()
          && !behaviours(key.get()).contains(FieldBehavior.REQUIRED)
          && field(e.getValue(), "policy_version").isPresent()) {
        out.add(e.getKey() + ": cites a policy version without creatorgov.common.v1.PolicyRef");
      }
    }
    return out;
  }

  /** Resources (messages with an etag) call their human-readable name {@code display_name}. */
  List<String> displayNames() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, DescriptorProto> e : allMessages()) {
      DescriptorProto m = e.getValue();
      if (field(m, "etag").isEmpty()) {
        continue;
      }
      for (String bad : List.of("name", "title", "display", "label")) {
        if (field(m, bad).isPresent()) {
          out.add(e.getKey() + "." + bad + ": a resource's human-readable name is display_name");
        }
      }
    }
    return out;
  }

  /**
   * Standing values are a oneof per model: a message never carries a points value and a score value
   * side by side outside a oneof ("0 for the other model").
   */
  List<String> standingOneofPerModel() {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, DescriptorProto> e : allMessages()) {
      if (e.getKey().startsWith("creatorgov.policy.v1.")) {
        continue; // rule content: each standing model already has its own message
      }
      DescriptorProto m = e.getValue();
      boolean points = false;
      boolean score = false;
      for (FieldDescriptorProto f : m.getFieldList()) {
        if (f.hasOneofIndex() || f.getType() != Type.TYPE_INT32) {
          continue;
        }
        points |= f.getName().contains("points");
        score |= f.getName().contains("score");
      }
      if (points && score) {
        out.add(e.getKey() + ": points and score side by side; use a oneof per standing model");
      }
    }
    return out;
  }

  private interface FieldVisitor {
    void visit(String owner, FieldDescriptorProto field);
  }

  private void forEachField(FieldVisitor visitor) {
    for (FileDescriptorProto file : files) {
      for (DescriptorProto m : file.getMessageTypeList()) {
        visitFields(file.getPackage() + "." + m.getName(), m, visitor);
      }
    }
  }

  private static void visitFields(String owner, DescriptorProto m, FieldVisitor visitor) {
    for (FieldDescriptorProto f : m.getFieldList()) {
      visitor.visit(owner, f);
    }
    for (DescriptorProto nested : m.getNestedTypeList()) {
      visitFields(owner + "." + nested.getName(), nested, visitor);
    }
  }

  /** The google.api.field_behavior values of a field (read from its options' extension). */
  static List<FieldBehavior> behaviours(FieldDescriptorProto field) {
    ExtensionRegistry registry = ExtensionRegistry.newInstance();
    FieldBehaviorProto.registerAllExtensions(registry);
    try {
      return com.google.protobuf.DescriptorProtos.FieldOptions.parseFrom(
              field.getOptions().toByteString(), registry)
          .getExtension(FieldBehaviorProto.fieldBehavior);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
