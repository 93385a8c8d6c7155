package io.creatorgov.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.MethodDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.creatorgov.contracts.docs.ApiReferenceGenerator;
import io.creatorgov.contracts.docs.ApiReferenceGenerator.Comments;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules of the v1 contracts, checked on the compiled descriptors (with comments) so a
 * contract that breaks them fails the build, not just a lint run.
 */
class ContractConventionsTest {
  private static final Path DESCRIPTORS =
      Path.of("target", "descriptors", "creatorgov-v1-documented.binpb");
  private static final Set<String> SERVICE_PACKAGES =
      Set.of(
          "creatorgov.creator.v1",
          "creatorgov.policy.v1",
          "creatorgov.enforcement.v1",
          "creatorgov.incentive.v1");

  /** Read-only verbs: everything else changes state and must be idempotent by request id. */
  private static final Pattern READ_ONLY =
      Pattern.compile("^(Get|List|Check|BatchCheck|Resolve|Diff|Stream|Watch|Simulate)[A-Z].*");

  private static List<FileDescriptorProto> files;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream in = Files.newInputStream(DESCRIPTORS)) {
      files =
          FileDescriptorSet.parseFrom(in).getFileList().stream()
              .filter(f -> f.getName().startsWith("creatorgov/"))
              .toList();
    }
    assertThat(files).hasSizeGreaterThan(10);
  }

  @Test
  void everyPackageIsVersionedAndMapsToItsJavaPackage() {
    for (FileDescriptorProto file : files) {
      assertThat(file.getPackage()).as(file.getName()).matches("creatorgov\\.[a-z]+\\.v1");
      assertThat(file.getName()).startsWith(file.getPackage().replace('.', '/') + "/");
      assertThat(file.getOptions().getJavaPackage())
          .as(file.getName())
          .isEqualTo("io." + file.getPackage().replace("creatorgov.", "creatorgov."));
      assertThat(file.getOptions().getJavaMultipleFiles()).as(file.getName()).isTrue();
    }
  }

  @Test
  void servicesShareOnlyTheCommonPackage() {
    Map<String, String> packageOfFile = new HashMap<>();
    files.forEach(f -> packageOfFile.put(f.getName(), f.getPackage()));
    for (FileDescriptorProto file : files) {
      for (String dependency : file.getDependencyList()) {
        String dependencyPackage = packageOfFile.get(dependency);
        if (dependencyPackage != null && !dependencyPackage.equals(file.getPackage())) {
          assertThat(dependencyPackage)
              .as("%s imports %s", file.getName(), dependency)
              .isEqualTo("creatorgov.common.v1");
        }
      }
    }
  }

  @Test
  void everyElementHasAComment() {
    List<String> undocumented = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      Comments comments = new Comments(file.getSourceCodeInfo());
      for (int s = 0; s < file.getServiceCount(); s++) {
        ServiceDescriptorProto service = file.getService(s);
        check(undocumented, comments, List.of(6, s), service.getName());
        for (int m = 0; m < service.getMethodCount(); m++) {
          check(
              undocumented,
              comments,
              List.of(6, s, 2, m),
              service.getName() + "." + service.getMethod(m).getName());
        }
      }
      for (int i = 0; i < file.getMessageTypeCount(); i++) {
        checkMessage(undocumented, comments, file.getMessageType(i), List.of(4, i));
      }
      for (int i = 0; i < file.getEnumTypeCount(); i++) {
        checkEnum(undocumented, comments, file.getEnumType(i), List.of(5, i));
      }
    }
    assertThat(undocumented).as("elements without a leading comment").isEmpty();
  }

  @Test
  void everyRpcDocumentsItsRolesAndErrors() {
    List<String> missing = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      Comments comments = new Comments(file.getSourceCodeInfo());
      for (int s = 0; s < file.getServiceCount(); s++) {
        for (int m = 0; m < file.getService(s).getMethodCount(); m++) {
          String text = comments.of(6, s, 2, m);
          String name = file.getService(s).getMethod(m).getName();
          if (!text.contains("Roles")) {
            missing.add(name + ": no 'Roles'");
          }
          if (!text.contains("Errors")) {
            missing.add(name + ": no 'Errors'");
          }
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void everyCommandTakesARequestId() {
    Map<String, DescriptorProto> messages = new HashMap<>();
    for (FileDescriptorProto file : files) {
      for (DescriptorProto m : file.getMessageTypeList()) {
        messages.put("." + file.getPackage() + "." + m.getName(), m);
      }
    }
    List<String> withoutRequestId = new ArrayList<>();
    int commands = 0;
    for (FileDescriptorProto file : files) {
      if (!SERVICE_PACKAGES.contains(file.getPackage())) {
        continue;
      }
      for (ServiceDescriptorProto service : file.getServiceList()) {
        for (MethodDescriptorProto method : service.getMethodList()) {
          if (READ_ONLY.matcher(method.getName()).matches()) {
            continue;
          }
          commands++;
          DescriptorProto request = messages.get(method.getInputType());
          boolean hasRequestId =
              request.getFieldList().stream()
                  .anyMatch(
                      f ->
                          f.getName().equals("request_id")
                              && f.getType() == FieldDescriptorProto.Type.TYPE_STRING);
          if (!hasRequestId) {
            withoutRequestId.add(service.getName() + "." + method.getName());
          }
        }
      }
    }
    assertThat(commands).isGreaterThan(30);
    assertThat(withoutRequestId).as("commands without string request_id").isEmpty();
  }

  @Test
  void everyEnumStartsWithAnUnspecifiedZero() {
    List<String> wrong = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      List<EnumDescriptorProto> enums = new ArrayList<>(file.getEnumTypeList());
      file.getMessageTypeList().forEach(m -> collectEnums(m, enums));
      for (EnumDescriptorProto e : enums) {
        if (e.getValue(0).getNumber() != 0 || !e.getValue(0).getName().endsWith("_UNSPECIFIED")) {
          wrong.add(e.getName());
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  @Test
  void apiReferenceCoversEveryRpc() throws IOException {
    FileDescriptorSet set;
    try (InputStream in = Files.newInputStream(DESCRIPTORS)) {
      set = FileDescriptorSet.parseFrom(in);
    }
    String reference = ApiReferenceGenerator.render(set);
    for (FileDescriptorProto file : files) {
      for (ServiceDescriptorProto service : file.getServiceList()) {
        assertThat(reference).contains("### service " + service.getName());
        for (MethodDescriptorProto method : service.getMethodList()) {
          assertThat(reference).contains("#### " + service.getName() + "." + method.getName());
        }
      }
    }
    assertThat(reference).contains("| `ERROR_REASON_UNKNOWN_MARKET` | 2 |");
  }

  // ---- one shape per concept (creatorgov.common.v1.ApiConventions) ----------------------------

  @Test
  void listRpcsPageTheSameWay() {
    assertThat(new ContractShapeRules(files).listShape()).isEmpty();
  }

  @Test
  void updateRpcsIdentifyTheResourceAtTheTopAndRequireANonEmptyMask() {
    assertThat(new ContractShapeRules(files).updateShape()).isEmpty();
  }

  @Test
  void timestampsEndInTime() {
    assertThat(new ContractShapeRules(files).timestampNames()).isEmpty();
  }

  @Test
  void moneyIsAlwaysMoney() {
    assertThat(new ContractShapeRules(files).moneyAsMoney()).isEmpty();
  }

  @Test
  void everyFeedSendsEventsWithTheSharedEnvelopeOrCheckpoints() {
    assertThat(new ContractShapeRules(files).feedShape()).isEmpty();
  }

  @Test
  void sharedConceptsAreDefinedOnlyInCommon() {
    assertThat(new ContractShapeRules(files).sharedConceptsLiveInCommon()).isEmpty();
  }

  @Test
  void resourcesCallTheirNameDisplayName() {
    assertThat(new ContractShapeRules(files).displayNames()).isEmpty();
  }

  @Test
  void standingValuesAreAOneofPerModel() {
    assertThat(new ContractShapeRules(files).standingOneofPerModel()).isEmpty();
  }

  @Test
  void everyServiceRefersToTheSharedConventions() {
    List<String> missing = new ArrayList<>();
    for (FileDescriptorProto file : files) {
      Comments comments = new Comments(file.getSourceCodeInfo());
      for (int s = 0; s < file.getServiceCount(); s++) {
        String text = comments.of(6, s);
        if (!text.contains("creatorgov.common.v1.ApiConventions")
            || !text.contains("creatorgov.common.v1.FeedCheckpoint")) {
          missing.add(file.getService(s).getName());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * The rules above catch drift: a deliberately inconsistent contract (a second policy reference, a
   * timestamp without _time, an int64 amount, a feed without checkpoints, an Update without a
   * required mask, a List without paging, a resource with a `name`, points and score side by side)
   * produces one violation per rule.
   */
  @Test
  void theShapeRulesCatchADeliberatelyInconsistentContract() {
    FileDescriptorProto drifted = DriftedContract.file();
    List<FileDescriptorProto> withDrift = new ArrayList<>(files);
    withDrift.add(drifted);
    ContractShapeRules rules = new ContractShapeRules(withDrift);
    assertThat(rules.sharedConceptsLiveInCommon())
        .anySatisfy(v -> assertThat(v).contains("drift.v1.PolicyReference"))
        .anySatisfy(v -> assertThat(v).contains("drift.v1.Hold: cites a policy version"));
    assertThat(rules.timestampNames())
        .anySatisfy(v -> assertThat(v).contains("drift.v1.Hold.held_until"));
    assertThat(rules.moneyAsMoney())
        .anySatisfy(v -> assertThat(v).contains("drift.v1.Hold.amount_minor"));
    assertThat(rules.feedShape())
        .anySatisfy(v -> assertThat(v).contains("DriftService.StreamHolds"))
        .anySatisfy(v -> assertThat(v).contains("drift.v1.Hold: re-invents the feed envelope"));
    assertThat(rules.updateShape())
        .anySatisfy(v -> assertThat(v).contains("DriftService.UpdateHold"));
    assertThat(rules.listShape()).anySatisfy(v -> assertThat(v).contains("DriftService.ListHolds"));
    assertThat(rules.displayNames()).anySatisfy(v -> assertThat(v).contains("drift.v1.Hold.name"));
    assertThat(rules.standingOneofPerModel())
        .anySatisfy(v -> assertThat(v).contains("drift.v1.Hold"));
  }

  private static void collectEnums(DescriptorProto message, List<EnumDescriptorProto> into) {
    into.addAll(message.getEnumTypeList());
    message.getNestedTypeList().forEach(n -> collectEnums(n, into));
  }

  private static void checkMessage(
      List<String> undocumented, Comments comments, DescriptorProto message, List<Integer> path) {
    if (message.getOptions().getMapEntry()) {
      return;
    }
    check(undocumented, comments, path, message.getName());
    for (int f = 0; f < message.getFieldCount(); f++) {
      check(
          undocumented,
          comments,
          append(path, 2, f),
          message.getName() + "." + message.getField(f).getName());
    }
    for (int n = 0; n < message.getNestedTypeCount(); n++) {
      checkMessage(undocumented, comments, message.getNestedType(n), append(path, 3, n));
    }
    for (int e = 0; e < message.getEnumTypeCount(); e++) {
      checkEnum(undocumented, comments, message.getEnumType(e), append(path, 4, e));
    }
  }

  private static void checkEnum(
      List<String> undocumented, Comments comments, EnumDescriptorProto e, List<Integer> path) {
    check(undocumented, comments, path, e.getName());
    for (int v = 0; v < e.getValueCount(); v++) {
      check(undocumented, comments, append(path, 2, v), e.getValue(v).getName());
    }
  }

  private static void check(
      List<String> undocumented, Comments comments, List<Integer> path, String what) {
    if (comments.of(path).isBlank()) {
      undocumented.add(what);
    }
  }

  private static List<Integer> append(List<Integer> path, int a, int b) {
    List<Integer> copy = new ArrayList<>(path);
    copy.add(a);
    copy.add(b);
    return copy;
  }
}
